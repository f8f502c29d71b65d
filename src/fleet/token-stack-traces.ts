/**
 * Building many constructs without cdktf's per-token stack traces.
 *
 * cdktf captures the full call stack of every token it creates (the
 * provider bindings make about 16 per customer) and keeps it as strings,
 * only to print it if that token later fails to resolve. At thousands of
 * customers those strings are most of the construct tree's memory, the
 * captures a quarter of the CPU time, and under ts-node or jest, which map
 * every frame through source maps, most of the build time.
 */

type Capture = (target: object, constructorOpt?: unknown) => void;

/**
 * Runs `build` while `Error.captureStackTrace` records nothing for the
 * unlimited-depth captures that cdktf and constructs make for tokens and
 * metadata (`Error.stackTraceLimit` set to `Number.MAX_SAFE_INTEGER`), and
 * restores it afterwards, also when `build` throws. Other captures, and
 * the stacks of errors, are unchanged. What is lost: cdktf's "created at"
 * trace of tokens made meanwhile, and the traces of annotations added
 * meanwhile.
 *
 * CustomerFleet does this by default; use it for a large stack of
 * ManagedCustomers built by hand:
 *
 * ```ts
 * withoutTokenStackTraces(() => {
 *   for (const c of customers) new ManagedCustomer(stack, c.key, c);
 * });
 * ```
 */
export function withoutTokenStackTraces<T>(build: () => T): T {
  const errorClass = Error as unknown as { captureStackTrace: Capture };
  const original = errorClass.captureStackTrace;
  errorClass.captureStackTrace = function (target, constructorOpt) {
    if (Error.stackTraceLimit === Number.MAX_SAFE_INTEGER) {
      (target as { stack?: string }).stack = "";
      return;
    }
    original.call(Error, target, constructorOpt);
  };
  try {
    return build();
  } finally {
    errorClass.captureStackTrace = original;
  }
}
