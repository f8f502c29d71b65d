/**
 * What the gap constructs synthesize, and what they refuse.
 */
import { AccountSubscription } from "@cdktf/provider-cloudflare/lib/account-subscription";
import { App, TerraformOutput, TerraformStack, Testing } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  AccountAddonSubscription,
  AccountKyc,
  AddonPlan,
  ApiKeySink,
  ManagedCustomer,
  ServiceUser,
  TenantProvider,
  TenantValidationError,
  ZonePlan,
  ZonePlanSubscription,
} from "../../src";
import { tempDir } from "./support";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function newStack(baseUrl?: string): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new TenantProvider(stack, "cloudflare", { baseUrl });
  return stack;
}

function synth(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack)) as Json;
}

function byPath(json: Json, type: string, constructPath: string): Json {
  const all = (json.resource?.[type] ?? json.data?.[type] ?? {}) as Record<
    string,
    Json
  >;
  const prefix = `${constructPath.replace(/\//g, "_")}_`;
  const found = Object.entries(all).filter(
    ([name]) =>
      name.startsWith(prefix) && /^[0-9A-F]+$/.test(name.slice(prefix.length)),
  );
  if (found.length !== 1) throw new Error(`no one ${type} at ${constructPath}`);
  return found[0][1];
}

/** What a token resolves to, through an output of the stack. */
function resolved(stack: TerraformStack, value: string): string {
  new TerraformOutput(stack, `out${++outputs}`, { value });
  return synth(stack).output[`out${outputs}`].value as string;
}
let outputs = 0;

function thrown(fn: () => unknown): TenantValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TenantValidationError);
    return error as TenantValidationError;
  }
  throw new Error("expected an error, none was thrown");
}

describe("ZonePlanSubscription", () => {
  it("puts the mutable settings in the Settings resource's triggers_replace and the zone in Lifecycle's", () => {
    const stack = newStack();
    new ZonePlanSubscription(stack, "Plan", {
      zoneId: "023e105f4ecef8ad9ca31a8372d0c353",
      plan: ZonePlan.PARTNERS_BIZ,
      frequency: "annual",
      componentValues: { page_rules: 50 },
    });
    const json = synth(stack);
    const lifecycle = byPath(json, "terraform_data", "Plan/Lifecycle");
    const settings = byPath(json, "terraform_data", "Plan/Settings");
    expect(lifecycle.triggers_replace).toEqual({
      zone_id: "023e105f4ecef8ad9ca31a8372d0c353",
    });
    expect(settings.triggers_replace).toEqual({
      zone_id: "023e105f4ecef8ad9ca31a8372d0c353",
      rate_plan_id: "PARTNERS_BIZ",
      frequency: "yearly",
      component_values: [{ name: "page_rules", value: 50 }],
    });
    expect(settings.depends_on).toEqual([
      expect.stringMatching(/^terraform_data\.Plan_Lifecycle_/),
    ]);
    const exec = settings.provisioner[0]["local-exec"];
    expect(exec.interpreter[0]).toBe("node");
    expect(exec.interpreter[1]).toMatch(
      /^\$\{path\.module\}\/assets\/.+\/cftenant-gaps-runner\.js$/,
    );
    expect(exec.command).toBe("zone-plan.ensure");
    expect(exec.environment).toEqual({
      CFTENANT_GAP_INPUT: "${jsonencode(self.input)}",
    });
  });

  it("adds no destroy step unless a release plan is given, like the provider's resource", () => {
    const stack = newStack();
    new ZonePlanSubscription(stack, "Keep", {
      zoneId: "z1",
      plan: ZonePlan.CF_BIZ,
    });
    new ZonePlanSubscription(stack, "Release", {
      zoneId: "z2",
      plan: ZonePlan.CF_BIZ,
      releasePlanOnDestroy: ZonePlan.CF_FREE,
    });
    const json = synth(stack);
    const keep = byPath(json, "terraform_data", "Keep/Lifecycle");
    const release = byPath(json, "terraform_data", "Release/Lifecycle");
    expect(keep.provisioner.map((p: Json) => p["local-exec"].when)).toEqual([
      undefined,
    ]);
    expect(release.provisioner[1]["local-exec"]).toMatchObject({
      command: "zone-plan.release",
      when: "destroy",
    });
    expect(release.input.release_rate_plan_id).toBe("CF_FREE");
  });

  it("adds a data source and a check block that compare the live plan with the declaration", () => {
    const stack = newStack();
    new ZonePlanSubscription(stack, "Plan", {
      zoneId: "z1",
      plan: ZonePlan.MSP_BIZ,
      componentValues: { page_rules: 10, dedicated_certificates: 1 },
    });
    const json = synth(stack);
    const live = byPath(json, "external", "Plan/Live");
    expect(live.program.slice(-1)).toEqual(["zone-plan.read"]);
    expect(live.query).toEqual({
      zone_id: "z1",
      components: "dedicated_certificates,page_rules",
      base_url: "",
    });
    const checks = Object.values(json.check as Record<string, Json>);
    expect(checks).toHaveLength(1);
    const conditions = checks[0].assert.map((a: Json) => a.condition);
    expect(conditions).toContainEqual(
      expect.stringContaining(
        '.result.component_values == \\"dedicated_certificates=1,page_rules=10\\"'.replace(
          /\\"/g,
          '"',
        ),
      ),
    );
    expect(json.terraform.required_providers.external).toEqual({
      source: "hashicorp/external",
      version: "~> 2.3",
    });
  });

  it("passes the provider's literal base URL to the runner", () => {
    const stack = newStack("http://127.0.0.1:8787/client/v4");
    new ZonePlanSubscription(stack, "Plan", { zoneId: "z", plan: "CF_BIZ" });
    const json = synth(stack);
    expect(byPath(json, "terraform_data", "Plan/Settings").input.base_url).toBe(
      "http://127.0.0.1:8787/client/v4",
    );
  });

  it("throws if a component value is not a whole number", () => {
    const error = thrown(
      () =>
        new ZonePlanSubscription(newStack(), "Plan", {
          zoneId: "z",
          plan: "PARTNERS_BIZ",
          componentValues: { page_rules: 2.5 },
        }),
    );
    expect(error.code).toBe("invalid-component-value");
    expect(error.message).toContain("test/Plan");
    expect(error.message).toContain('"page_rules" the value 2.5');
  });

  it("throws if a component name is not a component name", () => {
    const error = thrown(
      () =>
        new ZonePlanSubscription(newStack(), "Plan", {
          zoneId: "z",
          plan: "PARTNERS_BIZ",
          componentValues: { "Page Rules": 5 },
        }),
    );
    expect(error.code).toBe("invalid-component-name");
  });
});

