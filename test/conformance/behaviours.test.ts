import { spawn } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { DEFAULT_SEED, DEFAULT_UNIT_TAGS } from "../../src/testing";
import {
  createProviderMirror,
  createWorkspace,
  ProviderMirror,
  readTrace,
  Workspace,
} from "./harness";
import { describeWithTerraform } from "./support";

type Json = Record<string, unknown>;
const FLAGS = ["-no-color", "-input=false"];
const unwrap = (s: string) => s.replace(/\s+/g, " ");

function config(resource: Json, version = "5.22.0"): Json {
  return {
    terraform: {
      required_providers: {
        cloudflare: { source: "cloudflare/cloudflare", version },
      },
    },
    provider: { cloudflare: [{}] },
    ...(Object.keys(resource).length > 0 ? { resource } : {}),
  };
}

const SEED_ACCOUNT = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
const SEED_ZONE = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";

describeWithTerraform(
  "terraform behaviours through the stand-in (5.22.0)",
  () => {
    jest.setTimeout(180_000);
    let mirror: ProviderMirror;
    let ws: Workspace;

    beforeAll(async () => {
      mirror = createProviderMirror();
      ws = await createWorkspace({
        mirror,
        emulatorOptions: {
          seed: {
            ...DEFAULT_SEED,
            accounts: [{ id: SEED_ACCOUNT, name: "Imported Customer" }],
            zones: [
              {
                id: SEED_ZONE,
                name: "imported.example",
                accountId: SEED_ACCOUNT,
                ratePlanId: "partners_pro",
                frequency: "monthly",
              },
            ],
          },
        },
      });
      ws.writeConfig(config({}));
      await ws.mustRun("init", ["init", ...FLAGS]);
    });

    afterAll(async () => {
      await ws?.close();
      if (!process.env.CF_CONFORMANCE_KEEP) {
        rmSync(mirror.root, { recursive: true, force: true });
      }
    });

    it("imports an existing account, zone and zone plan, then plans no changes", async () => {
      ws.writeConfig(
        config({
          cloudflare_account: { imported: { name: "Imported Customer" } },
          cloudflare_zone: {
            imported: {
              name: "imported.example",
              account: { id: "${cloudflare_account.imported.id}" },
            },
          },
          cloudflare_zone_subscription: {
            imported: {
              zone_id: "${cloudflare_zone.imported.id}",
              frequency: "monthly",
              rate_plan: { id: "partners_pro" },
            },
          },
        }),
      );
      await ws.mustRun("import account", [
        "import",
        ...FLAGS,
        "cloudflare_account.imported",
        SEED_ACCOUNT,
      ]);
      await ws.mustRun("import zone", [
        "import",
        ...FLAGS,
        "cloudflare_zone.imported",
        SEED_ZONE,
      ]);
      await ws.mustRun("import zone plan", [
        "import",
        ...FLAGS,
        "cloudflare_zone_subscription.imported",
        SEED_ZONE,
      ]);
      const state = ws.readState();
      expect(
        state.byAddress.get("cloudflare_zone.imported")!.attributes,
      ).toMatchObject({
        id: SEED_ZONE,
        name: "imported.example",
        account: { id: SEED_ACCOUNT },
      });
      const plan = await ws.terraform("plan", [
        "plan",
        ...FLAGS,
        "-detailed-exitcode",
      ]);
      expect(plan.stdout).toContain("No changes.");
      expect(plan.exitCode).toBe(0);
      // Forget them again without touching the API.
      for (const addr of [
        "cloudflare_zone_subscription.imported",
        "cloudflare_zone.imported",
        "cloudflare_account.imported",
      ]) {
        await ws.mustRun("state rm", ["state", "rm", addr]);
      }
    });

    it("refreshes a change made outside terraform and plans it back in place", async () => {
      ws.writeConfig(
        config({
          cloudflare_account: { drift: { name: "Drifting Customer" } },
        }),
      );
      await ws.mustRun("apply", ["apply", ...FLAGS, "-auto-approve"]);
      const id = String(
        ws.readState().byAddress.get("cloudflare_account.drift")!.attributes.id,
      );
      const res = await fetch(`${ws.emulator.baseUrl}/accounts/${id}`, {
        method: "PUT",
        headers: {
          authorization: `Bearer ${ws.token}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ name: "Renamed In The Dashboard" }),
      });
      expect(res.status).toBe(200);
      const plan = await ws.terraform("plan", [
        "plan",
        ...FLAGS,
        "-detailed-exitcode",
      ]);
      expect(plan.exitCode).toBe(2);
      expect(plan.stdout).toContain("~ update in-place");
      expect(plan.stdout).toMatch(
        /~ name += "Renamed In The Dashboard" -> "Drifting Customer"/,
      );
      await ws.mustRun("apply", ["apply", ...FLAGS, "-auto-approve"]);
      expect(ws.emulator.state.accounts[id].name).toBe("Drifting Customer");
      ws.writeConfig(config({}));
      await ws.mustRun("destroy", ["apply", ...FLAGS, "-auto-approve"]);
      expect(ws.emulator.state.accounts[id]).toBeUndefined();
    });

    it("plans a replacement when a zone's name or an account's unit changes (requires_replace)", async () => {
      const zoneOn = (name: string, unit: string) =>
        config({
          cloudflare_account: {
            r: { name: "Replace Me", unit: { id: unit } },
          },
          cloudflare_zone: {
            r: { name, account: { id: "${cloudflare_account.r.id}" } },
          },
        });
      ws.writeConfig(zoneOn("first.example", DEFAULT_UNIT_TAGS.Default));
      await ws.mustRun("apply", ["apply", ...FLAGS, "-auto-approve"]);
      const acct = ws.readState().byAddress.get("cloudflare_account.r")!;
      expect(acct.attributes.unit).toEqual({ id: DEFAULT_UNIT_TAGS.Default });
      ws.writeConfig(zoneOn("second.example", DEFAULT_UNIT_TAGS.Default));
      const zonePlan = await ws.terraform("plan", [
        "plan",
        ...FLAGS,
        "-detailed-exitcode",
      ]);
      expect(zonePlan.exitCode).toBe(2);
      expect(zonePlan.stdout).toContain("cloudflare_zone.r must be replaced");
      expect(zonePlan.stdout).toContain("# forces replacement");
      expect(zonePlan.stdout).toContain(
        "Plan: 1 to add, 0 to change, 1 to destroy.",
      );
      ws.writeConfig(zoneOn("first.example", DEFAULT_UNIT_TAGS.Europe));
      const unitPlan = await ws.terraform("plan", [
        "plan",
        ...FLAGS,
        "-detailed-exitcode",
      ]);
      expect(unitPlan.exitCode).toBe(2);
      expect(unitPlan.stdout).toContain(
        "cloudflare_account.r must be replaced",
      );
      ws.writeConfig(config({}));
      await ws.mustRun("destroy", ["apply", ...FLAGS, "-auto-approve"]);
    });

    it("only drops a zone_subscription from state on destroy, with the provider's warning", async () => {
      const withSub = config({
        cloudflare_zone: {
          z: { name: "keeps-plan.example", account: { id: SEED_ACCOUNT } },
        },
        cloudflare_zone_subscription: {
          z: {
            zone_id: "${cloudflare_zone.z.id}",
            frequency: "monthly",
            rate_plan: { id: "partners_pro" },
          },
        },
      });
      ws.writeConfig(withSub);
      const created = await ws.mustRun("apply", [
        "apply",
        ...FLAGS,
        "-auto-approve",
      ]);
      expect(unwrap(created.stdout + created.stderr)).toContain(
        "This resource cannot be destroyed from Terraform.",
      );
      const zoneId = String(
        ws.readState().byAddress.get("cloudflare_zone.z")!.attributes.id,
      );
      const requestsBefore = ws.emulator.requests.count;
      ws.writeConfig(
        config({
          cloudflare_zone: {
            z: { name: "keeps-plan.example", account: { id: SEED_ACCOUNT } },
          },
        }),
      );
      const dropped = await ws.mustRun("apply", [
        "apply",
        ...FLAGS,
        "-auto-approve",
      ]);
      expect(unwrap(dropped.stdout + dropped.stderr)).toContain(
        "Warning: Resource Destruction Considerations",
      );
      expect(dropped.stdout).toContain("0 added, 0 changed, 1 destroyed");
      const sub = Object.values(ws.emulator.state.zoneSubscriptions).find(
        (s) => s.ownerId === zoneId,
      );
      expect(sub?.ratePlanId.toLowerCase()).toBe("partners_pro");
      const writes = ws.emulator.requests.entries
        .slice(-(ws.emulator.requests.count - requestsBefore))
        .filter((e) => e.method !== "GET");
      expect(writes).toEqual([]);
      ws.writeConfig(config({}));
      await ws.mustRun("destroy", ["apply", ...FLAGS, "-auto-approve"]);
    });

    it("reads the zone_subscription and account_roles data sources, next to terraform_data", async () => {
      const json = config({});
      json.data = {
        cloudflare_zone_subscription: { plan: { zone_id: SEED_ZONE } },
        cloudflare_account_roles: { roles: { account_id: SEED_ACCOUNT } },
      };
      json.resource = {
        terraform_data: { marker: { input: "built in, no provider" } },
      };
      json.output = {
        plan_id: {
          value: "${data.cloudflare_zone_subscription.plan.rate_plan.id}",
        },
        role_names: {
          value: "${data.cloudflare_account_roles.roles.result[*].name}",
        },
      };
      ws.writeConfig(json);
      await ws.mustRun("apply", ["apply", ...FLAGS, "-auto-approve"]);
      const out = await ws.mustRun("output", ["output", "-json"]);
      const outputs = JSON.parse(out.stdout) as Record<
        string,
        { value: unknown }
      >;
      expect(String(outputs.plan_id.value).toLowerCase()).toBe("partners_pro");
      expect(outputs.role_names.value).toEqual(
        ws.emulator.state.roles.map((r) => r.name),
      );
      expect(ws.readState().byAddress.has("terraform_data.marker")).toBe(true);
      ws.writeConfig(config({}));
      await ws.mustRun("destroy", ["apply", ...FLAGS, "-auto-approve"]);
    });

    it("creates a 5.22.0 member whose roles and status come back from the API, and imports it and an add-on by their composite ids", async () => {
      ws.writeConfig(
        config({
          cloudflare_account_member: {
            m: {
              account_id: SEED_ACCOUNT,
              email: "new.member@example.com",
              roles: ["05784afa30c1afe1440e79d9351c7430"],
            },
          },
          cloudflare_account_subscription: {
            s: {
              account_id: SEED_ACCOUNT,
              frequency: "monthly",
              rate_plan: { id: "PARTNERS_WORKERS_BASIC" },
            },
          },
        }),
      );
      await ws.mustRun("apply", ["apply", ...FLAGS, "-auto-approve"]);
      const state = ws.readState();
      const m = state.byAddress.get("cloudflare_account_member.m")!;
      const memberId = String(m.attributes.id);
      expect(m.attributes.roles).toEqual(["05784afa30c1afe1440e79d9351c7430"]);
      expect(m.attributes.status).toBe(
        ws.emulator.state.members[memberId].status,
      );
      const subId = String(
        state.byAddress.get("cloudflare_account_subscription.s")!.attributes.id,
      );
      const plan = await ws.terraform("plan", [
        "plan",
        ...FLAGS,
        "-detailed-exitcode",
      ]);
      expect(plan.exitCode).toBe(0);
      for (const addr of [
        "cloudflare_account_member.m",
        "cloudflare_account_subscription.s",
      ]) {
        await ws.mustRun("state rm", ["state", "rm", addr]);
      }
      await ws.mustRun("import member", [
        "import",
        ...FLAGS,
        "cloudflare_account_member.m",
        `${SEED_ACCOUNT}/${memberId}`,
      ]);
      await ws.mustRun("import add-on", [
        "import",
        ...FLAGS,
        "cloudflare_account_subscription.s",
        `${SEED_ACCOUNT}/${subId}`,
      ]);
      const afterImport = await ws.terraform("plan", [
        "plan",
        ...FLAGS,
        "-detailed-exitcode",
      ]);
      expect(afterImport.stdout).toContain("No changes.");
      expect(afterImport.exitCode).toBe(0);
      ws.writeConfig(config({}));
      await ws.mustRun("destroy", ["apply", ...FLAGS, "-auto-approve"]);
      expect(ws.emulator.state.members[memberId]).toBeUndefined();
      expect(ws.emulator.state.accountSubscriptions[subId]).toBeUndefined();
    });
  },
);

describeWithTerraform("moving a stack from provider 5.14.0 to 5.22.0", () => {
  jest.setTimeout(180_000);

  it("fails the plan on zone state written by 5.14.0, as the 5.22.0 upgrader does, and upgrades the account", async () => {
    const ws = await createWorkspace();
    try {
      const stack = (version: string, withZone: boolean) =>
        config(
          {
            cloudflare_account: { a: { name: "Upgrading Customer" } },
            ...(withZone
              ? {
                  cloudflare_zone: {
                    z: {
                      name: "upgrading.example",
                      account: { id: "${cloudflare_account.a.id}" },
                    },
                  },
                }
              : {}),
          },
          version,
        );
      ws.writeConfig(stack("5.14.0", true));
      await ws.mustRun("init", ["init", ...FLAGS]);
      await ws.mustRun("apply", ["apply", ...FLAGS, "-auto-approve"]);
      ws.writeConfig(stack("5.22.0", true));
      await ws.mustRun("init -upgrade", ["init", ...FLAGS, "-upgrade"]);
      const plan = await ws.terraform("plan", ["plan", ...FLAGS]);
      expect(plan.exitCode).toBe(1);
      expect(unwrap(plan.stderr)).toContain(
        "Error: Failed to unmarshal v4 zone state",
      );
      // The documented way out: forget the zone, upgrade, import it again.
      const zoneId = String(
        ws.readState().byAddress.get("cloudflare_zone.z")!.attributes.id,
      );
      await ws.mustRun("state rm", ["state", "rm", "cloudflare_zone.z"]);
      await ws.mustRun("import", [
        "import",
        ...FLAGS,
        "cloudflare_zone.z",
        zoneId,
      ]);
      const after = await ws.terraform("plan", [
        "plan",
        ...FLAGS,
        "-detailed-exitcode",
      ]);
      expect(after.stdout).toContain("No changes.");
      expect(after.exitCode).toBe(0);
      // The account's upgrader drops settings (the state file, written by
      // import, holds the upgraded value) until a refresh fills them in.
      const settings = () =>
        ws.readState().byAddress.get("cloudflare_account.a")!.attributes
          .settings;
      expect(settings()).toEqual({
        abuse_contact_email: null,
        enforce_twofactor: null,
      });
      await ws.mustRun("refresh", [
        "apply",
        ...FLAGS,
        "-refresh-only",
        "-auto-approve",
      ]);
      expect(settings()).toEqual({
        abuse_contact_email: null,
        enforce_twofactor: false,
      });
      ws.writeConfig(config({}, "5.22.0"));
      await ws.mustRun("destroy", ["apply", ...FLAGS, "-auto-approve"]);
      expect(Object.keys(ws.emulator.state.zones)).toEqual([]);
    } finally {
      await ws.close();
    }
  });
});

describeWithTerraform("go-plugin AutoMTLS", () => {
  jest.setTimeout(120_000);

  it("applies and destroys with terraform's default mutual TLS (no TF_DISABLE_PLUGIN_TLS)", async () => {
    const ws = await createWorkspace({ autoMtls: true });
    try {
      ws.writeConfig(
        config({ cloudflare_account: { tls: { name: "Over TLS" } } }),
      );
      await ws.mustRun("init", ["init", ...FLAGS]);
      await ws.mustRun("apply", ["apply", ...FLAGS, "-auto-approve"]);
      const id = String(
        ws.readState().byAddress.get("cloudflare_account.tls")!.attributes.id,
      );
      expect(ws.emulator.state.accounts[id].name).toBe("Over TLS");
      ws.writeConfig(config({}));
      await ws.mustRun("destroy", ["apply", ...FLAGS, "-auto-approve"]);
      const starts = readTrace(ws.mirror).filter((e) => e.event === "start");
      expect(starts.length).toBeGreaterThan(0);
      expect(starts.every((e) => e.tls === true)).toBe(true);
    } finally {
      await ws.close();
    }
  });
});

describe("the stand-in process speaks go-plugin's handshake and protocol 6", () => {
  let mirror: ProviderMirror;
  beforeAll(() => {
    mirror = createProviderMirror();
  });
  afterAll(() => {
    rmSync(mirror.root, { recursive: true, force: true });
  });

  const launcher = (version: string) => {
    const dir = join(
      mirror.mirrorDir,
      "registry.terraform.io/cloudflare/cloudflare",
      version,
    );
    const platform = readdirSync(dir)[0];
    return join(dir, platform, `terraform-provider-cloudflare_v${version}`);
  };

  it("refuses to run without go-plugin's magic cookie", async () => {
    const child = spawn(launcher("5.22.0"), [], {
      env: { PATH: process.env.PATH },
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    const code = await new Promise((done) => child.on("exit", done));
    expect(code).toBe(1);
    expect(stderr).toContain("This binary is a plugin.");
  });

  it("prints the handshake line, answers health and schema calls, and exits on Shutdown", async () => {
    const child = spawn(launcher("5.14.0"), [], {
      env: {
        PATH: process.env.PATH,
        TF_PLUGIN_MAGIC_COOKIE:
          "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
        PLUGIN_PROTOCOL_VERSIONS: "5,6",
      },
    });
    const exited = new Promise((done) => child.on("exit", done));
    const clients: grpc.Client[] = [];
    try {
      const line = await new Promise<string>((done, fail) => {
        let out = "";
        child.stdout.on("data", (d) => {
          out += String(d);
          if (out.includes("\n")) done(out.split("\n")[0]);
        });
        child.on("exit", (code) => fail(new Error(`exited with ${code}`)));
      });
      expect(line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc$/);
      const address = line.split("|")[3];
      const def = protoLoader.loadSync(
        ["tfplugin6.proto", "plugin.proto", "health.proto"].map((f) =>
          join(__dirname, "proto", f),
        ),
        { keepCase: true, longs: Number, enums: String, defaults: true },
      );
      const pkg = grpc.loadPackageDefinition(def) as unknown as {
        tfplugin6: { Provider: grpc.ServiceClientConstructor };
        plugin: { GRPCController: grpc.ServiceClientConstructor };
        grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
      };
      const creds = grpc.credentials.createInsecure();
      type Callback<T> = (err: Error | null, res: T) => void;
      type UnaryMethod = (req: object, cb: Callback<unknown>) => void;
      const call = <T>(client: grpc.Client, method: string, req: object) =>
        new Promise<T>((done, fail) =>
          (client as unknown as Record<string, UnaryMethod>)[method].call(
            client,
            req,
            (err, res) => (err ? fail(err) : done(res as T)),
          ),
        );
      const health = new pkg.grpc.health.v1.Health(address, creds);
      const provider = new pkg.tfplugin6.Provider(address, creds);
      const controller = new pkg.plugin.GRPCController(address, creds);
      clients.push(health, provider, controller);
      const status = await call<{ status: string }>(health, "Check", {
        service: "plugin",
      });
      expect(status.status).toBe("SERVING");
      const schema = await call<{
        resource_schemas: Record<string, { version: number }>;
        server_capabilities: { plan_destroy: boolean };
      }>(provider, "GetProviderSchema", {});
      expect(Object.keys(schema.resource_schemas).sort()).toEqual([
        "cloudflare_account",
        "cloudflare_account_member",
        "cloudflare_account_subscription",
        "cloudflare_zone",
        "cloudflare_zone_subscription",
      ]);
      expect(schema.resource_schemas.cloudflare_zone.version).toBe(0);
      expect(schema.server_capabilities.plan_destroy).toBe(true);
      await call(controller, "Shutdown", {});
      expect(await exited).toBe(0);
    } finally {
      for (const c of clients) c.close();
      if (child.exitCode === null) child.kill();
    }
  });
});
