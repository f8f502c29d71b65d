/**
 * The part of the API client the runner's operations use, so that they can
 * run on the library's client in the bundle and in tests alike.
 */

/** An HTTP method the runner sends. */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What the runner's operations need from an API client. */
export interface GapApi {
  /** Sends one request and answers the envelope's `result`. */
  request<T>(
    method: Method,
    path: string,
    options?: {
      readonly query?: Record<string, string | number>;
      readonly body?: unknown;
    },
  ): Promise<T>;
}

/** Where an operation reports what it did (one line each). */
export type Report = (line: string) => void;

/**
 * Whether an error is an API answer with the given HTTP status (and, when
 * given, one of the Cloudflare error codes).
 */
export function isApiError(
  error: unknown,
  status: number,
  codes?: readonly number[],
): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { status?: unknown; codes?: unknown };
  if (e.status !== status) return false;
  if (codes === undefined) return true;
  const got = Array.isArray(e.codes) ? (e.codes as unknown[]) : [];
  return got.some((c) => codes.includes(Number(c)));
}

/** What `request` answers, or null when the API answers 404. */
export async function unlessNotFound<T>(
  request: () => Promise<T>,
): Promise<T | null> {
  try {
    return await request();
  } catch (error) {
    if (isApiError(error, 404)) return null;
    throw error;
  }
}

/** The path of a URL segment, escaped. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