describe("AccountAddonSubscription", () => {
  it("cancels on destroy and exposes the subscription id read through data external", () => {
    const stack = newStack();
    const addon = new AccountAddonSubscription(stack, "Seats", {
      accountId: "a1",
      ratePlan: AddonPlan.TEAMS_ENT,
      componentValues: { users: 75 },
    });
    const json = synth(stack);
    const lifecycle = byPath(json, "terraform_data", "Seats/Lifecycle");
    expect(lifecycle.triggers_replace).toEqual({
      account_id: "a1",
      rate_plan_id: "TEAMS_ENT",
    });
    expect(
      lifecycle.provisioner.map((p: Json) => [
        p["local-exec"].command,
        p["local-exec"].when,
      ]),
    ).toEqual([
      ["addon.ensure", undefined],
      ["addon.delete", "destroy"],
    ]);
    const extra = lifecycle.provisioner[0]["local-exec"].environment
      .CFTENANT_GAP_INPUT_EXTRA as string;
    expect(JSON.parse(extra)).toEqual({
      frequency: "monthly",
      component_values: [{ name: "users", value: 75 }],
    });
    const id = byPath(json, "external", "Seats/Id");
    expect(id.depends_on).toEqual([
      expect.stringMatching(/^terraform_data\.Seats_Lifecycle_/),
    ]);
    expect(resolved(stack, addon.subscriptionId)).toMatch(
      /^\$\{data\.external\.Seats_Id_[0-9A-F]+\.result\.id\}$/,
    );
  });

  it("throws if two add-ons of one account share a rate plan", () => {
    const stack = newStack();
    new AccountAddonSubscription(stack, "One", {
      accountId: "a1",
      ratePlan: "TEAMS_ENT",
    });
    const error = thrown(
      () =>
        new AccountAddonSubscription(stack, "Two", {
          accountId: "a1",
          ratePlan: "teams_ent",
        }),
    );
    expect(error.code).toBe("duplicate-addon");
    expect(error.message).toContain("test/One");
  });
});

describe("AddonSubscription", () => {
  it("keeps the provider's resource without component values and uses the gap with them", () => {
    const stack = newStack();
    const customer = new ManagedCustomer(stack, "acme", { name: "Acme" });
    const plain = customer.addAddon("Workers", {
      ratePlan: AddonPlan.WORKERS_PAID,
    });
    const seats = customer.addAddon("ZeroTrust", {
      ratePlan: AddonPlan.TEAMS_ENT,
      componentValues: { users: 75 },
    });
    expect(plain.subscription).toBeInstanceOf(AccountSubscription);
    expect(plain.gapSubscription).toBeUndefined();
    expect(seats.subscription).toBeUndefined();
    expect(seats.gapSubscription).toBeInstanceOf(AccountAddonSubscription);
    expect(resolved(stack, seats.subscriptionId)).toContain("data.external.");
  });
});

