import { Zone } from "@cdktf/provider-cloudflare/lib/zone";
import { ZoneSubscription } from "@cdktf/provider-cloudflare/lib/zone-subscription";
import {
  AnnotationMetadataEntryType,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
} from "cdktf";
import type { IConstruct } from "constructs";
import {
  AddonPlan,
  CustomerZone,
  CustomerZoneOptions,
  Frequency,
  ManagedCustomer,
  PartnerProgram,
  TenantProvider,
  TenantValidationError,
  ZonePlan,
  ZoneType,
} from "../src";
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();

function newStack(name = "test"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), name);
  new TenantProvider(stack, "cloudflare");
  return stack;
}

function setup(program?: PartnerProgram) {
  const stack = newStack();
  const customer = new ManagedCustomer(stack, "acme", {
    name: "Acme",
    partnerProgram: program,
  });
  return { stack, customer };
}

function zone(options: Partial<CustomerZoneOptions>, program?: PartnerProgram) {
  const { stack, customer } = setup(program);
  const z = customer.addZone("site", { name: "acme.example", ...options });
  return { stack, zone: z, json: () => Testing.synth(stack) };
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

function warnings(scope: IConstruct): string[] {
  return scope.node.metadata
    .filter((m) => m.type === AnnotationMetadataEntryType.WARN)
    .map((m) => String(m.data));
}

describe("CustomerZone", () => {
  it("creates a full zone in the customer's account", () => {
    const { json } = zone({});
    expect(json()).toHaveResourceWithProperties(Zone, {
      name: "acme.example",
      type: "full",
      account: {
        id: expect.stringMatching(/^\$\{cloudflare_account\.acme_Account_/),
      },
    });
  });

  it("creates no subscription when no plan is given", () => {
    const { json, zone: z } = zone({});
    expect(json()).not.toHaveResource(ZoneSubscription);
    expect(z.subscription).toBeUndefined();
  });

  it("writes the name in lower case and strips one trailing dot", () => {
    const { zone: z, json } = zone({ name: "Acme.Example." });
    expect(z.name).toBe("acme.example");
    expect(json()).toHaveResourceWithProperties(Zone, {
      name: "acme.example",
    });
  });

  it("subscribes the zone to a provider-accepted plan, monthly by default", () => {
    for (const plan of [
      ZonePlan.PARTNERS_FREE,
      ZonePlan.PARTNERS_PRO,
      ZonePlan.PARTNERS_ENT,
    ]) {
      const { json, zone: z } = zone({ plan });
      expect(json()).toHaveResourceWithProperties(ZoneSubscription, {
        rate_plan: { id: plan },
        frequency: "monthly",
        zone_id: expect.stringMatching(/^\$\{cloudflare_zone\.acme_site_Zone_/),
      });
      expect(z.plan).toBe(plan);
    }
  });

  it("writes the catalog's spelling of a plan given in another case", () => {
    const { json } = zone({ plan: "partners_pro" });
    expect(json()).toHaveResourceWithProperties(ZoneSubscription, {
      rate_plan: { id: "PARTNERS_PRO" },
    });
  });

  it("writes yearly for the docs' annual frequency", () => {
    const { json } = zone({ plan: ZonePlan.PARTNERS_PRO, frequency: "annual" });
    expect(json()).toHaveResourceWithProperties(ZoneSubscription, {
      frequency: "yearly",
    });
  });

  it("writes the frequencies the API knows as they are", () => {
    for (const frequency of Object.values(Frequency)) {
      const { json } = zone({ plan: ZonePlan.PARTNERS_PRO, frequency });
      expect(json()).toHaveResourceWithProperties(ZoneSubscription, {
        frequency,
      });
    }
  });

  it("sets the zone type", () => {
    const { json } = zone({ type: ZoneType.PARTIAL });
    expect(json()).toHaveResourceWithProperties(Zone, { type: "partial" });
  });

  it("exposes the zone id and the assigned name servers as references", () => {
    const { zone: z } = zone({});
    expect(Token.isUnresolved(z.zoneId)).toBe(true);
    expect(Token.isUnresolved(z.nameServers)).toBe(true);
    expect(z.zone).toBeInstanceOf(Zone);
  });

  it("accepts an account id instead of a customer", () => {
    const stack = newStack();
    new CustomerZone(stack, "zone", {
      accountId: "023e105f4ecef8ad9ca31a8372d0c353",
      name: "acme.example",
      plan: ZonePlan.PARTNERS_FREE,
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Zone, {
      account: { id: "023e105f4ecef8ad9ca31a8372d0c353" },
    });
  });

  it("lets an uncatalogued plan through the escape hatch with a warning", () => {
    const { json, zone: z } = zone({
      plan: "business",
      allowUncataloguedPlan: true,
    });
    expect(json()).toHaveResourceWithProperties(ZoneSubscription, {
      rate_plan: { id: "business" },
    });
    expect(warnings(z)).toEqual([
      expect.stringMatching(
        /^\[cdktf-cloudflare-tenant:uncatalogued-plan\] prop "plan" "business"/,
      ),
    ]);
  });

  it("adds no warning for a catalogued plan", () => {
    const { zone: z } = zone({ plan: ZonePlan.PARTNERS_PRO });
    expect(warnings(z)).toEqual([]);
  });

  it("does not judge values that are still tokens", () => {
    const stack = newStack();
    const customer = new ManagedCustomer(stack, "acme", { name: "Acme" });
    const name = new TerraformVariable(stack, "zone", { type: "string" });
    const plan = new TerraformVariable(stack, "plan", { type: "string" });
    customer.addZone("a", { name: name.stringValue, plan: plan.stringValue });
    customer.addZone("b", { name: name.stringValue });
    expect(Testing.synth(stack)).toHaveResource(ZoneSubscription);
  });

  it("allows the same zone name in two different stacks", () => {
    for (const stackName of ["one", "two"]) {
      const stack = newStack(stackName);
      const customer = new ManagedCustomer(stack, "acme", { name: "Acme" });
      expect(() =>
        customer.addZone("site", { name: "acme.example" }),
      ).not.toThrow();
    }
  });

  it("throws if the name is empty or whitespace", () => {
    for (const name of ["", "   "]) {
      const error = thrown(() => zone({ name }));
      expect(error.code).toBe("empty-name");
      expect(error.message).toContain("test/acme/site");
    }
  });

  it("throws if the zone name has a label over 63 bytes", () => {
    const error = thrown(() => zone({ name: `${"a".repeat(64)}.example` }));
    expect(error.code).toBe("invalid-zone-name");
    expect(error.message).toMatch(/is 64 bytes long, over the limit of 63/);
    expect(error.message).toContain("Fix: shorten each label");
  });

  it("accepts a label of exactly 63 bytes", () => {
    expect(() => zone({ name: `${"a".repeat(63)}.example` })).not.toThrow();
  });

  it("throws if the zone name is over 253 bytes", () => {
    const label = "a".repeat(60);
    const name = [label, label, label, label, "example"].join(".");
    expect(name.length).toBe(251);
    expect(() => zone({ name })).not.toThrow();
    const error = thrown(() => zone({ name: `abc.${name}` }));
    expect(error.message).toMatch(/255 bytes long, over the limit of 253/);
  });

  it("throws if the zone name has characters other than letters, digits and hyphens", () => {
    for (const name of [
      "acme_shop.example",
      "acme shop.example",
      "*.acme.example",
    ]) {
      const error = thrown(() => zone({ name }));
      expect(error.code).toBe("invalid-zone-name");
      expect(error.message).toContain(JSON.stringify(name));
      expect(error.message).toContain(
        "Fix: use only a-z, 0-9 and inner hyphens",
      );
    }
  });

  it("throws if a label starts or ends with a hyphen", () => {
    expect(thrown(() => zone({ name: "-acme.example" })).message).toMatch(
      /starts or ends with a hyphen/,
    );
  });

  it("throws if the zone name has an empty label or more than one trailing dot", () => {
    for (const name of ["acme..example", ".acme.example", "acme.example.."]) {
      expect(thrown(() => zone({ name })).message).toMatch(/empty label/);
    }
  });

  it("throws if the zone name has a single label", () => {
    expect(thrown(() => zone({ name: "localhost" })).message).toMatch(
      /single label/,
    );
  });

  it("throws if the zone name is unicode, with the punycode form in the fix", () => {
    const error = thrown(() => zone({ name: "bücher.example" }));
    expect(error.code).toBe("invalid-zone-name");
    expect(error.message).toMatch(
      /prop "name" "bücher\.example" holds non-ASCII characters.*Fix: write name: "xn--bcher-kva\.example"\./,
    );
  });

  it("accepts the punycode form of an internationalized name", () => {
    expect(() => zone({ name: "xn--bcher-kva.example" })).not.toThrow();
  });

  it("throws if the same zone name is used twice in one stack", () => {
    const { stack, customer } = setup();
    customer.addZone("site", { name: "acme.example" });
    const other = new ManagedCustomer(stack, "other", { name: "Other" });
    const error = thrown(() =>
      other.addZone("copy", { name: "ACME.example." }),
    );
    expect(error.code).toBe("duplicate-zone");
    expect(error.message).toMatch(
      /test\/other\/copy: prop "name" "acme\.example" is already used by the zone at test\/acme\/site/,
    );
  });

  it("throws if the frequency is unknown", () => {
    const error = thrown(() =>
      zone({
        plan: ZonePlan.PARTNERS_PRO,
        frequency: "daily" as unknown as Frequency,
      }),
    );
    expect(error.code).toBe("unknown-frequency");
    expect(error.message).toMatch(
      /prop "frequency" "daily" is not a billing frequency\. Fix: use one of "weekly", "monthly", "quarterly", "yearly"/,
    );
  });

  it("throws if the zone type is unknown", () => {
    const error = thrown(() => zone({ type: "cname" as unknown as ZoneType }));
    expect(error.code).toBe("unknown-zone-type");
  });

  it("uses the apply-time gap resource for plans the provider rejects", () => {
    for (const plan of [
      ZonePlan.PARTNERS_BIZ,
      ZonePlan.CF_FREE,
      ZonePlan.CF_PRO_20_20,
      ZonePlan.CF_BIZ,
      ZonePlan.MSP_BIZ,
    ]) {
      const { zone: z, json } = zone({ plan });
      expect(z.subscription).toBeUndefined();
      expect(z.planSubscription?.plan).toBe(plan);
      expect(json()).not.toHaveResource(ZoneSubscription);
      expect(JSON.parse(json()).resource.terraform_data).toBeDefined();
    }
  });

  it("uses the apply-time gap resource for an uncatalogued plan the provider rejects", () => {
    const { zone: z } = zone({
      plan: "PARTNERS_PLATINUM",
      allowUncataloguedPlan: true,
    });
    expect(z.subscription).toBeUndefined();
    expect(z.planSubscription?.plan).toBe("PARTNERS_PLATINUM");
  });

  it("uses the apply-time gap resource when a provider plan has component values", () => {
    const { zone: z } = zone({
      plan: ZonePlan.PARTNERS_PRO,
      componentValues: { page_rules: 30 },
    });
    expect(z.subscription).toBeUndefined();
    expect(z.planSubscription?.plan).toBe("PARTNERS_PRO");
  });

  it("throws if component values are given without a plan", () => {
    const error = thrown(() => zone({ componentValues: { page_rules: 30 } }));
    expect(error.code).toBe("component-values-without-plan");
  });

  it("throws if the plan is not in the catalog and the hatch is closed", () => {
    const error = thrown(() => zone({ plan: "business" }));
    expect(error.code).toBe("unknown-plan");
    expect(error.message).toContain("allowUncataloguedPlan: true");
  });

  it("throws if an add-on rate plan is used as a zone plan", () => {
    const error = thrown(() =>
      zone({ plan: AddonPlan.WORKERS_PAID, allowUncataloguedPlan: true }),
    );
    expect(error.code).toBe("wrong-plan-family");
    expect(error.message).toMatch(/"WORKERS_PAID" is an add-on rate plan/);
  });

  it("throws if the plan belongs to another partner program than the customer's", () => {
    const error = thrown(() =>
      zone({ plan: ZonePlan.CF_BIZ }, PartnerProgram.RESELLER),
    );
    expect(error.code).toBe("plan-outside-program");
    expect(error.message).toMatch(
      /"CF_BIZ" belongs to the "agency" partner program, but the customer's partnerProgram is "reseller"\. Fix: use one of "PARTNERS_FREE"/,
    );
  });

  it("throws if both or neither of customer and accountId are given", () => {
    const { stack, customer } = setup();
    const both = thrown(
      () =>
        new CustomerZone(stack, "both", {
          name: "a.example",
          customer,
          accountId: "x",
        }),
    );
    expect(both.code).toBe("missing-account");
    const neither = thrown(
      () => new CustomerZone(stack, "neither", { name: "b.example" }),
    );
    expect(neither.code).toBe("missing-account");
  });
});
