import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { PartnerStack } from "../examples/partner-stack/stack";
import { ManagedCustomer, TenantProvider } from "../src";
import { checkStack } from "./support/provider-schema";
import type { TfJson } from "./support/provider-schema";

const REPO = path.join(__dirname, "..");
const CANARY_TOKEN = "canary0token0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f";
const CANARY_KEY = "canary0key0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c";
const CREDENTIAL_KEYS = [
  "api_token",
  "api_key",
  "email",
  "api_user_service_key",
];

/**
 * Runs examples/partner-stack/main.ts the way `cdktf synth` does (the app
 * command of cdktf.json), into a temporary output folder, with canary
 * credentials in the environment and no network needed.
 */
function synthMain(): { outdir: string; json: TfJson } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "partner-synth-"));
  const app = JSON.parse(fs.readFileSync(path.join(REPO, "cdktf.json"), "utf8"))
    .app as string;
  expect(app).toBe(
    "npx ts-node --transpile-only examples/partner-stack/main.ts",
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CHECKPOINT_DISABLE: "1",
    CDKTF_OUTDIR: outdir,
    CLOUDFLARE_API_TOKEN: CANARY_TOKEN,
    CLOUDFLARE_API_KEY: CANARY_KEY,
    CLOUDFLARE_EMAIL: "canary-operator@partner.example",
  };
  execFileSync(
    process.execPath,
    [
      require.resolve("ts-node/dist/bin.js"),
      "--transpile-only",
      "examples/partner-stack/main.ts",
    ],
    { cwd: REPO, env, stdio: "pipe", timeout: 60_000 },
  );
  const file = path.join(outdir, "stacks", "partner", "cdk.tf.json");
  return { outdir, json: JSON.parse(fs.readFileSync(file, "utf8")) };
}

describe("the partner-stack example", () => {
  let synthesized: { outdir: string; json: TfJson };

  beforeAll(() => {
    synthesized = synthMain();
  });

  afterAll(() => {
    fs.rmSync(synthesized.outdir, { recursive: true, force: true });
  });

  it("synthesizes stacks/partner/cdk.tf.json from main.ts", () => {
    expect(Object.keys(synthesized.json.resource)).toContain(
      "cloudflare_account",
    );
  });

  it("declares at least three customers, standard and enterprise, with members, zones and add-ons", () => {
    const resource = synthesized.json.resource;
    const accounts: TfJson[] = Object.values(resource.cloudflare_account);
    expect(accounts.length).toBeGreaterThanOrEqual(3);
    expect(accounts.some((a) => a.type === undefined)).toBe(true);
    expect(accounts.some((a) => a.type === "enterprise")).toBe(true);
    for (const type of [
      "cloudflare_account_member",
      "cloudflare_zone",
      "cloudflare_zone_subscription",
      "cloudflare_account_subscription",
    ]) {
      expect(Object.keys(resource[type] ?? {}).length).toBeGreaterThan(0);
    }
  });

  it("holds no credential, even with credentials in the environment", () => {
    const text = JSON.stringify(synthesized.json);
    expect(text).not.toContain(CANARY_TOKEN);
    expect(text).not.toContain(CANARY_KEY);
    expect(text).not.toContain("canary-operator@partner.example");
    for (const config of synthesized.json.provider.cloudflare) {
      for (const key of CREDENTIAL_KEYS) expect(config).not.toHaveProperty(key);
    }
  });

  it("passes the provider schema check under every version it allows", () => {
    const { pinErrors, results } = checkStack(synthesized.json);
    expect(pinErrors).toEqual([]);
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) expect(result.errors).toEqual([]);
  });

  it("protects every account from destroy", () => {
    const accounts: TfJson[] = Object.values(
      synthesized.json.resource.cloudflare_account,
    );
    for (const account of accounts) {
      expect(account.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  it("builds the same stack in-process", () => {
    const stack = new PartnerStack(Testing.app(), "partner");
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.keys(json.resource.cloudflare_account).sort()).toEqual(
      Object.keys(synthesized.json.resource.cloudflare_account).sort(),
    );
    expect(stack.customers).toHaveLength(3);
  });
});

describe("destroy protection", () => {
  it("is lifted only for the customers that set allowDestroy", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new TenantProvider(stack, "cloudflare");
    new ManagedCustomer(stack, "kept", { name: "Kept" });
    new ManagedCustomer(stack, "gone", { name: "Gone", allowDestroy: true });
    const accounts = JSON.parse(Testing.synth(stack)).resource
      .cloudflare_account as TfJson;
    const byName = Object.fromEntries(
      Object.values(accounts).map((a) => [a.name, a.lifecycle]),
    );
    expect(byName).toEqual({
      Kept: { prevent_destroy: true },
      Gone: undefined,
    });
  });
});
