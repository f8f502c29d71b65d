import { Account } from "@cdktf/provider-cloudflare/lib/account";
import { AccountMember } from "@cdktf/provider-cloudflare/lib/account-member";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import {
  AccountType,
  AddonPlan,
  CloudflareProviderVersion,
  ManagedCustomer,
  ManagedCustomerProps,
  PartnerProgram,
  Role,
  TenantProvider,
  TenantValidationError,
  ZonePlan,
} from "../src";
import type { TfJson } from "./support/provider-schema";
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();

function newStack(version?: CloudflareProviderVersion): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new TenantProvider(stack, "cloudflare", { providerVersion: version });
  return stack;
}

function customer(props: Partial<ManagedCustomerProps> = {}) {
  const stack = newStack();
  const c = new ManagedCustomer(stack, "acme", { name: "Acme", ...props });
  return { stack, customer: c, json: () => Testing.synth(stack) };
}

function thrown(fn: () => unknown): TenantValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TenantValidationError);
    return error as TenantValidationError;
  }
  throw new Error("expected an error, none was thrown");
}

function accounts(json: string): TfJson[] {
  return Object.values(JSON.parse(json).resource.cloudflare_account);
}

describe("ManagedCustomer", () => {
  it("creates an account protected from destroy with two-factor off", () => {
    const { json } = customer();
    expect(json()).toHaveResourceWithProperties(Account, {
      name: "Acme",
      settings: { enforce_twofactor: false },
      lifecycle: { prevent_destroy: true },
    });
  });

  it("lets allowDestroy lift the destroy protection", () => {
    const { json } = customer({ allowDestroy: true });
    expect(accounts(json())[0].lifecycle).toBeUndefined();
  });

  it("writes no type for a standard account", () => {
    const { json } = customer({ type: AccountType.STANDARD });
    expect(accounts(json())[0]).not.toHaveProperty("type");
  });

  it("writes the type of an enterprise account", () => {
    const { json } = customer({ type: AccountType.ENTERPRISE });
    expect(accounts(json())[0].type).toBe("enterprise");
  });

  it("puts the account on the given tenant unit", () => {
    const { json } = customer({ unitId: "1a2b3c4d5e6f7a8b" });
    expect(json()).toHaveResourceWithProperties(Account, {
      unit: { id: "1a2b3c4d5e6f7a8b" },
    });
  });

  it("writes the two-factor and abuse contact settings", () => {
    const { json } = customer({
      enforceTwoFactor: true,
      abuseContactEmail: "abuse@acme.example",
    });
    expect(json()).toHaveResourceWithProperties(Account, {
      settings: {
        enforce_twofactor: true,
        abuse_contact_email: "abuse@acme.example",
      },
    });
  });

  it("exposes the account id as a reference to the account", () => {
    const { customer: c, json } = customer({
      members: [{ email: "ops@acme.example" }],
    });
    expect(Token.isUnresolved(c.accountId)).toBe(true);
    expect(c.account).toBeInstanceOf(Account);
    expect(json()).toHaveResourceWithProperties(AccountMember, {
      account_id: expect.stringMatching(
        /^\$\{cloudflare_account\.acme_Account_[0-9A-F]{8}\.id\}$/,
      ),
    });
  });

  it("invites members as Administrators by default, with roles and no status", () => {
    const { json, customer: c } = customer({
      members: [{ email: "ops@acme.example" }],
    });
    c.addMember("billing@acme.example", {
      roles: ["0123456789abcdef0123456789abcdef"],
    });
    const members: TfJson[] = Object.values(
      JSON.parse(json()).resource.cloudflare_account_member,
    );
    const byEmail = members
      .map((m) => [m.email, m.roles, m.status])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byEmail).toEqual([
      ["billing@acme.example", ["0123456789abcdef0123456789abcdef"], undefined],
      ["ops@acme.example", [Role.ADMINISTRATOR], undefined],
    ]);
    expect(members[0].account_id).toMatch(/^\$\{cloudflare_account\./);
    expect(c.members).toHaveLength(2);
  });

  it("derives member construct ids from their email", () => {
    const { customer: c } = customer({
      members: [{ email: "Ops@Acme.example" }],
    });
    expect(c.members[0].node.id).toBe("Member-ops@acme.example");
  });

  it("creates zones and add-ons under the customer and lists them", () => {
    const { json, customer: c } = customer({
      partnerProgram: PartnerProgram.RESELLER,
    });
    const zone = c.addZone("site", {
      name: "acme.example",
      plan: ZonePlan.PARTNERS_PRO,
    });
    const addon = c.addAddon("workers", {
      ratePlan: AddonPlan.WORKERS_PAID,
    });
    expect(zone.node.path).toBe("test/acme/site");
    expect(addon.node.path).toBe("test/acme/workers");
    expect(c.zones).toEqual([zone]);
    expect(c.addons).toEqual([addon]);
    expect(JSON.parse(json()).resource).toHaveProperty("cloudflare_zone");
  });

  it("passes an explicit provider to all of its resources", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const eu = new TenantProvider(stack, "eu", { alias: "eu" });
    const c = new ManagedCustomer(stack, "acme", {
      name: "Acme",
      provider: eu,
      members: [{ email: "ops@acme.example" }],
    });
    c.addZone("site", { name: "acme.example", plan: ZonePlan.PARTNERS_PRO });
    c.addAddon("workers", { ratePlan: AddonPlan.WORKERS_PAID });
    const resource = JSON.parse(Testing.synth(stack)).resource;
    const providers = Object.values(resource).flatMap((instances) =>
      Object.values(instances as TfJson).map((r) => r.provider),
    );
    expect(providers).toHaveLength(5);
    expect(new Set(providers)).toEqual(new Set(["cloudflare.eu"]));
  });

  it("does not judge a name that is still a token", () => {
    const stack = newStack();
    const name = new TerraformVariable(stack, "name", { type: "string" });
    expect(
      () => new ManagedCustomer(stack, "acme", { name: name.stringValue }),
    ).not.toThrow();
  });

  it("throws if the name is empty", () => {
    const error = thrown(() => customer({ name: "" }));
    expect(error.code).toBe("empty-name");
    expect(error.message).toContain("test/acme");
    expect(error.message).toContain('prop "name"');
  });

  it("throws if the name is only whitespace", () => {
    expect(thrown(() => customer({ name: "  \t" })).message).toMatch(
      /test\/acme: prop "name" is empty or only whitespace \(got " {2}\\t"\)\. Fix: give "name" a non-empty value\./,
    );
  });

  it("throws if the account type is unknown", () => {
    const error = thrown(() =>
      customer({ type: "premium" as unknown as AccountType }),
    );
    expect(error.code).toBe("unknown-account-type");
    expect(error.message).toMatch(
      /prop "type" "premium" is not an account type\. Fix: use one of "standard", "enterprise"/,
    );
  });

  it("throws if a member email is malformed", () => {
    for (const email of ["ops", "ops@", "ops@acme", "a b@acme.example"]) {
      const error = thrown(() => customer({ members: [{ email }] }));
      expect(error.code).toBe("invalid-email");
      expect(error.message).toContain(JSON.stringify(email));
      expect(error.message).toContain('"user@example.com"');
    }
  });

  it("throws if the abuse contact email is malformed", () => {
    const error = thrown(() => customer({ abuseContactEmail: "abuse" }));
    expect(error.message).toMatch(/prop "abuseContactEmail" "abuse"/);
  });

  it("throws if a role id is not 32 hexadecimal characters", () => {
    const error = thrown(() =>
      customer({
        members: [{ email: "ops@acme.example", roles: ["Administrator"] }],
      }),
    );
    expect(error.code).toBe("invalid-role-id");
    expect(error.message).toMatch(
      /member "ops@acme\.example" holds "Administrator".*Fix: pass role ids, not names: Role\.ADMINISTRATOR/,
    );
  });

  it("throws if a member has an empty roles list", () => {
    const error = thrown(() =>
      customer({ members: [{ email: "ops@acme.example", roles: [] }] }),
    );
    expect(error.code).toBe("empty-roles");
  });

  it("throws if the same member email is added twice", () => {
    const { customer: c } = customer({
      members: [{ email: "ops@acme.example" }],
    });
    const error = thrown(() => c.addMember("OPS@acme.example"));
    expect(error.code).toBe("duplicate-member");
    expect(c.node.tryFindChild("Member-ops@acme.example")).toBeInstanceOf(
      AccountMember,
    );
  });

  it("throws if the partner program is unknown", () => {
    const error = thrown(() =>
      customer({ partnerProgram: "distributor" as PartnerProgram }),
    );
    expect(error.code).toBe("unknown-partner-program");
  });

  it("throws if a unit is set while the stack pins provider 5.14.0", () => {
    const stack = newStack("5.14.0");
    const error = thrown(
      () => new ManagedCustomer(stack, "acme", { name: "Acme", unitId: "u1" }),
    );
    expect(error.code).toBe("unit-needs-provider-5.17");
    expect(error.message).toContain('providerVersion: "5.22.0"');
  });

  it("throws if a unit is set on a plain CloudflareProvider, which pins 5.14.0", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const provider = new CloudflareProvider(stack, "cloudflare");
    const error = thrown(
      () =>
        new ManagedCustomer(stack, "acme", {
          name: "Acme",
          unitId: "u1",
          provider,
        }),
    );
    expect(error.code).toBe("unit-needs-provider-5.17");
  });

  it("throws if a unit is set before the stack has a TenantProvider", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const error = thrown(
      () => new ManagedCustomer(stack, "acme", { name: "Acme", unitId: "u1" }),
    );
    expect(error.code).toBe("unit-needs-tenant-provider");
  });
});
