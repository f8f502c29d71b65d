import * as fs from "fs";
import { App } from "cdktf";
import { CloudflareClient } from "../api/client";
import { LookupCache, canonicalJson, defaultCacheFile } from "./cache";
import { LookupContext, boundLookupContext, buildWithContext } from "./context";
import { LookupError, lookupErrors } from "./errors";
import { LookupApi, LookupFetcher, LookupProgress } from "./fetch";

/** How the lookup step treats a key the cache does not hold. */
export enum LookupMode {
  /** Fetch it when API credentials are set; fail with advice when not. */
  AUTO = "auto",
  /** Never fetch: fail with the command that refreshes the cache. */
  CACHE_ONLY = "cache-only",
  /** Fetch it, even when CI is set (the CLI's refresh uses this). */
  FILL = "fill",
}

/** Options of the lookup step. */
export interface LookupDriverOptions {
  /**
   * The cache file.
   * @default - `CDKTF_TENANT_LOOKUPS_FILE`, else cdktf-tenant.lookups.json
   *   beside the nearest cdktf.json from the working folder up
   */
  readonly cacheFile?: string;
  /**
   * What to do with missing keys.
   * @default - `CDKTF_TENANT_LOOKUPS` ("auto", "cache-only" or "fill");
   *   else "cache-only" when CI is set, else "auto"
   */
  readonly mode?: LookupMode | "auto" | "cache-only" | "fill";
  /**
   * The API to fetch from.
   * @default - `CloudflareClient.fromEnvironment(env)`, created only when a
   *   key is missing, and closed afterwards
   */
  readonly api?: LookupApi;
  /**
   * The environment the mode and credentials are read from.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * How many keys are fetched at once.
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * How many times the app may be rebuilt while new keys turn up (a lookup
   * whose parameters come from another lookup needs a second round).
   * @default 5
   */
  readonly maxRounds?: number;
  /**
   * Called with progress while keys are fetched. The library never prints;
   * a program may write `formatLookupProgress(event)` to stderr.
   * @default - no report
   */
  readonly onProgress?: (event: LookupProgress) => void;
}

/** What the lookup step did. */
export interface LookupResult {
  /** The app built with every lookup answered. */
  readonly app: App;
  /** The cache file read (and written if `fetched` is not empty). */
  readonly cacheFile: string;
  /** The keys fetched from the API, sorted. */
  readonly fetched: string[];
  /** Every key the app asked for, sorted. */
  readonly used: string[];
}

/** Builds a new cdktf App from scratch, with all its stacks. */
export type AppBuilder = () => App;

function hasCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    env.CLOUDFLARE_API_TOKEN ||
    (env.CLOUDFLARE_EMAIL && env.CLOUDFLARE_API_KEY),
  );
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return (
    ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false"
  );
}

/** The mode in effect, and why (for messages). */
export function resolveLookupMode(
  mode: LookupDriverOptions["mode"],
  env: NodeJS.ProcessEnv = process.env,
): { mode: LookupMode; reason: string } {
  if (mode !== undefined) {
    if (!Object.values(LookupMode).includes(mode as LookupMode)) {
      throw new LookupError(lookupErrors.badMode(String(mode)));
    }
    return { mode: mode as LookupMode, reason: `mode option "${mode}"` };
  }
  const fromEnv = env.CDKTF_TENANT_LOOKUPS;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!Object.values(LookupMode).includes(fromEnv as LookupMode)) {
      throw new LookupError(lookupErrors.badMode(fromEnv));
    }
    return {
      mode: fromEnv as LookupMode,
      reason: `CDKTF_TENANT_LOOKUPS=${fromEnv}`,
    };
  }
  if (isCi(env)) {
    return { mode: LookupMode.CACHE_ONLY, reason: `CI=${env.CI}` };
  }
  return { mode: LookupMode.AUTO, reason: "default" };
}

/**
 * The async step before synthesis, the way AWS CDK's `fromLookup` works:
 * build the app once against the cache, collect the keys its constructs
 * asked for and the cache lacks, fetch them all (concurrently, bounded),
 * write the cache, then build the app again from scratch with every value
 * known, and synthesize that one.
 *
 * Because a construct cannot be taken out of a tree, the builder must
 * create a new `App` and all its stacks each time it is called, and ask for
 * the same lookups when given the same values. Failed lookups are never
 * written to the cache; values that did arrive are kept.
 */
