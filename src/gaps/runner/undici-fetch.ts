/**
 * What the runner bundle loads in place of the `undici` package: the one
 * piece of undici's API that the library's client uses (`Pool` with
 * `request` and `close`), on Node's global fetch. With it, the bundle runs
 * the client's own code for credentials, envelopes, pagination, retries,
 * Retry-After and the request budget, and needs nothing but `node`.
 *
 * Errors keep undici's codes (fetch's errors carry them in `cause`), and
 * the two timeouts raise UND_ERR_HEADERS_TIMEOUT and UND_ERR_BODY_TIMEOUT
 * as undici does, so the client's retry rules read them the same way.
 */

/** The options of undici's Pool that the client passes. */
export interface PoolOptions {
  readonly headersTimeout?: number;
  readonly bodyTimeout?: number;
  readonly connect?: { readonly timeout?: number };
  readonly [other: string]: unknown;
}

/** The options of one request that the client passes. */
export interface PoolRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly headersTimeout?: number;
  readonly bodyTimeout?: number;
}

/** What the client reads from an answer. */
export interface PoolAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: { text(): Promise<string> };
}

class TimeoutError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A stand-in for undici's Pool on Node's fetch. */
export class Pool {
  private readonly origin: string;
  private readonly options: PoolOptions;
  private closed = false;

  constructor(origin: string, options: PoolOptions = {}) {
    this.origin = origin.replace(/\/+$/, "");
    this.options = options;
  }

  async request(request: PoolRequest): Promise<PoolAnswer> {
    if (this.closed) throw new Error("the connection pool is closed");
    const headersMs =
      request.headersTimeout ?? this.options.headersTimeout ?? 30_000;
    const bodyMs = request.bodyTimeout ?? this.options.bodyTimeout ?? 30_000;
    const controller = new AbortController();
    let timeout: TimeoutError | undefined;
    const arm = (ms: number, code: string) =>
      setTimeout(() => {
        timeout = new TimeoutError(code, `${code} after ${ms} ms`);
        controller.abort();
      }, ms);

    let timer = arm(headersMs, "UND_ERR_HEADERS_TIMEOUT");
    let response: Response;
    try {
      response = await fetch(`${this.origin}${request.path}`, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
        redirect: "manual",
      });
    } catch (error) {
      throw timeout ?? error;
    } finally {
      clearTimeout(timer);
    }

    const headers: Record<string, string | string[]> = {};
    response.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    return {
      statusCode: response.status,
      headers,
      body: {
        text: async () => {
          timer = arm(bodyMs, "UND_ERR_BODY_TIMEOUT");
          try {
            return await response.text();
          } catch (error) {
            throw timeout ?? error;
          } finally {
            clearTimeout(timer);
          }
        },
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
