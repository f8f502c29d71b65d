import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { CloudflareClient } from "../api/client";
import { LookupCache, LookupValue, defaultCacheFile } from "../lookups/cache";
import {
  LookupFetcher,
  LookupProgress,
  lookupProgressReporter,
} from "../lookups/fetch";
import { CliIo, UsageError } from "./io";

export const LOOKUPS_USAGE = `Usage: cdktf-tenant lookups <command> [options]

Commands:
  refresh [--missing] [--prune]
                        Re-fetch every key in the cache file, then run the
                        app (cdktf.json "app") so that it fetches the keys it
                        needs that are still missing. With --missing, skip
                        the re-fetch and only fill missing keys; with
                        --prune, also remove keys the app no longer uses.
  list [--json]         Show the keys in the cache file and their values.
  clear [key-prefix]    Remove every key (or those starting with key-prefix).

Options:
  --file <path>         The cache file (default: cdktf-tenant.lookups.json
                        beside the nearest cdktf.json).
  --app <command>       The command that runs the app (default: cdktf.json's
                        "app"); used by refresh.
  --no-app              refresh: do not run the app.
  --concurrency <n>     refresh: keys fetched at once (default 4).

Credentials come from CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and
CLOUDFLARE_API_KEY; CLOUDFLARE_BASE_URL points at another API base URL.
The cache file is written atomically and only when every fetch succeeded.
`;

function hasCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    env.CLOUDFLARE_API_TOKEN ||
    (env.CLOUDFLARE_EMAIL && env.CLOUDFLARE_API_KEY),
  );
}

function summarize(value: LookupValue | undefined): string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return JSON.stringify(value);
  }
  const v = value as Record<string, LookupValue>;
  if (typeof v.unitTag === "string") return v.unitTag;
  if (Array.isArray(v.accounts)) return `${v.accounts.length} accounts`;
  if (Array.isArray(v.plans)) {
    return v.plans.map((p) => (p as Record<string, LookupValue>).id).join(", ");
  }
  if (v.entitlements && typeof v.entitlements === "object") {
    return `${Object.keys(v.entitlements).length} entitlements`;
  }
  if (typeof v.id === "string") return v.id;
  if (typeof v.tenantTag === "string") return v.tenantTag;
  return JSON.stringify(value);
}

/** Writes progress to stderr. */
function progressPrinter(io: CliIo): (event: LookupProgress) => void {
  return lookupProgressReporter(io.stderr);
}

function resolveFile(io: CliIo, file: string | undefined): string {
  return file ? path.resolve(io.cwd, file) : defaultCacheFile(io.cwd, io.env);
}

function readAppCommand(cacheFile: string): string {
  const cdktfJson = path.join(path.dirname(cacheFile), "cdktf.json");
  let config: { app?: unknown };
  try {
    config = JSON.parse(fs.readFileSync(cdktfJson, "utf8"));
  } catch (error) {
    throw new UsageError(
      `refresh runs the app to find missing keys, but ${cdktfJson} cannot be read (${(error as Error).message}). Pass --app "<command>", or --no-app to only re-fetch the keys already in the cache.`,
    );
  }
  if (typeof config.app !== "string" || config.app === "") {
    throw new UsageError(
      `${cdktfJson} has no "app" command. Pass --app "<command>", or --no-app.`,
    );
  }
  return config.app;
}

/**
 * Runs the app in fill mode, output to a temporary folder. Resolves to the
 * exit code and the keys the app used.
 */
async function runAppToFill(
  io: CliIo,
  command: string,
  cacheFile: string,
): Promise<{ code: number; used?: string[] }> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-tenant-fill-"));
  const report = path.join(outdir, "lookups-report.json");
  try {
    io.stderr(`lookups: running the app to fill missing keys: ${command}\n`);
    const child = spawn(command, {
      cwd: path.dirname(cacheFile),
      shell: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...io.env,
        CDKTF_TENANT_LOOKUPS: "fill",
        CDKTF_TENANT_LOOKUPS_FILE: cacheFile,
        CDKTF_TENANT_LOOKUPS_REPORT: report,
        CDKTF_OUTDIR: path.join(outdir, "cdktf.out"),
        CHECKPOINT_DISABLE: "1",
      },
    });
    child.stdout.on("data", (chunk: Buffer) => io.stderr(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => io.stderr(chunk.toString()));
    const code = await new Promise<number>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (exitCode, signal) =>
        resolve(exitCode ?? (signal ? 128 : 1)),
      );
    });
    let used: string[] | undefined;
    if (fs.existsSync(report)) {
      used = (JSON.parse(fs.readFileSync(report, "utf8")) as { used: string[] })
        .used;
    }
    return { code, used };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

