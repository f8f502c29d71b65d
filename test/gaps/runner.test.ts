/**
 * The gap runner as Terraform runs it: the bundled single file, a real
 * `node` child process, the emulator over HTTP on 127.0.0.1.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { buildBundle, runnerBundle } from "../../src/gaps/bundle";
import { ZonePlan } from "../../src";
import {
  DEFAULT_EMULATOR_API_KEY,
  DEFAULT_EMULATOR_EMAIL,
  DEFAULT_EMULATOR_TOKEN,
  TenantApiEmulator,
} from "../../src/testing";
import {
  api,
  createAccountAndZone,
  emulatorEnv,
  runRunner,
  startRunner,
  tempDir,
  waitFor,
  writeRunner,
} from "./support";

let emulator: TenantApiEmulator;
let runner: string;

beforeAll(async () => {
  emulator = await TenantApiEmulator.start();
  runner = writeRunner();
});

afterAll(async () => {
  await emulator.close();
});

function writes(since: number): string[] {
  return emulator.requests.entries
    .slice(since)
    .filter((e) => e.method !== "GET")
    .map((e) => `${e.method} ${e.path}`);
}

describe("the runner bundle", () => {
  it("is one file whose modules need only each other and Node built-ins", () => {
    const text = runnerBundle();
    const tables = [
      ...text.matchAll(/defs\[\d+\] = \[(\{.*?\}), function/g),
    ].map((m) => JSON.parse(m[1]) as Record<string, number | string>);
    expect(tables.length).toBeGreaterThan(10);
    const outside = tables.flatMap((t) =>
      Object.values(t).filter((target) => typeof target === "string"),
    );
    const notBuiltin = outside.filter(
      (name) => !builtinModules.includes(String(name).replace(/^node:/, "")),
    );
    expect(notBuiltin).toEqual([]);
    // undici is served by the bundle's own fetch-based module
    expect(tables.some((t) => typeof t.undici === "number")).toBe(true);
    expect(text.startsWith("#!/usr/bin/env node")).toBe(true);
  });

  it("runs with node alone, from a folder with no node_modules", async () => {
    const result = await runRunner(runner, "no-such-operation", {
      env: { PATH: process.env.PATH },
      cwd: tempDir("empty"),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "[cdktf-cloudflare-tenant:gaps:unknown-operation]",
    );
    expect(result.stderr).toContain("zone-plan.ensure");
  });

  it("throws if a runner module imports a package it cannot carry", () => {
    const dir = tempDir("bad-bundle");
    fs.writeFileSync(
      path.join(dir, "entry.js"),
      'const x = require("left-pad");\nmodule.exports = x;\n',
    );
    expect(() => buildBundle(path.join(dir, "entry.js"))).toThrow(
      /requires "left-pad", which is neither a module of this library nor a Node built-in/,
    );
  });

  it("fails with the variables to set when no credentials are in the environment", async () => {
    const result = await runRunner(runner, "addon.ensure", {
      env: { PATH: process.env.PATH, CLOUDFLARE_BASE_URL: emulator.baseUrl },
      input: {
        account_id: "0".repeat(32),
        rate_plan_id: "TEAMS_ENT",
        frequency: "monthly",
        component_values: [],
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("CLOUDFLARE_API_TOKEN");
  });

  it("authenticates with CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY as the provider does", async () => {
    const { accountId } = await createAccountAndZone(emulator, "Email Key");
    const result = await runRunner(runner, "kyc.read", {
      env: {
        PATH: process.env.PATH,
        CLOUDFLARE_BASE_URL: emulator.baseUrl,
        CLOUDFLARE_EMAIL: DEFAULT_EMULATOR_EMAIL,
        CLOUDFLARE_API_KEY: DEFAULT_EMULATOR_API_KEY,
      },
      stdin: JSON.stringify({ account_id: accountId }),
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ reported: "" });
    const last =
      emulator.requests.entries[emulator.requests.entries.length - 1];
    expect(last.auth).toBe("key");
    expect(result.stdout + result.stderr).not.toContain(
      DEFAULT_EMULATOR_API_KEY,
    );
  });

  it("retries a 503, a 429 with Retry-After and a reset connection with the library's retry rules", async () => {
    const { zoneId } = await createAccountAndZone(emulator, "Retries");
    const route = `/zones/${zoneId}/subscription`;
    const faults = [
      emulator.injectFault({
        kind: "status",
        status: 503,
        match: { method: "GET", path: route },
        count: 1,
      }),
      emulator.injectFault({
        kind: "status",
        status: 429,
        retryAfterSeconds: 1,
        match: { method: "GET", path: route },
        count: 1,
      }),
      emulator.injectFault({
        kind: "reset",
        match: { method: "GET", path: route },
        count: 1,
      }),
    ];
    const started = Date.now();
    const result = await runRunner(runner, "zone-plan.read", {
      env: emulatorEnv(emulator),
      stdin: JSON.stringify({ zone_id: zoneId }),
    });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ state: "missing" });
    expect(faults.map((f) => f.triggered)).toEqual([1, 1, 1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(emulator.requests.filter("GET", route).length).toBe(4);
  });

  it("uses the base URL of the input over CLOUDFLARE_BASE_URL", async () => {
    const { zoneId } = await createAccountAndZone(emulator, "Base Url");
    const result = await runRunner(runner, "zone-plan.read", {
      env: emulatorEnv(emulator, {
        CLOUDFLARE_BASE_URL: "http://127.0.0.1:9/x",
      }),
      stdin: JSON.stringify({ zone_id: zoneId, base_url: emulator.baseUrl }),
    });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ state: "missing" });
  });
});

describe("zone plans", () => {
  it("creates a PARTNERS_BIZ plan with component values, then changes only what differs", async () => {
    const { zoneId } = await createAccountAndZone(emulator, "Zone Plans");
    const env = emulatorEnv(emulator);
    const input = {
      zone_id: zoneId,
      rate_plan_id: "PARTNERS_BIZ",
      frequency: "yearly",
      component_values: [{ name: "page_rules", value: 50 }],
    };
    let since = emulator.requests.entries.length;
    let result = await runRunner(runner, "zone-plan.ensure", { env, input });
    expect(result.code).toBe(0);
    expect(writes(since)).toEqual([`POST /zones/${zoneId}/subscription`]);
    const sub = emulator.state.zoneSubscriptions[zoneId];
    expect(sub).toMatchObject({
      ratePlanId: "PARTNERS_BIZ",
      frequency: "yearly",
      componentValues: [{ name: "page_rules", value: 50 }],
    });

    since = emulator.requests.entries.length;
    result = await runRunner(runner, "zone-plan.ensure", { env, input });
    expect(result.stdout).toContain("already as declared");
    expect(writes(since)).toEqual([]);

    since = emulator.requests.entries.length;
    result = await runRunner(runner, "zone-plan.ensure", {
      env,
      input: {
        ...input,
        component_values: [{ name: "page_rules", value: 60 }],
      },
    });
    expect(writes(since)).toEqual([`PUT /zones/${zoneId}/subscription`]);
    expect(emulator.state.zoneSubscriptions[zoneId].id).toBe(sub.id);

    const read = await runRunner(runner, "zone-plan.read", {
      env,
      stdin: JSON.stringify({ zone_id: zoneId, components: "page_rules" }),
    });
    expect(JSON.parse(read.stdout)).toEqual({
      state: "Paid",
      id: sub.id,
      rate_plan_id: "PARTNERS_BIZ",
      frequency: "yearly",
      component_values: "page_rules=60",
    });
  });

  it("puts a zone on every zone plan of the catalog, with page rules", async () => {
    const env = emulatorEnv(emulator);
    for (const plan of Object.values(ZonePlan)) {
      const { zoneId } = await createAccountAndZone(emulator, `Plan ${plan}`);
      const result = await runRunner(runner, "zone-plan.ensure", {
        env,
        input: {
          zone_id: zoneId,
          rate_plan_id: plan,
          frequency: "monthly",
          component_values: [{ name: "page_rules", value: 7 }],
        },
      });
      expect({ plan, code: result.code, err: result.stderr }).toEqual({
        plan,
        code: 0,
        err: "",
      });
      expect(emulator.state.zoneSubscriptions[zoneId]).toMatchObject({
        ratePlanId: plan,
        componentValues: [{ name: "page_rules", value: 7 }],
      });
    }
  });

  it("moves the zone to its release plan on destroy, and tolerates a deleted zone", async () => {
    const { zoneId } = await createAccountAndZone(emulator, "Release");
    const env = emulatorEnv(emulator);
    await runRunner(runner, "zone-plan.ensure", {
      env,
      input: {
        zone_id: zoneId,
        rate_plan_id: "CF_BIZ",
        frequency: "monthly",
        component_values: [],
      },
    });
    const release = { zone_id: zoneId, release_rate_plan_id: "CF_FREE" };
    let result = await runRunner(runner, "zone-plan.release", {
      env,
      input: release,
    });
    expect(result.code).toBe(0);
    expect(emulator.state.zoneSubscriptions[zoneId].ratePlanId).toBe("CF_FREE");
    await api(emulator, "DELETE", `/zones/${zoneId}`);
    result = await runRunner(runner, "zone-plan.release", {
      env,
      input: release,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("no longer exists");
  });
});

describe("account add-ons", () => {
  it("adopts the subscription of an earlier run instead of buying a second one", async () => {
    const { accountId } = await createAccountAndZone(emulator, "Addon Twice");
    const env = emulatorEnv(emulator);
    const input = {
      account_id: accountId,
      rate_plan_id: "PARTNERS_LOAD_BALANCING",
      frequency: "monthly",
      component_values: [{ name: "endpoints", value: 5 }],
    };
    await runRunner(runner, "addon.ensure", { env, input });
    const since = emulator.requests.entries.length;
    const again = await runRunner(runner, "addon.ensure", { env, input });
    expect(again.code).toBe(0);
    expect(writes(since)).toEqual([]);
    const subs = Object.values(emulator.state.accountSubscriptions).filter(
      (s) => s.ownerId === accountId,
    );
    expect(subs).toHaveLength(1);
  });

  it("leaves one subscription when the runner is killed after its POST and run again", async () => {
    const { accountId } = await createAccountAndZone(emulator, "Killed");
    const env = emulatorEnv(emulator);
    const input = {
      account_id: accountId,
      rate_plan_id: "TEAMS_ENT",
      frequency: "monthly",
      component_values: [{ name: "users", value: 75 }],
    };
    // The emulator holds the POST for 1.5 s before it handles it.
    const fault = emulator.injectFault({
      kind: "latency",
      ms: 1500,
      match: { method: "POST", path: `/accounts/${accountId}/subscriptions` },
      count: 1,
    });
    const posts = () =>
      emulator.requests.filter("POST", `/accounts/${accountId}/subscriptions`);
    const run = startRunner(runner, "addon.ensure", { env, input });
    await waitFor(() => posts().length === 1, 10_000, "the runner's POST");
    run.child.kill("SIGKILL");
    const killed = await run.done;
    expect(killed.signal).toBe("SIGKILL");
    const owned = () =>
      Object.values(emulator.state.accountSubscriptions).filter(
        (s) => s.ownerId === accountId,
      );
    // The POST still lands after the runner died.
    await waitFor(() => owned().length === 1, 10_000, "the held POST");
    fault.remove();

    const rerun = await runRunner(runner, "addon.ensure", { env, input });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain("already as declared");
    expect(owned()).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });

  it("updates frequency and component values in place with one PUT", async () => {
    const { accountId } = await createAccountAndZone(emulator, "Addon Put");
    const env = emulatorEnv(emulator);
    const input = {
      account_id: accountId,
      rate_plan_id: "TEAMS_ENT",
      frequency: "monthly",
      component_values: [{ name: "users", value: 75 }],
    };
    await runRunner(runner, "addon.ensure", { env, input });
    const id = Object.values(emulator.state.accountSubscriptions).find(
      (s) => s.ownerId === accountId,
    )!.id;
    const since = emulator.requests.entries.length;
    await runRunner(runner, "addon.ensure", {
      env,
      input: {
        ...input,
        frequency: "yearly",
        component_values: [{ name: "users", value: 90 }],
      },
    });
    expect(writes(since)).toEqual([
      `PUT /accounts/${accountId}/subscriptions/${id}`,
    ]);
    expect(emulator.state.accountSubscriptions[id]).toMatchObject({
      frequency: "yearly",
      componentValues: [{ name: "users", value: 90 }],
    });
  });

  it("cancels the subscription on destroy, and does nothing when none is left", async () => {
    const { accountId } = await createAccountAndZone(emulator, "Addon Delete");
    const env = emulatorEnv(emulator);
    await runRunner(runner, "addon.ensure", {
      env,
      input: {
        account_id: accountId,
        rate_plan_id: "WORKERS_PAID",
        frequency: "monthly",
        component_values: [],
      },
    });
    const del = { account_id: accountId, rate_plan_id: "WORKERS_PAID" };
    let result = await runRunner(runner, "addon.delete", { env, input: del });
    expect(result.stdout).toContain("(DELETE)");
    const since = emulator.requests.entries.length;
    result = await runRunner(runner, "addon.delete", { env, input: del });
    expect(result.code).toBe(0);
    expect(writes(since)).toEqual([]);
    const read = await runRunner(runner, "addon.read", {
      env,
      stdin: JSON.stringify(del),
    });
    expect(JSON.parse(read.stdout)).toMatchObject({ state: "missing", id: "" });
  });
});

describe("know-your-customer fields", () => {
  it("puts the declared fields on the account and keeps its name", async () => {
    const { accountId } = await createAccountAndZone(emulator, "Kyc Co");
    const result = await runRunner(runner, "kyc.apply", {
      env: emulatorEnv(emulator),
      input: {
        account_id: accountId,
        fields: { business_name: "Kyc Co Ltd", business_phone: "+44 20 0000" },
      },
    });
    expect(result.code).toBe(0);
    expect(emulator.state.accounts[accountId]).toMatchObject({
      name: "Kyc Co",
      business_name: "Kyc Co Ltd",
      business_phone: "+44 20 0000",
    });
  });
});

describe("service users", () => {
  it("writes the API key to a 0600 file and nowhere else", async () => {
    const dir = tempDir("keys");
    const file = path.join(dir, "svc.key");
    const env = emulatorEnv(emulator);
    const input = {
      email: "svc-one@partner.example",
      sink: { kind: "file", path: file },
    };
    const result = await runRunner(runner, "service-user.create", {
      env,
      input,
    });
    expect(result.code).toBe(0);
    const key = fs.readFileSync(file, "utf8").trim();
    expect(key).toMatch(/^[0-9a-f]{37}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const user = Object.values(emulator.state.users).find(
      (u) => u.email === input.email,
    )!;
    expect(createHash("sha256").update(key).digest("hex")).toBe(
      user.apiKeySha256,
    );
    expect(result.stdout + result.stderr).not.toContain(key);
    expect(fs.readdirSync(dir)).toEqual(["svc.key"]);

    // a second run adopts the user, since the file holds its key
    const again = await runRunner(runner, "service-user.create", {
      env,
      input,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("adopted");
    expect(fs.readFileSync(file, "utf8").trim()).toBe(key);
  });

  it("hands the API key to a command on its standard input", async () => {
    const dir = tempDir("keycmd");
    const out = path.join(dir, "received");
    const script = path.join(dir, "sink.js");
    fs.writeFileSync(
      script,
      `process.stdin.pipe(require("fs").createWriteStream(${JSON.stringify(out)}));\n`,
    );
    const result = await runRunner(runner, "service-user.create", {
      env: emulatorEnv(emulator),
      input: {
        email: "svc-cmd@partner.example",
        sink: { kind: "command", argv: [process.execPath, script] },
      },
    });
    expect(result.code).toBe(0);
    const key = fs.readFileSync(out, "utf8").trim();
    expect(key).toMatch(/^[0-9a-f]{37}$/);
    expect(result.stdout + result.stderr).not.toContain(key);
  });

  it("fails before creating the user when the key file's folder is missing", async () => {
    const email = "svc-nofolder@partner.example";
    const result = await runRunner(runner, "service-user.create", {
      env: emulatorEnv(emulator),
      input: {
        email,
        sink: { kind: "file", path: path.join(tempDir("x"), "no", "k.key") },
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("key-sink-folder");
    expect(
      Object.values(emulator.state.users).some((u) => u.email === email),
    ).toBe(false);
  });

  it("refuses a key file inside cdktf.out", async () => {
    const dir = path.join(tempDir("proj"), "cdktf.out");
    fs.mkdirSync(dir);
    const result = await runRunner(runner, "service-user.create", {
      env: emulatorEnv(emulator),
      input: {
        email: "svc-out@partner.example",
        sink: { kind: "file", path: path.join(dir, "k.key") },
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("key-sink-in-cdktf-out");
  });

  it("fails, and adopts nothing, where Cloudflare has not enabled service users", async () => {
    const disabled = await TenantApiEmulator.start({
      seed: {
        tenants: [{ name: "No Service Users", serviceUsersEnabled: false }],
      },
    });
    try {
      const dir = tempDir("disabled");
      const file = path.join(dir, "k.key");
      fs.writeFileSync(file, "an older key\n", { mode: 0o600 });
      const result = await runRunner(runner, "service-user.create", {
        env: emulatorEnv(disabled),
        input: {
          email: "svc@partner.example",
          sink: { kind: "file", path: file },
        },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("403");
      expect(fs.readFileSync(file, "utf8")).toBe("an older key\n");
    } finally {
      await disabled.close();
    }
  });

  it("says what to do when the user exists but its key never reached the sink", async () => {
    const env = emulatorEnv(emulator);
    const email = "svc-lost@partner.example";
    await api(emulator, "POST", "/users", { email });
    const result = await runRunner(runner, "service-user.create", {
      env,
      input: {
        email,
        sink: { kind: "file", path: path.join(tempDir("l"), "k") },
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("service-user-key-lost");
    expect(result.stderr).toContain("roll the user's API key");
    expect(result.stderr).not.toContain(DEFAULT_EMULATOR_TOKEN);
  });
});
