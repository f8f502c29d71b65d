import type { Pool } from "undici";
import {
  CloudflareCredentials,
  CredentialScheme,
  credentialHeaders,
  credentialsFromEnvironment,
} from "./credentials";
import {
  CloudflareApiError,
  CloudflareConfigurationError,
  CloudflareErrorDetail,
  CloudflareError,
  CloudflareNetworkError,
  CloudflareRateLimitError,
  CloudflareResponseError,
} from "./errors";
import { apiMessages } from "./messages";
import { RequestBudget, RequestBudgetOptions } from "./request-budget";
import {
  ResolvedRetry,
  RetryOptions,
  backoffDelay,
  isRetryableNetworkCode,
  isRetryableStatus,
  parseRetryAfter,
  resolveRetry,
  wasNeverSent,
} from "./retry";

/** Cloudflare's API root, used when neither option nor variable is set. */
export const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

/** Query values; undefined entries are left out. */
export type QueryValues = Record<string, string | number | boolean | undefined>;

/** Timeouts, in milliseconds. */
export interface TimeoutOptions {
  /**
   * Time to open a connection.
   * @default 10000
   */
  readonly connectMs?: number;
  /**
   * Time from sending the request to receiving the response headers.
   * @default 30000
   */
  readonly headersMs?: number;
  /**
   * Longest pause between two chunks of the response body.
   * @default 30000
   */
  readonly bodyMs?: number;
}

export interface CloudflareClientOptions {
  /**
   * Credentials.
   * @default - read from `env` (CLOUDFLARE_API_TOKEN, else CLOUDFLARE_EMAIL
   *   + CLOUDFLARE_API_KEY, else CLOUDFLARE_API_USER_SERVICE_KEY)
   */
  readonly credentials?: CloudflareCredentials;
  /**
   * The API root, e.g. "http://127.0.0.1:8787/client/v4" for the emulator.
   * @default - CLOUDFLARE_BASE_URL from `env`, else DEFAULT_BASE_URL
   */
  readonly baseUrl?: string;
  /**
   * Where credentials and CLOUDFLARE_BASE_URL are read from.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /** @default - see TimeoutOptions */
  readonly timeouts?: TimeoutOptions;
  /** @default - see RetryOptions */
  readonly retry?: RetryOptions;
  /**
   * The client-side request budget: an instance to share between clients,
   * options for a budget of this client's own, or false for none.
   * @default - 1,200 requests per 300 seconds for this client
   */
  readonly requestBudget?: RequestBudget | RequestBudgetOptions | false;
  /**
   * Keep-alive connections to the API host.
   * @default 8
   */
  readonly connections?: number;
  /**
   * Pages `paginate()` fetches at once after the first.
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * The User-Agent header.
   * @default "cdktf-cloudflare-tenant"
   */
  readonly userAgent?: string;
}

/** Options of one request. */
export interface RequestOptions {
  readonly query?: QueryValues;
  /** A JSON-serializable body. */
  readonly body?: unknown;
}

/** Options of `paginate()`. */
export interface PaginateOptions {
  readonly query?: QueryValues;
  /**
   * Items per page (Cloudflare caps most lists at 50).
   * @default 50
   */
  readonly perPage?: number;
  /**
   * Pages fetched at once after the first.
   * @default - the client's `concurrency`
   */
  readonly concurrency?: number;
  /**
   * Refuse lists with more pages than this.
   * @default 10000
   */
  readonly maxPages?: number;
}

/** A Cloudflare envelope, decoded. */
export interface CloudflareEnvelope<T> {
  success: boolean;
  errors: CloudflareErrorDetail[];
  messages: unknown[];
  result: T;
  result_info?: {
    page?: number;
    per_page?: number;
    count?: number;
    total_count?: number;
    total_pages?: number;
  };
}

/** Counters of a client, for tests and benchmarks. */
export interface CloudflareClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Of those, retries. */
  retries: number;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A Cloudflare API client on undici: one keep-alive connection pool per
 * client, both credential schemes, envelopes decoded into results or typed
 * errors, pagination, timeouts, retries with Retry-After and jittered
 * backoff inside a time and attempt budget, and a request budget that
 * keeps the client under Cloudflare's 1,200 requests per five minutes.
 * Errors never carry a credential.
 */
export class CloudflareClient {
  /** A client configured from the provider's environment variables. */
  static fromEnvironment(
    env: NodeJS.ProcessEnv = process.env,
    options: Omit<CloudflareClientOptions, "env"> = {},
  ): CloudflareClient {
    return new CloudflareClient({ ...options, env });
  }