export class LookupDriver {
  /** Runs the lookup step and synthesizes; see `synthWithLookups`. */
  public static async synth(
    build: AppBuilder,
    options: LookupDriverOptions = {},
  ): Promise<LookupResult> {
    return new LookupDriver(options).synth(build);
  }

  private readonly options: LookupDriverOptions;
  private readonly env: NodeJS.ProcessEnv;

  constructor(options: LookupDriverOptions = {}) {
    this.options = options;
    this.env = options.env ?? process.env;
  }

  /** Builds the app with every lookup answered (no synthesis). */
  public async resolve(build: AppBuilder): Promise<LookupResult> {
    const { mode, reason } = resolveLookupMode(this.options.mode, this.env);
    const cacheFile =
      this.options.cacheFile ?? defaultCacheFile(process.cwd(), this.env);
    const cache = LookupCache.load(cacheFile);
    const maxRounds = this.options.maxRounds ?? 5;
    const fetched = new Set<string>();
    const seen = new Set<App>();
    let api = this.options.api;
    let created: CloudflareClient | undefined;
    try {
      for (let round = 1; ; round++) {
        const context = new LookupContext(cache);
        const app = buildWithContext(context, build);
        if (!App.isApp(app)) {
          throw new LookupError(lookupErrors.builderNotApp(typeof app));
        }
        const appContext = boundLookupContext(app);
        if (seen.has(app) || (appContext && appContext !== context)) {
          throw new LookupError(lookupErrors.builderReusedApp());
        }
        seen.add(app);
        const missing = [...context.missing.keys()].sort();
        if (missing.length === 0) {
          const result: LookupResult = {
            app,
            cacheFile: cache.file,
            fetched: [...fetched].sort(),
            used: [...context.used.keys()].sort(),
          };
          this.report(result);
          return result;
        }
        if (round > maxRounds) {
          throw new LookupError(lookupErrors.notSettled(maxRounds, missing));
        }
        if (mode === LookupMode.CACHE_ONLY) {
          throw new LookupError(
            lookupErrors.missingInCacheOnly(cache.file, missing, reason),
          );
        }
        if (!api) {
          if (!hasCredentials(this.env)) {
            throw new LookupError(
              lookupErrors.missingNoCredentials(cache.file, missing),
            );
          }
          created = CloudflareClient.fromEnvironment(this.env);
        }
        api = api ?? (created as LookupApi);
        await this.fetchInto(cache, api, context, missing, fetched);
      }
    } finally {
      await created?.close();
    }
  }

  /**
   * Writes the keys the app used to the file named by
   * CDKTF_TENANT_LOOKUPS_REPORT, when set (the CLI's refresh reads it to
   * prune keys no app asks for any more).
   */
  private report(result: LookupResult): void {
    const file = this.env.CDKTF_TENANT_LOOKUPS_REPORT;
    if (file) {
      fs.writeFileSync(
        file,
        canonicalJson({ cacheFile: result.cacheFile, used: result.used }),
      );
    }
  }

  /** Runs the lookup step, then `app.synth()`. */
  public async synth(build: AppBuilder): Promise<LookupResult> {
    const result = await this.resolve(build);
    result.app.synth();
    return result;
  }

  private async fetchInto(
    cache: LookupCache,
    api: LookupApi,
    context: LookupContext,
    missing: string[],
    fetched: Set<string>,
  ): Promise<void> {
    const fetcher = new LookupFetcher(api, this.options.onProgress);
    const { values, failures } = await fetcher.fetchAll(
      missing,
      this.options.concurrency ?? 4,
    );
    for (const [key, value] of values) {
      cache.set(key, value);
      fetched.add(key);
    }
    if (values.size > 0) {
      cache.save();
    }
    if (failures.size > 0) {
      const lines = [...failures.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, error]) =>
          lookupErrors.fetchFailed(
            key,
            [...(context.missing.get(key) ?? [])].sort(),
            error.message,
          ),
        );
      throw new LookupError(lines.join("\n"));
    }
  }
}

/**
 * Fetches every missing lookup, writes the cache, and synthesizes the app
 * the builder makes. Use it as the last line of the cdktf app's main file:
 *
 * ```ts
 * void synthWithLookups(() => {
 *   const app = new App();
 *   new PartnerStack(app, "partners");
 *   return app;
 * });
 * ```
 *
 * The builder is called more than once and must build from scratch.
 */
export async function synthWithLookups(
  build: AppBuilder,
  options: LookupDriverOptions = {},
): Promise<LookupResult> {
  return LookupDriver.synth(build, options);
}
