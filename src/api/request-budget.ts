/** Options of a {@link RequestBudget}. */
export interface RequestBudgetOptions {
  /**
   * Requests allowed per window.
   * @default 1200 (Cloudflare's per-user limit)
   */
  readonly requests?: number;
  /**
   * The window, in seconds.
   * @default 300 (five minutes)
   */
  readonly windowSeconds?: number;
  /**
   * Extra time a slot stays used beyond the window, in milliseconds, so
   * that network jitter cannot bunch more than `requests` into the
   * server's window.
   * @default 1000
   */
  readonly marginMs?: number;
}

/**
 * A sliding-window request budget: `acquire()` resolves when one more
 * request fits in the window, in call order. Share one instance between
 * clients that use the same credentials to keep them under Cloudflare's
 * limit together (past it, Cloudflare answers 429 for five minutes).
 */
export class RequestBudget {
  readonly requests: number;
  /** The window plus the margin, in milliseconds. */
  readonly windowMs: number;
  private readonly sent: number[] = [];
  private head = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: RequestBudgetOptions = {}) {
    this.requests = options.requests ?? 1200;
    this.windowMs =
      (options.windowSeconds ?? 300) * 1000 + (options.marginMs ?? 1000);
    if (!(Number.isInteger(this.requests) && this.requests > 0)) {
      throw new RangeError(
        `RequestBudget requests is ${options.requests}; expected a positive integer such as 1200.`,
      );
    }
    if (!((options.windowSeconds ?? 300) > 0 && (options.marginMs ?? 0) >= 0)) {
      throw new RangeError(
        `RequestBudget windowSeconds is ${options.windowSeconds} and marginMs ${options.marginMs}; expected a positive window such as 300 and a margin of 0 or more.`,
      );
    }
  }

  /** Requests counted in the current window. */
  get inWindow(): number {
    this.prune(Date.now());
    return this.sent.length - this.head;
  }

  /** Waits until one more request fits, then counts it. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn;
    return turn;
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.prune(now);
      if (this.sent.length - this.head < this.requests) {
        this.sent.push(now);
        return;
      }
      const oldest = this.sent[this.head];
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(1, oldest + this.windowMs - now)),
      );
    }
  }

  private prune(now: number): void {
    while (
      this.head < this.sent.length &&
      this.sent[this.head] <= now - this.windowMs
    ) {
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.sent.length) {
      this.sent.splice(0, this.head);
      this.head = 0;
    }
  }
}
