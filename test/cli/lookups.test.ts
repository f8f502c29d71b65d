import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { main } from "../../src/cli/main";
import { LOOKUP_CACHE_FILE_NAME, LookupCache } from "../../src/lookups/cache";
import { TenantApiEmulator } from "../../src/testing";
import {
  FAKE_TOKEN,
  TEMPLATE_ACCOUNT,
  UNIT_TAGS,
  apiEnv,
  startEmulator,
  tempDir,
} from "../lookups/support";

const REPO = path.join(__dirname, "..", "..");
const TS_NODE = require.resolve("ts-node/register/transpile-only");
const MAIN = path.join(REPO, "src", "cli", "main.ts");
const FIXTURE_APP = path.join(__dirname, "fixtures", "lookup-app.ts");

const UNIT_KEY = "cloudflare:tenant-unit:unit=Retail";
const ROLE_KEY = `cloudflare:account-role:accountName=${TEMPLATE_ACCOUNT}:role=Billing`;
const ACCOUNTS_KEY = "cloudflare:tenant-accounts";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const out: Run = { code: 0, stdout: "", stderr: "" };
  out.code = await main(argv, {
    stdout: (t) => (out.stdout += t),
    stderr: (t) => (out.stderr += t),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    cwd,
  });
  return out;
}

/** A cache file whose values are wrong, so a refresh must change them. */
function staleCache(file: string): string {
  const cache = new LookupCache(file);
  cache.set(UNIT_KEY, { unitTag: "f".repeat(32) });
  cache.set(ROLE_KEY, { id: "e".repeat(32) });
  cache.set(ACCOUNTS_KEY, { accounts: [] });
  cache.save();
  return fs.readFileSync(file, "utf8");
}

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.endsWith(".tmp"));
}