  /** The API root every path is joined to. */
  readonly baseUrl: string;
  /** Which credential scheme the client sends. */
  readonly scheme: CredentialScheme;
  /** Counters since the client was made. */
  readonly stats: CloudflareClientStats = { requests: 0, retries: 0 };

  readonly #headers: Record<string, string>;
  readonly #secrets: string[];
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #retry: ResolvedRetry;
  readonly #budget?: RequestBudget;
  readonly #concurrency: number;
  readonly #timeouts: Required<TimeoutOptions>;
  #blockedUntil = 0;
  #closed = false;

  constructor(options: CloudflareClientOptions = {}) {
    const env = options.env ?? process.env;
    const auth = credentialHeaders(
      options.credentials ?? credentialsFromEnvironment(env),
    );
    const base = parseBaseUrl(
      options.baseUrl ?? nonEmpty(env.CLOUDFLARE_BASE_URL) ?? DEFAULT_BASE_URL,
    );
    this.baseUrl = `${base.origin}${base.path}`;
    this.scheme = auth.scheme;
    this.#secrets = auth.secrets;
    this.#headers = {
      ...auth.headers,
      accept: "application/json",
      "user-agent": options.userAgent ?? "cdktf-cloudflare-tenant",
    };
    this.#basePath = base.path;
    this.#retry = resolveRetry(options.retry);
    this.#concurrency = positiveInteger(
      "concurrency",
      options.concurrency ?? 4,
    );
    this.#timeouts = {
      connectMs: options.timeouts?.connectMs ?? 10_000,
      headersMs: options.timeouts?.headersMs ?? 30_000,
      bodyMs: options.timeouts?.bodyMs ?? 30_000,
    };
    const budget = options.requestBudget;
    if (budget instanceof RequestBudget) {
      this.#budget = budget;
    } else if (budget !== false) {
      this.#budget = new RequestBudget(budget ?? {});
    }
    // undici is loaded when the first client is made, not with the package:
    // a synth that sends no request saves about 130 ms and 10 MB.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const undici = require("undici") as typeof import("undici");
    this.#pool = new undici.Pool(base.origin, {
      connections: positiveInteger("connections", options.connections ?? 8),
      keepAliveTimeout: 30_000,
      headersTimeout: this.#timeouts.headersMs,
      bodyTimeout: this.#timeouts.bodyMs,
      connect: { timeout: this.#timeouts.connectMs },
    });
  }

  /** The request budget in use, if any (share it with other clients). */
  get requestBudget(): RequestBudget | undefined {
    return this.#budget;
  }

  /**
   * Sends one request and answers the envelope's `result`.
   * @throws CloudflareApiError (and CloudflareRateLimitError),
   *   CloudflareNetworkError, CloudflareResponseError
   */
  async request<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const envelope = await this.requestEnvelope<T>(method, path, options);
    return envelope.result;
  }

  /** Like `request()`, but answers the whole envelope (with result_info). */
  async requestEnvelope<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<CloudflareEnvelope<T>> {
    try {
      return await this.#send<T>(method.toUpperCase(), path, options);
    } catch (error) {
      throw this.#redact(error);
    }
  }

  /**
   * Fetches every page of a list. Page 1 comes first; when it reports
   * `total_pages`, the other pages are fetched at once (at most
   * `concurrency` in flight) and joined in order, so N pages take N
   * requests. Without `total_pages`, pages are fetched one after another
   * until a short or empty page.
   */
  async paginate<T = unknown>(
    path: string,
    options: PaginateOptions = {},
  ): Promise<T[]> {
    const perPage = positiveInteger("perPage", options.perPage ?? 50);
    const concurrency = positiveInteger(
      "concurrency",
      options.concurrency ?? this.#concurrency,
    );
    const maxPages = options.maxPages ?? 10_000;
    const fetchPage = async (page: number) => {
      const envelope = await this.requestEnvelope<T[]>("GET", path, {
        query: { ...options.query, page, per_page: perPage },
      });
      if (!Array.isArray(envelope.result)) {
        throw new CloudflareResponseError(
          apiMessages.notAList("GET", stripQuery(path)),
          "GET",
          stripQuery(path),
          200,
        );
      }
      return envelope;
    };

    const first = await fetchPage(1);
    const info = first.result_info;
    const totalPages =
      typeof info?.total_pages === "number"
        ? info.total_pages
        : typeof info?.total_count === "number"
          ? Math.ceil(info.total_count / (info.per_page ?? perPage))
          : undefined;

    if (totalPages === undefined) {
      // The API may cap per_page below what was asked: a full page is one
      // as long as the per_page it reports.
      const pageSize = Math.min(perPage, info?.per_page ?? perPage);
      const items = [...first.result];
      let last = first.result;
      for (let page = 2; last.length >= pageSize && last.length > 0; page++) {
        if (page > maxPages) {
          throw new CloudflareResponseError(
            apiMessages.tooManyPages(stripQuery(path), page, maxPages),
            "GET",
            stripQuery(path),
            200,
          );
        }
        last = (await fetchPage(page)).result;
        items.push(...last);
      }
      return items;
    }

    if (totalPages > maxPages) {
      throw new CloudflareResponseError(
        apiMessages.tooManyPages(stripQuery(path), totalPages, maxPages),
        "GET",
        stripQuery(path),
        200,
      );
    }
    const pages: T[][] = new Array(Math.max(totalPages, 1));
    pages[0] = first.result;
    let next = 2;
    const worker = async () => {
      while (next <= totalPages) {
        const page = next++;
        pages[page - 1] = (await fetchPage(page)).result;
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(concurrency, Math.max(0, totalPages - 1)) },
        worker,
      ),
    );
    return pages.flat();
  }

  /** Closes the connection pool. Requests after this fail. */
  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    await this.#pool.close();
  }

  async #send<T>(
    method: string,
    path: string,
    options: RequestOptions,
  ): Promise<CloudflareEnvelope<T>> {
    if (this.#closed) {
      throw new CloudflareError(apiMessages.closed());
    }
    const cleanPath = stripQuery(path);
    const fullPath = this.#fullPath(path, options.query);
    const started = Date.now();
    const retry = this.#retry;
    let attempt = 0;

    for (;;) {
      attempt++;
      await this.#waitForTurn(method, cleanPath, attempt, started);
      let answer: RawAnswer;
      try {
        answer = await this.#exchange(method, fullPath, options.body);
      } catch (error) {
        const code = networkCode(error);
        const retryable =
          isRetryableNetworkCode(code) &&
          (method !== "POST" ||
            retry.retryPostOnNetworkError ||
            wasNeverSent(code));
        const wait = backoffDelay(attempt, retry);
        if (
          retryable &&
          attempt < retry.maxAttempts &&
          Date.now() - started + wait <= retry.maxElapsedMs
        ) {
          this.stats.retries++;
          await sleep(wait);
          continue;
        }
        throw new CloudflareNetworkError(
          apiMessages.networkError(method, cleanPath, code, attempt),
          method,
          cleanPath,
          code,
          attempt,
        );
      }

      const retryAfterMs = parseRetryAfter(answer.headers["retry-after"]);
      if (isRetryableStatus(answer.status)) {
        const wait =
          retryAfterMs !== undefined
            ? Math.max(retryAfterMs, 1)
            : backoffDelay(attempt, retry);
        if (answer.status === 429 && retryAfterMs !== undefined) {
          this.#blockedUntil = Math.max(
            this.#blockedUntil,
            Date.now() + retryAfterMs,
          );
        }
        const elapsed = Date.now() - started;
        if (
          attempt < retry.maxAttempts &&
          elapsed + wait <= retry.maxElapsedMs
        ) {
          this.stats.retries++;
          await sleep(wait);
          continue;
        }
        const envelope = tryEnvelope(answer.text);
        const props = {
          status: answer.status,
          method,
          path: cleanPath,
          errors: envelope?.errors ?? [],
          messages: envelope?.messages ?? [],
          attempts: attempt,
          retryAfterMs,
        };
        if (answer.status === 429) {
          throw new CloudflareRateLimitError(
            props,
            apiMessages.rateLimitBudget(
              method,
              cleanPath,
              attempt,
              elapsed,
              retry.maxElapsedMs,
              retryAfterMs,
            ),
          );
        }
        throw new CloudflareApiError(props);
      }
      return decode<T>(answer, method, cleanPath, attempt);
    }
  }

  /** Waits for the request budget and any Retry-After block in force. */
  async #waitForTurn(
    method: string,
    path: string,
    attempt: number,
    started: number,
  ): Promise<void> {
    const blocked = this.#blockedUntil - Date.now();
    if (blocked > 0) {
      const elapsed = Date.now() - started;
      if (elapsed + blocked > this.#retry.maxElapsedMs) {
        throw new CloudflareRateLimitError(
          {
            status: 429,
            method,
            path,
            errors: [],
            attempts: attempt - 1,
            retryAfterMs: blocked,
          },
          apiMessages.rateLimitBudget(
            method,
            path,
            attempt - 1,
            elapsed,
            this.#retry.maxElapsedMs,
            blocked,
          ),
        );
      }
      await sleep(blocked);
    }
    if (this.#budget) {
      await this.#budget.acquire();
    }
  }

  async #exchange(
    method: string,
    fullPath: string,
    body: unknown,
  ): Promise<RawAnswer> {
    this.stats.requests++;
    const headers: Record<string, string> = { ...this.#headers };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers["content-type"] = "application/json";
    }
    const response = await this.#pool.request({
      method: method as "GET",
      path: fullPath,
      headers,
      body: payload,
      headersTimeout: this.#timeouts.headersMs,
      bodyTimeout: this.#timeouts.bodyMs,
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, text };
  }

  #fullPath(path: string, query: QueryValues | undefined): string {
    const [pathname, existing] = path.split("?", 2);
    const params = new URLSearchParams(existing ?? "");
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    const joined = `${this.#basePath}/${pathname.replace(/^\/+/, "")}`;
    return search ? `${joined}?${search}` : joined;
  }

  /** Removes any credential from an error's text, as a last safeguard. */
  #redact(error: unknown): unknown {
    if (!(error instanceof Error)) {
      return error;
    }
    for (const secret of this.#secrets) {
      if (secret.length >= 8 && error.message.includes(secret)) {
        error.message = error.message.split(secret).join("[redacted]");
        if (error.stack) {
          error.stack = error.stack.split(secret).join("[redacted]");
        }
      }
    }
    return error;
  }
}

