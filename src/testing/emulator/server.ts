import { createHash } from "node:crypto";
import {
  IncomingMessage,
  Server,
  ServerResponse,
  createServer,
} from "node:http";
import { AddressInfo } from "node:net";
import { EmulatorApiError, EnvelopeError, errors } from "./errors";
import { FaultSet, FaultSpec, InjectedFault } from "./faults";
import { RateLimitOptions, RateLimiter } from "./rate-limit";
import { Caller, ResultInfo, route } from "./routes";
import { EmulatorSeed, loadSeed } from "./seed";
import { EmulatorState, buildState, sha256 } from "./state";

/** The token every emulator accepts unless told otherwise. */
export const DEFAULT_EMULATOR_TOKEN =
  "test-token-0123456789abcdef0123456789abcdef";
/** The e-mail of the default X-Auth-Email / X-Auth-Key pair. */
export const DEFAULT_EMULATOR_EMAIL = "admin@example.com";
/** The default global API key: 37 hex characters, like Cloudflare's. */
export const DEFAULT_EMULATOR_API_KEY = "0123456789abcdef0123456789abcdef01234";

/** Credentials the emulator accepts. */
export interface EmulatorCredentials {
  /** Accepted `Authorization: Bearer` tokens. */
  tokens?: string[];
  /** Accepted X-Auth-Email + X-Auth-Key pairs. */
  apiKeys?: Array<{ email: string; key: string }>;
  /** Accepted X-Auth-User-Service-Key values. */
  userServiceKeys?: string[];
}

export interface TenantApiEmulatorOptions {
  /** TCP port on 127.0.0.1. Default 0 (any free port). */
  port?: number;
  /** A seed object or a path to a JSON seed file. Default: DEFAULT_SEED. */
  seed?: EmulatorSeed | string;
  /**
   * Credentials to accept. Default: the token DEFAULT_EMULATOR_TOKEN and
   * the pair DEFAULT_EMULATOR_EMAIL + DEFAULT_EMULATOR_API_KEY.
   */
  credentials?: EmulatorCredentials;
  /** Per-caller rate limit. Default: none. */
  rateLimit?: RateLimitOptions;
  /** Faults in force from the first request. Default: none. */
  faults?: FaultSpec[];
  /** How many request log entries to keep. Default 100000. */
  requestLogLimit?: number;
  /**
   * "full" answers result_info with total_count and total_pages; "page-only"
   * leaves both out, as some Cloudflare lists do. Default "full".
   */
  paginationInfo?: "full" | "page-only";
}

/** One request as the emulator saw it. No header values are kept. */
export interface RequestLogEntry {
  method: string;
  /** Path below /client/v4. */
  path: string;
  query: Record<string, string>;
  status: number;
  auth: Caller["scheme"] | "none";
  fault?: FaultSpec["kind"];
  durationMs: number;
}

/** The request counter and log. */
export interface RequestLog {
  /** Requests received since start or the last reset. */
  readonly count: number;
  readonly entries: readonly RequestLogEntry[];
  /** Entries matching a method and a path (string equality or RegExp). */
  filter(method?: string, path?: string | RegExp): RequestLogEntry[];
}

const API_PREFIX = "/client/v4";
const MAX_BODY_BYTES = 1024 * 1024;

class Log implements RequestLog {
  count = 0;
  entries: RequestLogEntry[] = [];

  constructor(private readonly limit: number) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) {
      this.entries.splice(0, this.entries.length - this.limit);
    }
  }

  filter(method?: string, path?: string | RegExp): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (!method || e.method === method.toUpperCase()) &&
        (path === undefined ||
          (path instanceof RegExp ? path.test(e.path) : e.path === path)),
    );
  }

  clear(): void {
    this.count = 0;
    this.entries = [];
  }
}

/**
 * A local stand-in for Cloudflare's Tenant API: a real HTTP server on
 * 127.0.0.1 answering the Tenant subset with Cloudflare's envelope,
 * pagination, credential checks, entitlement errors, a rate limit and
 * injected faults. State lives in memory and is visible through `state`.
 */
export class TenantApiEmulator {
  /** Starts an emulator and resolves once it listens. */
  static async start(
    options: TenantApiEmulatorOptions = {},
  ): Promise<TenantApiEmulator> {
    const emulator = new TenantApiEmulator(options);
    await emulator.listen(options.port ?? 0);
    return emulator;
  }

