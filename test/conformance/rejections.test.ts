import { rmSync } from "node:fs";
import { DEFAULT_UNIT_TAGS } from "../../src/testing";
import {
  createProviderMirror,
  createWorkspace,
  ProviderMirror,
  StandInVersion,
  Workspace,
} from "./harness";
import { describeWithTerraform } from "./support";

type Json = Record<string, unknown>;

function stack(version: StandInVersion, resource: Json): Json {
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

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const ZONE = "fedcba9876543210fedcba9876543210";

/** Terraform's output with its line wrapping undone. */
const unwrap = (s: string) => s.replace(/\s+/g, " ");

describeWithTerraform("stacks the real provider rejects", () => {
  jest.setTimeout(120_000);
  let mirror: ProviderMirror;
  const ws: Partial<Record<StandInVersion, Workspace>> = {};

  /** One init per provider version for the whole file. */
  async function workspace(version: StandInVersion): Promise<Workspace> {
    const existing = ws[version];
    if (existing) return existing;
    const created = await createWorkspace({ mirror });
    ws[version] = created;
    created.writeConfig(stack(version, {}));
    await created.mustRun("init", ["init", "-no-color", "-input=false"]);
    return created;
  }

  async function validate(version: StandInVersion, resource: Json) {
    const w = await workspace(version);
    w.writeConfig(stack(version, resource));
    return w.terraform("validate", ["validate", "-no-color"]);
  }

  beforeAll(() => {
    mirror = createProviderMirror();
  });

  afterAll(async () => {
    for (const w of Object.values(ws)) await w?.close();
    if (!process.env.CF_CONFORMANCE_KEEP) {
      rmSync(mirror.root, { recursive: true, force: true });
    }
  });

  it.each(["5.14.0", "5.22.0"] as const)(
    "fails validate on zone_subscription rate_plan.id PARTNERS_BIZ with the provider's one_of diagnostic (%s)",
    async (version) => {
      const run = await validate(version, {
        cloudflare_zone_subscription: {
          biz: {
            zone_id: ZONE,
            frequency: "monthly",
            rate_plan: { id: "PARTNERS_BIZ" },
          },
        },
      });
      expect(run.exitCode).toBe(1);
      const out = unwrap(run.stderr);
      expect(out).toContain("Error: Invalid Attribute Value Match");
      expect(out).toContain("with cloudflare_zone_subscription.biz");
      expect(out).toContain(
        'Attribute rate_plan.id value must be one of: ["free" "lite" "pro" "pro_plus" "business" "enterprise" "partners_free" "partners_pro" "partners_business" "partners_enterprise" "partners_ent"], got: "PARTNERS_BIZ"',
      );
    },
  );

  it("accepts rate plan ids in any case, as the case-insensitive one_of does", async () => {
    const run = await validate("5.22.0", {
      cloudflare_zone_subscription: {
        pro: { zone_id: ZONE, rate_plan: { id: "Partners_Pro" } },
      },
    });
    expect(unwrap(run.stdout + run.stderr)).toContain(
      "The configuration is valid.",
    );
    expect(run.exitCode).toBe(0);
  });

  it("fails validate on an attribute the schema does not have, with terraform's own error", async () => {
    const run = await validate("5.22.0", {
      cloudflare_zone: {
        z: { name: "example.com", account: { id: ACCOUNT }, plan_id: "free" },
      },
    });
    expect(run.exitCode).toBe(1);
    const out = unwrap(run.stderr);
    expect(out).toContain("Error: Extraneous JSON object property");
    expect(out).toContain('No argument or block type is named "plan_id".');
  });

  it("fails validate when a required attribute is missing, with terraform's own error", async () => {
    const run = await validate("5.22.0", {
      cloudflare_zone: { z: { account: { id: ACCOUNT } } },
    });
    expect(run.exitCode).toBe(1);
    const out = unwrap(run.stderr);
    expect(out).toContain("Error: Missing required argument");
    expect(out).toContain('The argument "name" is required');
  });

  it("fails validate in 5.22.0 on a member with neither roles nor policies (exactly_one_of), which 5.14.0 accepts", async () => {
    const member = {
      cloudflare_account_member: {
        m: { account_id: ACCOUNT, email: "someone@example.com" },
      },
    };
    const v522 = await validate("5.22.0", member);
    expect(v522.exitCode).toBe(1);
    expect(unwrap(v522.stderr)).toContain(
      "Error: Missing Attribute Configuration",
    );
    expect(unwrap(v522.stderr)).toContain(
      "Exactly one of these attributes must be configured: [roles,policies]",
    );
    const v514 = await validate("5.14.0", member);
    expect(v514.exitCode).toBe(0);
  });

  it("fails validate in 5.22.0 on a member with both roles and policies", async () => {
    const run = await validate("5.22.0", {
      cloudflare_account_member: {
        m: {
          account_id: ACCOUNT,
          email: "someone@example.com",
          roles: ["05784afa30c1afe1440e79d9351c7430"],
          policies: [
            {
              access: "allow",
              permission_groups: [{ id: "a" }],
              resource_groups: [{ id: "b" }],
            },
          ],
        },
      },
    });
    expect(run.exitCode).toBe(1);
    expect(unwrap(run.stderr)).toContain(
      "Error: Invalid Attribute Combination",
    );
  });

  it("fails validate on a policy access outside allow/deny inside the policies set", async () => {
    const run = await validate("5.22.0", {
      cloudflare_account_member: {
        m: {
          account_id: ACCOUNT,
          email: "someone@example.com",
          policies: [
            {
              access: "maybe",
              permission_groups: [{ id: "a" }],
              resource_groups: [{ id: "b" }],
            },
          ],
        },
      },
    });
    expect(run.exitCode).toBe(1);
    expect(unwrap(run.stderr)).toContain(
      'Attribute policies.access value must be one of: ["allow" "deny"], got: "maybe"',
    );
  });

  it("warns in 5.22.0 that account type is deprecated, and not in 5.14.0", async () => {
    const account = {
      cloudflare_account: { a: { name: "Acme", type: "enterprise" } },
    };
    const v522 = await validate("5.22.0", account);
    expect(v522.exitCode).toBe(0);
    expect(unwrap(v522.stdout + v522.stderr)).toContain(
      "Warning: Attribute Deprecated",
    );
    expect(unwrap(v522.stdout + v522.stderr)).toContain(
      "The 'type' field should no longer be set through the API.",
    );
    const v514 = await validate("5.14.0", account);
    expect(v514.exitCode).toBe(0);
    expect(v514.stdout + v514.stderr).not.toContain("Deprecated");
  });

  it("fails validate on an account type outside standard/enterprise", async () => {
    const run = await validate("5.14.0", {
      cloudflare_account: { a: { name: "Acme", type: "premium" } },
    });
    expect(run.exitCode).toBe(1);
    expect(unwrap(run.stderr)).toContain(
      'Attribute type value must be one of: ["standard" "enterprise"], got: "premium"',
    );
  });

  it("checks a literal api_token with 5.14.0's unanchored and 5.22.0's anchored pattern", async () => {
    const longToken = "A".repeat(90);
    const withToken = (version: StandInVersion) => {
      // A provider no resource uses is pruned; give it one.
      const json = stack(version, {
        cloudflare_account: { a: { name: "Acme" } },
      });
      json.provider = { cloudflare: [{ api_token: longToken }] };
      return json;
    };
    const v514 = await workspace("5.14.0");
    v514.writeConfig(withToken("5.14.0"));
    const ok = await v514.terraform("validate", ["validate", "-no-color"]);
    expect(ok.exitCode).toBe(0);
    const v522 = await workspace("5.22.0");
    v522.writeConfig(withToken("5.22.0"));
    const bad = await v522.terraform("validate", ["validate", "-no-color"]);
    expect(bad.exitCode).toBe(1);
    const out = unwrap(bad.stderr);
    expect(out).toContain("Error: Invalid Attribute Value Match");
    expect(out).toContain(
      "Attribute api_token API tokens must only contain characters a-z, A-Z, 0-9, hyphens and underscores",
    );
    // Terraform quotes the source line; the provider's own detail does not
    // echo the value.
    expect(out.split("Attribute api_token")[1]).not.toContain(longToken);
    v514.writeConfig(stack("5.14.0", {}));
    v522.writeConfig(stack("5.22.0", {}));
  });

  it("fails the 5.14.0 apply of an account on a unit with terraform's inconsistent-result error", async () => {
    const w = await workspace("5.14.0");
    w.writeConfig(
      stack("5.14.0", {
        cloudflare_account: {
          on_unit: {
            name: "Unit Customer",
            unit: { id: DEFAULT_UNIT_TAGS.Default },
          },
        },
      }),
    );
    const run = await w.terraform("apply", [
      "apply",
      "-no-color",
      "-input=false",
      "-auto-approve",
    ]);
    expect(run.exitCode).toBe(1);
    const out = unwrap(run.stderr);
    expect(out).toContain(
      "Error: Provider produced inconsistent result after apply",
    );
    expect(out).toContain("cloudflare_account.on_unit");
    expect(out).toContain(".unit: was cty.ObjectVal");
    expect(out).toContain("but now null");
    // The account exists at the API all the same.
    const created = Object.values(w.emulator.state.accounts).find(
      (a) => a.name === "Unit Customer",
    );
    expect(created?.unitTag).toBe(DEFAULT_UNIT_TAGS.Default);
    // Terraform keeps it in state (tainted); clean up through terraform.
    const destroy = await w.terraform("destroy", [
      "destroy",
      "-no-color",
      "-input=false",
      "-auto-approve",
    ]);
    expect(destroy.exitCode).toBe(0);
    w.writeConfig(stack("5.14.0", {}));
  });
});