function decode<T>(
  answer: RawAnswer,
  method: string,
  path: string,
  attempts: number,
): CloudflareEnvelope<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    if (answer.status >= 400) {
      throw new CloudflareApiError({
        status: answer.status,
        method,
        path,
        errors: [],
        attempts,
      });
    }
    throw new CloudflareResponseError(
      apiMessages.malformedBody(
        method,
        path,
        answer.status,
        answer.text.length === 0 ? "empty body" : "not JSON",
      ),
      method,
      path,
      answer.status,
    );
  }
  const envelope = asEnvelope(parsed);
  if (answer.status >= 400 || (envelope && envelope.success === false)) {
    throw new CloudflareApiError({
      status: answer.status,
      method,
      path,
      errors: envelope?.errors ?? [],
      messages: envelope?.messages ?? [],
      attempts,
    });
  }
  if (!envelope) {
    throw new CloudflareResponseError(
      apiMessages.malformedBody(
        method,
        path,
        answer.status,
        "JSON without success, errors and result",
      ),
      method,
      path,
      answer.status,
    );
  }
  return envelope as CloudflareEnvelope<T>;
}

function asEnvelope(value: unknown): CloudflareEnvelope<unknown> | undefined {
  if (
    value === null ||
    typeof value !== "object" ||
    Array.isArray(value) ||
    typeof (value as { success?: unknown }).success !== "boolean"
  ) {
    return undefined;
  }
  const envelope = value as CloudflareEnvelope<unknown>;
  return {
    ...envelope,
    errors: Array.isArray(envelope.errors)
      ? envelope.errors.filter(
          (e): e is CloudflareErrorDetail =>
            e !== null && typeof e === "object",
        )
      : [],
    messages: Array.isArray(envelope.messages) ? envelope.messages : [],
  };
}

