/** How the client retries. Every field has a default. */
export interface RetryOptions {
  /**
   * Attempts per call, the first included.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * Time budget per call across all attempts and waits, in milliseconds.
   * A wait that would end past it is not started: the call fails at once.
   * @default 60000
   */
  readonly maxElapsedMs?: number;
  /**
   * First backoff delay; doubles per attempt, with jitter.
   * @default 500
   */
  readonly baseDelayMs?: number;
  /**
   * Largest backoff delay (Retry-After may ask for more, within the budget).
   * @default 8000
   */
  readonly maxDelayMs?: number;
  /**
   * Whether a POST is retried after a connection error that may have
   * reached the server (a reset, a timeout). Refused connections are
   * always retried.
   * @default false (a POST that may have been applied is not repeated)
   */
  readonly retryPostOnNetworkError?: boolean;
}

export interface ResolvedRetry {
  maxAttempts: number;
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  retryPostOnNetworkError: boolean;
}

/** HTTP statuses worth another attempt: 408, 409, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Connection errors worth another attempt. */
const RETRYABLE_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNABORTED",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** Errors after which the request cannot have reached the server. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export function isRetryableNetworkCode(code: string): boolean {
  return RETRYABLE_CODES.has(code);
}

export function wasNeverSent(code: string): boolean {
  return NOT_SENT_CODES.has(code);
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date. Undefined
 * when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now = Date.now(),
): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === "") {
    return undefined;
  }
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    return Math.round(Number(text) * 1000);
  }
  const date = Date.parse(text);
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with "equal jitter": half the capped delay plus a
 * random share of the other half. `retry` counts from 1.
 */
export function backoffDelay(
  retry: number,
  options: ResolvedRetry,
  random: () => number = Math.random,
): number {
  const capped = Math.min(
    options.maxDelayMs,
    options.baseDelayMs * 2 ** Math.max(0, retry - 1),
  );
  return Math.round(capped / 2 + random() * (capped / 2));
}

export function resolveRetry(options: RetryOptions = {}): ResolvedRetry {
  return {
    maxAttempts: options.maxAttempts ?? 5,
    maxElapsedMs: options.maxElapsedMs ?? 60_000,
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 8_000,
    retryPostOnNetworkError: options.retryPostOnNetworkError ?? false,
  };
}
