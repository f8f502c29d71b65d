/**
 * Faults the emulator can inject, each scoped by an optional route match and
 * limited to the next `count` matching requests or a `fraction` of them.
 */

/** Which requests a fault applies to. */
export interface FaultMatch {
  /** HTTP method, any case. Default: every method. */
  method?: string;
  /**
   * Path below /client/v4. A string matches that path and everything below
   * it, `*` standing for one path segment ("/zones/*\/subscription"); a
   * RegExp is tested against the path. Default: every path.
   */
  path?: string | RegExp;
}

interface FaultScope {
  match?: FaultMatch;
  /** Apply to the next N matching requests, then expire. Default: all. */
  count?: number;
  /** Apply to this share (0..1) of matching requests. Default 1. */
  fraction?: number;
}

/** Delay the answer by `ms` milliseconds. */
export interface LatencyFault extends FaultScope {
  kind: "latency";
  ms: number;
}

/** Answer an HTTP error with an error envelope. */
export interface StatusFault extends FaultScope {
  kind: "status";
  /** Default 503. */
  status?: number;
  /** Adds a Retry-After header in seconds (fractions allowed). */
  retryAfterSeconds?: number;
  /** Adds a Retry-After header as an HTTP date (wins over seconds). */
  retryAfterDate?: Date;
}

/** Destroy the connection without answering. */
export interface ResetFault extends FaultScope {
  kind: "reset";
}

/** Answer 200 with a body that is not JSON. */
export interface MalformedFault extends FaultScope {
  kind: "malformed";
  /** Default: a truncated JSON envelope. */
  body?: string;
}

export type FaultSpec =
  LatencyFault | StatusFault | ResetFault | MalformedFault;

/** A fault in force. `remove()` ends it early. */
export interface InjectedFault {
  readonly spec: FaultSpec;
  /** How many requests it has hit so far. */
  readonly triggered: number;
  /** Whether it still applies to new requests. */
  readonly active: boolean;
  remove(): void;
}

function pathMatcher(
  path: string | RegExp | undefined,
): (p: string) => boolean {
  if (path === undefined) {
    return () => true;
  }
  if (path instanceof RegExp) {
    return (p) => path.test(p);
  }
  const escaped = path
    .replace(/\/+$/, "")
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  const pattern = new RegExp(`^${escaped}(/.*)?$`);
  return (p) => pattern.test(p);
}

class ActiveFault implements InjectedFault {
  triggered = 0;
  active = true;
  private readonly matchesPath: (p: string) => boolean;

  constructor(
    readonly spec: FaultSpec,
    private readonly onRemove: (fault: ActiveFault) => void,
  ) {
    if (
      spec.fraction !== undefined &&
      !(spec.fraction >= 0 && spec.fraction <= 1)
    ) {
      throw new Error(
        `Emulator fault: fraction ${spec.fraction} is outside 0..1; pass a share such as 0.25.`,
      );
    }
    if (
      spec.count !== undefined &&
      !(Number.isInteger(spec.count) && spec.count > 0)
    ) {
      throw new Error(
        `Emulator fault: count ${spec.count} is not a positive integer; pass the number of requests to hit.`,
      );
    }
    this.matchesPath = pathMatcher(spec.match?.path);
  }

  take(method: string, path: string): boolean {
    if (!this.active) {
      return false;
    }
    const wanted = this.spec.match?.method;
    if (wanted && wanted.toUpperCase() !== method.toUpperCase()) {
      return false;
    }
    if (!this.matchesPath(path)) {
      return false;
    }
    if (
      this.spec.fraction !== undefined &&
      Math.random() >= this.spec.fraction
    ) {
      return false;
    }
    this.triggered++;
    if (this.spec.count !== undefined && this.triggered >= this.spec.count) {
      this.remove();
    }
    return true;
  }

  remove(): void {
    if (this.active) {
      this.active = false;
      this.onRemove(this);
    }
  }
}

/** The faults in force, in the order they were injected. */
export class FaultSet {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): InjectedFault {
    const fault = new ActiveFault(spec, (f) => {
      this.faults = this.faults.filter((other) => other !== f);
    });
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    for (const fault of [...this.faults]) {
      fault.remove();
    }
  }

  /**
   * The faults that hit this request: the summed latency and the first
   * fault that changes the answer.
   */
  take(
    method: string,
    path: string,
  ): {
    latencyMs: number;
    outcome?: StatusFault | ResetFault | MalformedFault;
  } {
    let latencyMs = 0;
    let outcome: StatusFault | ResetFault | MalformedFault | undefined;
    for (const fault of [...this.faults]) {
      if (fault.spec.kind === "latency") {
        if (fault.take(method, path)) {
          latencyMs += fault.spec.ms;
        }
      } else if (!outcome && fault.take(method, path)) {
        outcome = fault.spec;
      }
    }
    return { latencyMs, outcome };
  }
}