describe("AccountKyc", () => {
  it("sets the fields after the account, and only checks the ones the API reports", () => {
    const stack = newStack();
    new ManagedCustomer(stack, "acme", {
      name: "Acme",
      kyc: { businessName: "Acme Ltd", externalMetadata: '{"a": "${x}"}' },
    });
    const json = synth(stack);
    const settings = byPath(json, "terraform_data", "acme/Kyc/Settings");
    expect(settings.input.fields).toEqual({
      business_name: "Acme Ltd",
      // escaped: Terraform reads every string as a template
      external_metadata: '{"a": "$${x}"}',
    });
    expect(settings.triggers_replace.account_name).toBe("Acme");
    expect(settings.provisioner).toHaveLength(1);
    const check = Object.values(json.check as Record<string, Json>)[0];
    expect(check.assert).toHaveLength(2);
    expect(check.assert[1].condition).toContain("$${x}");
  });

  it("throws if a field is over 120 characters", () => {
    const error = thrown(
      () =>
        new AccountKyc(newStack(), "Kyc", {
          accountId: "a",
          accountName: "A",
          fields: { businessAddress: "x".repeat(121) },
        }),
    );
    expect(error.code).toBe("kyc-too-long");
    expect(error.message).toContain('prop "businessAddress" is 121 characters');
  });
});

describe("ServiceUser", () => {
  it("orders the membership after the user through the user's email", () => {
    const stack = newStack();
    const customer = new ManagedCustomer(stack, "acme", { name: "Acme" });
    const user = customer.addServiceUser("Svc", {
      email: "svc@partner.example",
      apiKeySink: "~/.config/cloudflare/acme.key",
    });
    const json = synth(stack);
    const lifecycle = byPath(json, "terraform_data", "acme/Svc/Lifecycle");
    expect(lifecycle.input.sink).toEqual({
      kind: "file",
      path: "~/.config/cloudflare/acme.key",
    });
    const member = byPath(json, "cloudflare_account_member", "acme/Svc/Member");
    expect(member.email).toMatch(
      /^\$\{terraform_data\.acme_Svc_Lifecycle_[0-9A-F]+\.output\.email\}$/,
    );
    expect(member.roles).toEqual(["05784afa30c1afe1440e79d9351c7430"]);
    expect(user.member).toBeDefined();
  });

  it("throws if two service users share an email", () => {
    const stack = newStack();
    new ServiceUser(stack, "One", {
      email: "svc@partner.example",
      apiKeySink: "/keys/one.key",
    });
    const error = thrown(
      () =>
        new ServiceUser(stack, "Two", {
          email: "SVC@partner.example",
          apiKeySink: "/keys/two.key",
        }),
    );
    expect(error.code).toBe("duplicate-service-user");
    expect(error.message).toContain("test/One");
  });

  it("throws if the key file is relative", () => {
    const error = thrown(
      () =>
        new ServiceUser(newStack(), "Svc", {
          email: "svc@partner.example",
          apiKeySink: "keys/svc.key",
        }),
    );
    expect(error.code).toBe("key-file-relative");
  });

  it("throws if the key file lies inside cdktf.out", () => {
    const error = thrown(
      () =>
        new ServiceUser(newStack(), "Svc", {
          email: "svc@partner.example",
          apiKeySink: ApiKeySink.toFile("/srv/project/cdktf.out/svc.key"),
        }),
    );
    expect(error.code).toBe("key-file-in-cdktf-out");
  });

  it("throws if a command sink would interpolate", () => {
    const error = thrown(
      () =>
        new ServiceUser(newStack(), "Svc", {
          email: "svc@partner.example",
          apiKeySink: ApiKeySink.toCommand(["sh", "-c", "echo ${var.x}"]),
        }),
    );
    expect(error.code).toBe("key-command-template");
  });

  it("ships the runner inside the synthesized stack folder", () => {
    const outdir = path.join(tempDir("synth"), "cdktf.out");
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "s");
    new TenantProvider(stack, "cloudflare");
    new ServiceUser(stack, "Svc", {
      email: "svc@partner.example",
      apiKeySink: "/var/lib/partner/svc.key",
    });
    app.synth();
    const stackDir = path.join(outdir, "stacks", "s");
    const json = JSON.parse(
      fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"),
    ) as Json;
    const exec = Object.values(json.resource.terraform_data as Json)[0]
      .provisioner[0]["local-exec"];
    const file = path.join(
      stackDir,
      String(exec.interpreter[1]).replace("${path.module}/", ""),
    );
    expect(fs.readFileSync(file, "utf8")).toContain(
      "cdktf-cloudflare-tenant gap runner",
    );
  });
});
