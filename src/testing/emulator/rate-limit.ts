/**
 * Cloudflare's user rate limit: at most `requests` per `windowSeconds`; past
 * that every request answers 429 for `blockSeconds` (Cloudflare: 1,200 per
 * five minutes, then five minutes of 429s).
 */
export interface RateLimitOptions {
  requests: number;
  windowSeconds: number;
  /** How long a caller stays blocked. Default: windowSeconds. */
  blockSeconds?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds to wait, when not allowed (at least 1). */
  retryAfterSeconds: number;
  remaining: number;
}

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(readonly options: RateLimitOptions) {
    if (!(options.requests > 0) || !(options.windowSeconds > 0)) {
      throw new Error(
        `Emulator rateLimit: requests (${options.requests}) and windowSeconds (${options.windowSeconds}) must be positive; pass for example {requests: 1200, windowSeconds: 300}.`,
      );
    }
  }

  /** Counts one request of `caller` and says whether it may pass. */
  check(caller: string, at = Date.now()): RateLimitDecision {
    const blocked = this.blockedUntil.get(caller);
    if (blocked !== undefined) {
      if (at < blocked) {
        return {
          allowed: false,
          retryAfterSeconds: Math.max(1, Math.ceil((blocked - at) / 1000)),
          remaining: 0,
        };
      }
      this.blockedUntil.delete(caller);
      this.hits.delete(caller);
    }
    const windowMs = this.options.windowSeconds * 1000;
    const hits = (this.hits.get(caller) ?? []).filter((t) => t > at - windowMs);
    if (hits.length >= this.options.requests) {
      const blockMs =
        (this.options.blockSeconds ?? this.options.windowSeconds) * 1000;
      this.blockedUntil.set(caller, at + blockMs);
      this.hits.set(caller, hits);
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil(blockMs / 1000)),
        remaining: 0,
      };
    }
    hits.push(at);
    this.hits.set(caller, hits);
    return {
      allowed: true,
      retryAfterSeconds: 0,
      remaining: this.options.requests - hits.length,
    };
  }

  reset(): void {
    this.hits.clear();
    this.blockedUntil.clear();
  }
}
