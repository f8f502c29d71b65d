import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { PartnerStack } from "../../examples/partner-stack/stack";
import {
  LOOKUP_CACHE_FILE_NAME,
  LookupCache,
  LookupFetcher,
  LookupMode,
  synthWithLookups,
} from "../../src/lookups";
import { CloudflareClient } from "../../src/api/client";
import {
  DEFAULT_EMULATOR_TOKEN,
  DEFAULT_SEED,
  TenantApiEmulator,
} from "../../src/testing";
import { tempDir } from "./support";

const REPO = path.join(__dirname, "..", "..");
const CACHE = path.join(REPO, LOOKUP_CACHE_FILE_NAME);
const SEED = path.join(REPO, "examples", "partner-stack", "emulator-seed.json");

function build(outdir: string) {
  return () => {
    const app = new App({ outdir });
    new PartnerStack(app, "partner");
    return app;
  };
}

describe("the example's committed lookup cache", () => {
  it("sits beside cdktf.json", () => {
    expect(fs.existsSync(path.join(path.dirname(CACHE), "cdktf.json"))).toBe(
      true,
    );
  });

  it("answers every lookup of the example stack in cache-only mode, and holds no other key", async () => {
    const dir = tempDir();
    const result = await synthWithLookups(build(path.join(dir, "out")), {
      cacheFile: CACHE,
      mode: LookupMode.CACHE_ONLY,
      env: {},
    });
    expect(result.fetched).toEqual([]);
    expect(result.used).toEqual(LookupCache.load(CACHE).keys());
  });

  it("synthesizes byte-identical JSON twice in a row", async () => {
    const dir = tempDir();
    const options = { cacheFile: CACHE, mode: LookupMode.CACHE_ONLY };
    await synthWithLookups(build(path.join(dir, "a")), options);
    await synthWithLookups(build(path.join(dir, "b")), options);
    const read = (d: string) =>
      fs.readFileSync(path.join(dir, d, "stacks", "partner", "cdk.tf.json"));
    expect(read("b").equals(read("a"))).toBe(true);
  });

  it("is what the emulator answers for the example seed, byte for byte", async () => {
    const emulator = await TenantApiEmulator.start({ seed: SEED });
    const client = CloudflareClient.fromEnvironment({
      CLOUDFLARE_API_TOKEN: DEFAULT_EMULATOR_TOKEN,
      CLOUDFLARE_BASE_URL: emulator.baseUrl,
    });
    try {
      const committed = LookupCache.load(CACHE);
      const fresh = new LookupCache(path.join(tempDir(), "fresh.json"));
      const { values, failures } = await new LookupFetcher(client).fetchAll(
        committed.keys(),
      );
      expect([...failures.keys()]).toEqual([]);
      for (const [key, value] of values) fresh.set(key, value);
      expect(fresh.toJson()).toBe(fs.readFileSync(CACHE, "utf8"));
    } finally {
      await client.close();
      await emulator.close();
    }
  });

  it("comes from the emulator's default seed plus one template account", () => {
    const seed = JSON.parse(fs.readFileSync(SEED, "utf8"));
    expect(seed.tenants).toEqual(DEFAULT_SEED.tenants);
    expect(seed.zones).toEqual(DEFAULT_SEED.zones);
    expect(seed.accounts.map((a: { name: string }) => a.name)).toEqual([
      "Example Partner Operations",
    ]);
  });
});