  private mutableState: EmulatorState;
  private readonly seed: EmulatorSeed;
  private readonly server: Server;
  private readonly faultSet = new FaultSet();
  private readonly limiter?: RateLimiter;
  private readonly log: Log;
  private readonly tokens: Set<string>;
  private readonly apiKeys: Map<string, string>;
  private readonly serviceKeys: Set<string>;
  private port = 0;
  private readonly pageOnly: boolean;

  private constructor(options: TenantApiEmulatorOptions) {
    this.seed = loadSeed(options.seed);
    this.mutableState = buildState(this.seed);
    this.log = new Log(options.requestLogLimit ?? 100000);
    this.pageOnly = options.paginationInfo === "page-only";
    const credentials = options.credentials ?? {
      tokens: [DEFAULT_EMULATOR_TOKEN],
      apiKeys: [
        { email: DEFAULT_EMULATOR_EMAIL, key: DEFAULT_EMULATOR_API_KEY },
      ],
    };
    this.tokens = new Set((credentials.tokens ?? []).map(sha256));
    this.apiKeys = new Map(
      (credentials.apiKeys ?? []).map((pair) => [
        pair.email.toLowerCase(),
        sha256(pair.key),
      ]),
    );
    this.serviceKeys = new Set((credentials.userServiceKeys ?? []).map(sha256));
    if (options.rateLimit) {
      this.limiter = new RateLimiter(options.rateLimit);
    }
    for (const fault of options.faults ?? []) {
      this.faultSet.add(fault);
    }
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) {
          this.send(
            res,
            errors.internal().status,
            this.errorEnvelope(errors.internal().errors),
          );
        } else {
          res.destroy();
        }
      });
    });
    this.server.keepAliveTimeout = 5000;
  }

  /** "http://127.0.0.1:PORT/client/v4". */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}${API_PREFIX}`;
  }

  /** The TCP port the emulator listens on. */
  get listeningPort(): number {
    return this.port;
  }

  /** The live state (plain objects keyed by id). Read, do not write. */
  get state(): Readonly<EmulatorState> {
    return this.mutableState;
  }

  /** Requests received: count and log, without credentials. */
  get requests(): RequestLog {
    return this.log;
  }

  /** Adds a fault; it applies until it expires or `remove()` is called. */
  injectFault(spec: FaultSpec): InjectedFault {
    return this.faultSet.add(spec);
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    this.faultSet.clear();
  }

  /**
   * Back to the seed: state rebuilt, faults (including those given at
   * start) removed, rate limit windows and the request log cleared.
   */
  reset(): void {
    this.mutableState = buildState(this.seed);
    this.faultSet.clear();
    this.limiter?.reset();
    this.log.clear();
  }

  /** Stops listening and closes every open connection. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.server.off("error", reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    let path = url.pathname.replace(/\/{2,}/g, "/");
    if (path.length > 1) {
      path = path.replace(/\/$/, "");
    }
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
      path = path.slice(API_PREFIX.length) || "/";
    } else {
      path = `!${path}`;
    }
    this.log.count++;
    const entry: RequestLogEntry = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      auth: "none",
      durationMs: 0,
    };
    this.log.add(entry);
    const finish = (status: number) => {
      entry.status = status;
      entry.durationMs = Date.now() - started;
    };

    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (error instanceof EmulatorApiError) {
        finish(error.status);
        this.send(res, error.status, this.errorEnvelope(error.errors), {
          connection: "close",
        });
      } else {
        res.destroy();
      }
      return;
    }

    const { latencyMs, outcome } = this.faultSet.take(method, path);
    if (latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, latencyMs).unref());
    }
    if (outcome) {
      entry.fault = outcome.kind;
      if (outcome.kind === "reset") {
        finish(0);
        req.socket.destroy();
        return;
      }
      if (outcome.kind === "malformed") {
        finish(200);
        const body =
          outcome.body ??
          '{"success":true,"errors":[],"messages":[],"result":[{"id":';
        res.writeHead(200, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        });
        res.end(body);
        return;
      }
      const retryAfter = outcome.retryAfterDate
        ? outcome.retryAfterDate.toUTCString()
        : outcome.retryAfterSeconds === undefined
          ? undefined
          : String(outcome.retryAfterSeconds);
      const fault = errors.injected(outcome.status ?? 503, retryAfter);
      finish(fault.status);
      this.send(
        res,
        fault.status,
        this.errorEnvelope(fault.errors),
        fault.headers,
      );
      return;
    }

    try {
      if (path.startsWith("!")) {
        throw errors.noRoute(path.slice(1));
      }
      const caller = this.authenticate(req);
      entry.auth = caller.scheme;
      const limitHeaders: Record<string, string> = {};
      if (this.limiter) {
        const decision = this.limiter.check(caller.id);
        const { requests, windowSeconds } = this.limiter.options;
        limitHeaders["ratelimit-policy"] =
          `"default";q=${requests};w=${windowSeconds}`;
        limitHeaders["ratelimit"] =
          `"default";r=${decision.remaining};t=${decision.retryAfterSeconds}`;
        if (!decision.allowed) {
          const limited = errors.rateLimited(decision.retryAfterSeconds);
          throw new EmulatorApiError(limited.status, limited.errors, {
            ...limitHeaders,
            ...limited.headers,
          });
        }
      }
      const { handler, params } = route(method, path);
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          throw errors.malformedJson();
        }
      }
      const answer = handler({
        method,
        path,
        params,
        query: url.searchParams,
        body,
        caller,
        state: this.mutableState,
      });
      const status = answer.status ?? 200;
      let resultInfo = answer.resultInfo;
      if (resultInfo && this.pageOnly) {
        resultInfo = { ...resultInfo };
        delete (resultInfo as Partial<ResultInfo>).total_count;
        delete (resultInfo as Partial<ResultInfo>).total_pages;
      }
      finish(status);
      this.send(
        res,
        status,
        envelope(true, [], answer.result, resultInfo),
        limitHeaders,
      );
    } catch (error) {
      const failure =
        error instanceof EmulatorApiError ? error : errors.internal();
      finish(failure.status);
      this.send(
        res,
        failure.status,
        this.errorEnvelope(failure.errors),
        failure.headers,
      );
    }
  }

  private authenticate(req: IncomingMessage): Caller {
    const authorization = header(req, "authorization");
    const email = header(req, "x-auth-email");
    const key = header(req, "x-auth-key");
    const serviceKey = header(req, "x-auth-user-service-key");
    if (authorization !== undefined) {
      const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(authorization.trim());
      if (!match) {
        throw errors.malformedAuthorization();
      }
      const hash = sha256(match[1]);
      if (!this.tokens.has(hash)) {
        throw errors.tokenUnknown();
      }
      return { id: `token:${hash.slice(0, 16)}`, scheme: "token" };
    }
    if (key !== undefined || email !== undefined) {
      if (key === undefined || !/^[0-9a-f]{37}$/i.test(key.trim())) {
        throw errors.malformedAuthKey();
      }
      if (email === undefined || !/^[^@\s]+@[^@\s]+$/.test(email.trim())) {
        throw errors.malformedAuthEmail();
      }
      const hash = sha256(key.trim());
      const lowerEmail = email.trim().toLowerCase();
      const known =
        this.apiKeys.get(lowerEmail) === hash ||
        Object.values(this.mutableState.users).some(
          (u) =>
            u.email.toLowerCase() === lowerEmail && u.apiKeySha256 === hash,
        );
      if (!known) {
        throw errors.keyUnknown();
      }
      return {
        id: `key:${createHash("sha256").update(lowerEmail).digest("hex").slice(0, 16)}`,
        scheme: "key",
      };
    }
    if (serviceKey !== undefined) {
      const hash = sha256(serviceKey.trim());
      if (!this.serviceKeys.has(hash)) {
        throw errors.serviceKeyUnknown();
      }
      return { id: `service:${hash.slice(0, 16)}`, scheme: "service-key" };
    }
    throw errors.authenticationMissing();
  }

  private errorEnvelope(list: EnvelopeError[]) {
    return envelope(false, list, null);
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }
}

function envelope(
  success: boolean,
  errorList: EnvelopeError[],
  result: unknown,
  resultInfo?: ResultInfo,
) {
  return {
    success,
    errors: errorList,
    messages: [],
    result,
    ...(resultInfo ? { result_info: resultInfo } : {}),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        reject(errors.bodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
