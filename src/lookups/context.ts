import { Annotations } from "cdktf";
import { IConstruct } from "constructs";
import { LookupCache, LookupValue, defaultCacheFile } from "./cache";
import { lookupErrors } from "./errors";
import { LookupKind, lookupKey } from "./keys";

/**
 * What one build of an app knows about lookups: the cache it reads, and the
 * keys its constructs asked for that the cache does not hold yet.
 */
export class LookupContext {
  /** Keys asked for and not in the cache, with the paths that asked. */
  public readonly missing = new Map<string, Set<string>>();
  /** Every key asked for, with the paths that asked. */
  public readonly used = new Map<string, Set<string>>();

  constructor(public readonly cache: LookupCache) {}

  /**
   * The cached value of a query, or `undefined` while it is missing. A
   * missing key is recorded, and the asking construct gets an error
   * annotation so that a synth that skips the lookup step cannot go through
   * with a placeholder.
   */
  public lookup(
    scope: IConstruct,
    kind: LookupKind,
    params: Record<string, string | undefined>,
  ): LookupValue | undefined {
    const key = lookupKey(kind, params);
    const path = scope.node.path || "<app>";
    record(this.used, key, path);
    if (this.cache.has(key)) {
      return this.cache.get(key);
    }
    const firstAsk =
      !this.missing.has(key) || !this.missing.get(key)?.has(path);
    record(this.missing, key, path);
    if (firstAsk) {
      Annotations.of(scope).addError(lookupErrors.missingAnnotation(key));
    }
    return undefined;
  }
}

function record(map: Map<string, Set<string>>, key: string, path: string) {
  let paths = map.get(key);
  if (!paths) {
    paths = new Set();
    map.set(key, paths);
  }
  paths.add(path);
}

/** Options of `bindLookups`. */
export interface BindLookupsOptions {
  /**
   * The cache file to read.
   * @default - `CDKTF_TENANT_LOOKUPS_FILE`, else cdktf-tenant.lookups.json
   *   beside the nearest cdktf.json from the working folder up
   */
  readonly cacheFile?: string;
  /**
   * Values to use instead of a file (for unit tests of a stack); the file is
   * then neither read nor written.
   * @default - read `cacheFile`
   */
  readonly values?: Record<string, LookupValue>;
}

const bound = new WeakMap<IConstruct, LookupContext>();
let building: LookupContext | undefined;

/**
 * Makes the constructs under `app` answer lookups from a given cache. Call
 * it right after `new App()`, before any stack. Without it (and outside
 * `synthWithLookups`), lookups read the default cache file.
 */
export function bindLookups(
  app: IConstruct,
  options: BindLookupsOptions = {},
): LookupContext {
  const cache = options.values
    ? new LookupCache(options.cacheFile ?? defaultCacheFile(), options.values)
    : LookupCache.load(options.cacheFile ?? defaultCacheFile());
  const context = new LookupContext(cache);
  bound.set(app.node.root, context);
  return context;
}

/**
 * Runs `build` with `context` as the lookup context of every app it
 * creates. Used by the lookup driver.
 */
export function buildWithContext<T>(context: LookupContext, build: () => T): T {
  const before = building;
  building = context;
  try {
    return build();
  } finally {
    building = before;
  }
}

/** The lookup context an app is bound to, if any. */
export function boundLookupContext(app: IConstruct): LookupContext | undefined {
  return bound.get(app.node.root);
}

/** The lookup context of the app that holds `scope`. */
export function lookupContextOf(scope: IConstruct): LookupContext {
  const root = scope.node.root;
  let context = bound.get(root);
  if (!context) {
    context =
      building ?? new LookupContext(LookupCache.load(defaultCacheFile()));
    bound.set(root, context);
  }
  return context;
}
