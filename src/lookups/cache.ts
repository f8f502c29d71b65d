import * as fs from "fs";
import * as path from "path";
import { LookupCacheError, lookupErrors } from "./errors";
import { LookupKeyError, parseLookupKey } from "./keys";

/** The format version this library writes and the newest it reads. */
export const LOOKUP_CACHE_FORMAT_VERSION = 1;

/** The cache file's name, beside cdktf.json. */
export const LOOKUP_CACHE_FILE_NAME = "cdktf-tenant.lookups.json";

/** A JSON value as stored in the cache. */
export type LookupValue =
  | string
  | number
  | boolean
  | null
  | LookupValue[]
  | { [key: string]: LookupValue };

/**
 * Where the cache file is: `CDKTF_TENANT_LOOKUPS_FILE` if set, else
 * `cdktf-tenant.lookups.json` in the nearest folder, from `cwd` upwards,
 * that holds a cdktf.json, else in `cwd`.
 */
export function defaultCacheFile(
  cwd: string = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): string {
  const fromEnv = env.CDKTF_TENANT_LOOKUPS_FILE;
  if (fromEnv) {
    return path.resolve(cwd, fromEnv);
  }
  let dir = path.resolve(cwd);
  for (;;) {
    if (fs.existsSync(path.join(dir, "cdktf.json"))) {
      return path.join(dir, LOOKUP_CACHE_FILE_NAME);
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return path.join(path.resolve(cwd), LOOKUP_CACHE_FILE_NAME);
    }
    dir = parent;
  }
}

/** JSON with every object's keys sorted, two-space indent, final newline. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/**
 * Writes a file so that a reader sees the old content or the new, never a
 * part: the text goes to a temporary file in the same folder, is flushed to
 * disk, and then renamed over the target.
 */
export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  const tmp = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`,
  );
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, "wx", 0o644);
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (error) {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  removeOrphans(dir, path.basename(file));
  try {
    const dirFd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Some file systems refuse fsync on a folder; the rename stands anyway.
  }
}

/**
 * Removes temporary files of `base` left by writers that were killed
 * between creating and renaming them (their process no longer runs).
 */
function removeOrphans(dir: string, base: string): void {
  const prefix = `.${base}.`;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) {
      continue;
    }
    const pid = Number(name.slice(prefix.length).split(".")[0]);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) {
      continue;
    }
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The committed cache of lookup values: a JSON file
 * `{"formatVersion": 1, "lookups": {"<key>": <value>, ...}}` with keys
 * sorted and pretty-printed so that a refresh reads as a clean diff.
 * It holds answers only, never a credential and never a failure.
 */
export class LookupCache {
  /** Reads the cache file; a missing file is an empty cache. */
  public static load(file: string): LookupCache {
    const resolved = path.resolve(file);
    let text: string;
    try {
      text = fs.readFileSync(resolved, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return new LookupCache(resolved, {});
      }
      throw error;
    }
    return new LookupCache(resolved, LookupCache.parse(resolved, text));
  }

  /** Checks the text of a cache file and returns its values. */
  public static parse(file: string, text: string): Record<string, LookupValue> {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new LookupCacheError(
        lookupErrors.cacheNotJson(file, (error as Error).message),
        file,
      );
    }
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      throw new LookupCacheError(
        lookupErrors.cacheBadShape(file, "the top level is not an object"),
        file,
      );
    }
    const record = data as Record<string, unknown>;
    const version = record.formatVersion;
    if (typeof version !== "number" || !Number.isInteger(version)) {
      throw new LookupCacheError(
        lookupErrors.cacheBadShape(file, "formatVersion is not an integer"),
        file,
      );
    }
    if (version > LOOKUP_CACHE_FORMAT_VERSION) {
      throw new LookupCacheError(
        lookupErrors.cacheTooNew(file, version, LOOKUP_CACHE_FORMAT_VERSION),
        file,
      );
    }
    const lookups = record.lookups ?? {};
    if (
      lookups === null ||
      typeof lookups !== "object" ||
      Array.isArray(lookups)
    ) {
      throw new LookupCacheError(
        lookupErrors.cacheBadShape(file, '"lookups" is not an object'),
        file,
      );
    }
    for (const key of Object.keys(lookups)) {
      try {
        parseLookupKey(key);
      } catch (error) {
        if (error instanceof LookupKeyError) {
          throw new LookupCacheError(
            lookupErrors.cacheBadKey(file, key, error.message),
            file,
          );
        }
        throw error;
      }
    }
    return { ...(lookups as Record<string, LookupValue>) };
  }

  private readonly values: Map<string, LookupValue>;

  /**
   * @param file the cache file's path (absolute)
   * @param values the values, by key
   */
  constructor(
    public readonly file: string,
    values: Record<string, LookupValue> = {},
  ) {
    this.values = new Map(Object.entries(values));
  }

  /** Every key, sorted. */
  public keys(): string[] {
    return [...this.values.keys()].sort();
  }

  public has(key: string): boolean {
    return this.values.has(key);
  }

  public get(key: string): LookupValue | undefined {
    return this.values.get(key);
  }

  public set(key: string, value: LookupValue): void {
    parseLookupKey(key);
    this.values.set(key, value);
  }

  public delete(key: string): boolean {
    return this.values.delete(key);
  }

  /** The number of values. */
  public get size(): number {
    return this.values.size;
  }

  /** The file's text: sorted, pretty-printed, one final newline. */
  public toJson(): string {
    const lookups: Record<string, LookupValue> = {};
    for (const key of this.keys()) {
      lookups[key] = this.values.get(key) as LookupValue;
    }
    return canonicalJson({
      formatVersion: LOOKUP_CACHE_FORMAT_VERSION,
      lookups,
    });
  }

  /** Writes the file atomically; does nothing if the text is unchanged. */
  public save(): boolean {
    const text = this.toJson();
    let current: string | undefined;
    try {
      current = fs.readFileSync(this.file, "utf8");
    } catch {
      current = undefined;
    }
    if (current === text) {
      return false;
    }
    writeFileAtomic(this.file, text);
    return true;
  }
}