describe("cdktf-tenant lookups", () => {
  let emulator: TenantApiEmulator;
  let dir: string;
  let file: string;
  const outputs: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
    // No credential in any output of any command run here.
    expect(outputs.join("\n")).not.toContain(FAKE_TOKEN);
  });
  beforeEach(() => {
    emulator.clearFaults();
    dir = tempDir("lookups-cli-");
    file = path.join(dir, LOOKUP_CACHE_FILE_NAME);
  });

  async function run(
    argv: string[],
    env: NodeJS.ProcessEnv = apiEnv(emulator),
  ) {
    const result = await cli(argv, env, dir);
    outputs.push(result.stdout, result.stderr);
    return result;
  }

  it("refresh re-fetches every key in the cache and reports progress", async () => {
    staleCache(file);
    const result = await run(["lookups", "refresh", "--no-app"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("lookups: refreshing 3 keys in");
    expect(result.stderr).toContain("lookups: 3/3 keys fetched");
    expect(result.stderr).toMatch(/accounts of tenant "Acme Partners": page 1/);
    expect(result.stderr).toContain("refreshed 3 keys, 3 changed");
    const cache = LookupCache.load(file);
    expect(cache.get(UNIT_KEY)).toMatchObject({ unitTag: UNIT_TAGS.Retail });
    expect(
      (cache.get(ACCOUNTS_KEY) as { accounts: unknown[] }).accounts,
    ).toHaveLength(121);
  });

  it("refresh leaves the file byte for byte as it was when a fetch fails mid-way", async () => {
    const before = staleCache(file);
    emulator.injectFault({
      kind: "status",
      status: 403,
      match: { path: "/accounts/*/roles" },
    });
    const result = await run(["lookups", "refresh", "--no-app"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${ROLE_KEY} failed:`);
    expect(result.stderr).toContain("is left as it was");
    expect(fs.readFileSync(file, "utf8")).toBe(before);
    expect(leftovers(dir)).toEqual([]);
  });

  it("a refresh killed mid-way leaves the old file whole", async () => {
    const before = staleCache(file);
    const pages = () =>
      emulator.requests.filter("GET", /^\/tenants\/[^/]+\/accounts$/).length;
    const pagesBefore = pages();
    emulator.injectFault({
      kind: "latency",
      ms: 20000,
      match: { path: "/tenants/*/accounts" },
    });
    const child = spawn(
      process.execPath,
      ["-r", TS_NODE, MAIN, "lookups", "refresh", "--no-app", "--file", file],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          TS_NODE_PROJECT: path.join(REPO, "tsconfig.json"),
          ...apiEnv(emulator),
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    const deadline = Date.now() + 45000;
    while (pages() === pagesBefore && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    // the other keys have been fetched by now; the refresh waits on a page
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    outputs.push(stderr);
    expect(stderr).toContain("refreshing 3 keys");
    expect(fs.readFileSync(file, "utf8")).toBe(before);
    expect(leftovers(dir)).toEqual([]);
  }, 60000);

  it("refresh with no cache file runs the app and writes every key it asks for", async () => {
    fs.writeFileSync(
      path.join(dir, "cdktf.json"),
      JSON.stringify({
        language: "typescript",
        app: `"${process.execPath}" -r "${TS_NODE}" "${FIXTURE_APP}"`,
      }),
    );
    const env = {
      ...apiEnv(emulator),
      CI: "true",
      TS_NODE_PROJECT: path.join(REPO, "tsconfig.json"),
    };
    const result = await run(["lookups", "refresh"], env);
    expect(result.stderr).toContain("running the app to fill missing keys");
    expect(result.code).toBe(0);

    expect(result.stderr).toContain("the app filled 2 missing keys");
    expect(LookupCache.load(file).keys()).toEqual([ROLE_KEY, UNIT_KEY]);
    const stale = LookupCache.load(file);
    stale.set("cloudflare:tenant-unit:unit=Gone", { unitTag: "a".repeat(32) });
    stale.save();
    const again = await run(["lookups", "refresh", "--missing"], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("the app filled 0 missing keys");
    expect(again.stderr).not.toContain("refreshing");
    expect(again.stderr).toContain(
      "1 keys are not used by the app (cloudflare:tenant-unit:unit=Gone); run with --prune",
    );
    const pruned = await run(
      ["lookups", "refresh", "--missing", "--prune"],
      env,
    );
    expect(pruned.stderr).toContain("pruned 1 keys the app no longer uses");
    expect(LookupCache.load(file).keys()).toEqual([ROLE_KEY, UNIT_KEY]);
  }, 60000);

  it("refresh without credentials exits 2 and says which variables to set", async () => {
    staleCache(file);
    const result = await run(["lookups", "refresh"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("set CLOUDFLARE_API_TOKEN");
  });

  it("refresh with a token the API refuses fails without printing the token", async () => {
    const before = staleCache(file);
    const result = await run(["lookups", "refresh", "--no-app"], {
      ...apiEnv(emulator),
      CLOUDFLARE_API_TOKEN: `${FAKE_TOKEN}-wrong`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain(FAKE_TOKEN);
    expect(fs.readFileSync(file, "utf8")).toBe(before);
  });

  it("list shows each key with its value, and --json the file", async () => {
    staleCache(file);
    const result = await run(["lookups", "list"]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")).toEqual([
      `${ROLE_KEY}\t${"e".repeat(32)}`,
      `${ACCOUNTS_KEY}\t0 accounts`,
      `${UNIT_KEY}\t${"f".repeat(32)}`,
      "",
    ]);
    const json = await run(["lookups", "list", "--json"]);
    expect(json.stdout).toBe(fs.readFileSync(file, "utf8"));
  });

  it("clear removes the keys under a prefix, or all of them", async () => {
    staleCache(file);
    const some = await run(["lookups", "clear", "cloudflare:tenant-"]);
    expect(some.stderr).toContain("removed 2 keys");
    expect(LookupCache.load(file).keys()).toEqual([ROLE_KEY]);
    await run(["lookups", "clear"]);
    expect(LookupCache.load(file).size).toBe(0);
  });

  it("exits 2 on an unknown command or option", async () => {
    expect((await run(["lookups", "frobnicate"])).code).toBe(2);
    expect((await run(["lookups", "list", "--bogus"])).code).toBe(2);
    expect((await run(["nope"])).code).toBe(2);
  });

  it("exits 1 with the fix when the cache file is not JSON", async () => {
    fs.writeFileSync(file, "{ nope");
    const result = await run(["lookups", "list"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} is not valid JSON`);
  });
});
