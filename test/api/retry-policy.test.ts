import {
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  resolveRetry,
} from "../../src/api/retry";

describe("retry policy", () => {
  test("reads Retry-After as seconds, fractions included", () => {
    expect(parseRetryAfter("120")).toBe(120_000);
    expect(parseRetryAfter("0.25")).toBe(250);
    expect(parseRetryAfter(["3", "9"])).toBe(3_000);
  });

  test("reads Retry-After as an HTTP date relative to now", () => {
    const now = Date.parse("Thu, 03 Dec 2026 16:00:00 GMT");
    expect(parseRetryAfter("Thu, 03 Dec 2026 16:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Thu, 03 Dec 2026 15:59:00 GMT", now)).toBe(0);
  });

  test("ignores a missing or unreadable Retry-After", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("")).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });

  test("doubles the backoff per retry up to the cap, with jitter in the upper half", () => {
    const policy = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1_000 });
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, () => 1)).toBe(1_000);
    expect(backoffDelay(10, policy, () => 0)).toBe(500);
  });

  test("retries 408, 409, 429 and 5xx, and no other status", () => {
    expect([408, 409, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(
      true,
    );
    expect([200, 400, 401, 403, 404, 405].some(isRetryableStatus)).toBe(false);
  });

  test("defaults to 5 attempts within 60 seconds, 0.5 s doubling to 8 s", () => {
    expect(resolveRetry()).toEqual({
      maxAttempts: 5,
      maxElapsedMs: 60_000,
      baseDelayMs: 500,
      maxDelayMs: 8_000,
      retryPostOnNetworkError: false,
    });
  });
});