async function refresh(io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      file: { type: "string" },
      app: { type: "string" },
      "no-app": { type: "boolean", default: false },
      missing: { type: "boolean", default: false },
      prune: { type: "boolean", default: false },
      concurrency: { type: "string", default: "4" },
    },
    allowPositionals: false,
  });
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(
      `--concurrency is ${JSON.stringify(values.concurrency)}; give a whole number of 1 or more.`,
    );
  }
  if (values.prune && values["no-app"]) {
    throw new UsageError(
      "--prune removes the keys the app does not ask for, so it needs the app run; drop --no-app.",
    );
  }
  if (!hasCredentials(io.env)) {
    throw new UsageError(
      "lookups refresh needs API credentials: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY).",
    );
  }
  const file = resolveFile(io, values.file);
  const runApp = !values["no-app"];
  const appCommand = runApp ? (values.app ?? readAppCommand(file)) : "";
  const cache = LookupCache.load(file);

  if (!values.missing) {
    const keys = cache.keys();
    io.stderr(`lookups: refreshing ${keys.length} keys in ${file}\n`);
    const client = CloudflareClient.fromEnvironment(io.env);
    try {
      const fetcher = new LookupFetcher(client, progressPrinter(io));
      const { values: fresh, failures } = await fetcher.fetchAll(
        keys,
        concurrency,
      );
      if (failures.size > 0) {
        for (const [key, error] of [...failures].sort(([a], [b]) =>
          a < b ? -1 : 1,
        )) {
          io.stderr(`lookups: ${key} failed: ${error.message}\n`);
        }
        io.stderr(
          `lookups: ${failures.size} of ${keys.length} keys failed; ${file} is left as it was.\n`,
        );
        return 1;
      }
      let changed = 0;
      for (const [key, value] of fresh) {
        if (JSON.stringify(cache.get(key)) !== JSON.stringify(value)) {
          changed += 1;
        }
        cache.set(key, value);
      }
      cache.save();
      io.stderr(
        `lookups: refreshed ${keys.length} keys, ${changed} changed.\n`,
      );
    } finally {
      await client.close();
    }
  }

  if (runApp) {
    const before = LookupCache.load(file).size;
    const { code, used } = await runAppToFill(io, appCommand, file);
    if (code !== 0) {
      io.stderr(`lookups: the app exited with code ${code}.\n`);
      return 1;
    }
    const after = LookupCache.load(file);
    io.stderr(`lookups: the app filled ${after.size - before} missing keys.\n`);
    if (used === undefined) {
      io.stderr(
        "lookups: the app did not report the keys it uses (does it call synthWithLookups?); nothing pruned.\n",
      );
      return 0;
    }
    const asked = new Set(used);
    const unused = after.keys().filter((key) => !asked.has(key));
    if (unused.length > 0 && values.prune) {
      for (const key of unused) {
        after.delete(key);
      }
      after.save();
      io.stderr(
        `lookups: pruned ${unused.length} keys the app no longer uses.\n`,
      );
    } else if (unused.length > 0) {
      io.stderr(
        `lookups: ${unused.length} keys are not used by the app (${unused.join(", ")}); run with --prune to remove them.\n`,
      );
    }
  }
  return 0;
}

async function list(io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      file: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const cache = LookupCache.load(resolveFile(io, values.file));
  if (values.json) {
    io.stdout(cache.toJson());
    return 0;
  }
  for (const key of cache.keys()) {
    io.stdout(`${key}\t${summarize(cache.get(key))}\n`);
  }
  io.stderr(`${cache.size} keys in ${cache.file}\n`);
  return 0;
}

async function clear(io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { file: { type: "string" } },
    allowPositionals: true,
  });
  if (positionals.length > 1) {
    throw new UsageError("lookups clear takes at most one key prefix.");
  }
  const prefix = positionals[0] ?? "";
  const cache = LookupCache.load(resolveFile(io, values.file));
  const removed = cache.keys().filter((key) => key.startsWith(prefix));
  for (const key of removed) {
    cache.delete(key);
  }
  cache.save();
  io.stderr(`removed ${removed.length} keys from ${cache.file}\n`);
  return 0;
}

/** `cdktf-tenant lookups ...` */
export async function lookupsCommand(
  io: CliIo,
  args: string[],
): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "refresh":
      return refresh(io, rest);
    case "list":
      return list(io, rest);
    case "clear":
      return clear(io, rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout(LOOKUPS_USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(
        `unknown lookups command ${JSON.stringify(command)}; use refresh, list or clear.`,
      );
  }
}