function tryEnvelope(text: string): CloudflareEnvelope<unknown> | undefined {
  try {
    return asEnvelope(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function networkCode(error: unknown): string {
  if (error && typeof error === "object") {
    const { code, cause } = error as { code?: unknown; cause?: unknown };
    if (typeof code === "string") {
      return code;
    }
    if (cause && typeof cause === "object") {
      const inner = (cause as { code?: unknown }).code;
      if (typeof inner === "string") {
        return inner;
      }
    }
  }
  return "UNKNOWN";
}

function stripQuery(path: string): string {
  const bare = path.split("?", 1)[0];
  return bare.startsWith("/") ? bare : `/${bare}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function positiveInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new CloudflareConfigurationError(
      apiMessages.badOption(name, value, "a positive integer"),
    );
  }
  return value;
}

function parseBaseUrl(value: string): { origin: string; path: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CloudflareConfigurationError(
      apiMessages.badBaseUrl("it is not a URL"),
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new CloudflareConfigurationError(
      apiMessages.badBaseUrl(`the scheme ${url.protocol} is not http or https`),
    );
  }
  if (url.username || url.password) {
    throw new CloudflareConfigurationError(
      apiMessages.badBaseUrl(
        "it holds a user name or password; credentials belong in CLOUDFLARE_API_TOKEN or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY",
      ),
    );
  }
  if (url.search || url.hash) {
    throw new CloudflareConfigurationError(
      apiMessages.badBaseUrl("it has a query string or fragment"),
    );
  }
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, "") };
}
