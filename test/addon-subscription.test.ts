import { AccountSubscription } from "@cdktf/provider-cloudflare/lib/account-subscription";
import {
  AnnotationMetadataEntryType,
  TerraformStack,
  Testing,
  Token,
} from "cdktf";
import {
  AddonPlan,
  AddonSubscription,
  AddonSubscriptionOptions,
  Frequency,
  ManagedCustomer,
  TenantProvider,
  TenantValidationError,
  ZonePlan,
} from "../src";
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();

function addon(options: Partial<AddonSubscriptionOptions>) {
  const stack = new TerraformStack(Testing.app(), "test");
  new TenantProvider(stack, "cloudflare");
  const customer = new ManagedCustomer(stack, "acme", { name: "Acme" });
  const a = customer.addAddon("addon", {
    ratePlan: AddonPlan.TEAMS_STANDARD,
    ...options,
  });
  return { stack, addon: a, json: () => Testing.synth(stack) };
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

describe("AddonSubscription", () => {
  it("subscribes the customer's account to the add-on, monthly by default", () => {
    const { json, addon: a } = addon({});
    expect(json()).toHaveResourceWithProperties(AccountSubscription, {
      account_id: expect.stringMatching(/^\$\{cloudflare_account\.acme_/),
      rate_plan: { id: "TEAMS_STANDARD" },
      frequency: "monthly",
    });
    expect(Token.isUnresolved(a.subscriptionId)).toBe(true);
    expect(a.subscription).toBeInstanceOf(AccountSubscription);
  });

  it("accepts a plan of every family", () => {
    for (const ratePlan of [
      AddonPlan.PARTNERS_ACCESS_PREMIUM,
      AddonPlan.PARTNERS_STREAM_ENT,
      AddonPlan.API_SHIELD_ZONE,
      AddonPlan.MAGIC_WAN,
    ]) {
      const { json } = addon({ ratePlan });
      expect(json()).toHaveResourceWithProperties(AccountSubscription, {
        rate_plan: { id: ratePlan },
      });
    }
  });

  it("writes yearly for annual", () => {
    const { json } = addon({ frequency: "annual" });
    expect(json()).toHaveResourceWithProperties(AccountSubscription, {
      frequency: "yearly",
    });
  });

  it("writes the given frequency", () => {
    const { json } = addon({ frequency: Frequency.QUARTERLY });
    expect(json()).toHaveResourceWithProperties(AccountSubscription, {
      frequency: "quarterly",
    });
  });

  it("accepts an account id instead of a customer", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new TenantProvider(stack, "cloudflare");
    new AddonSubscription(stack, "addon", {
      accountId: "023e105f4ecef8ad9ca31a8372d0c353",
      ratePlan: AddonPlan.IMAGES_BASIC,
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(
      AccountSubscription,
      { account_id: "023e105f4ecef8ad9ca31a8372d0c353" },
    );
  });

  it("lets an uncatalogued rate plan through the escape hatch with a warning", () => {
    const { json, addon: a } = addon({
      ratePlan: "PARTNERS_R2_ENT",
      allowUncataloguedPlan: true,
    });
    expect(json()).toHaveResourceWithProperties(AccountSubscription, {
      rate_plan: { id: "PARTNERS_R2_ENT" },
    });
    const warnings = a.node.metadata.filter(
      (m) => m.type === AnnotationMetadataEntryType.WARN,
    );
    expect(warnings.map((w) => w.data)).toEqual([
      expect.stringMatching(
        /^\[cdktf-cloudflare-tenant:uncatalogued-plan\] prop "ratePlan" "PARTNERS_R2_ENT"/,
      ),
    ]);
  });

  it("throws if the rate plan is not in the catalog and the hatch is closed", () => {
    const error = thrown(() => addon({ ratePlan: "PARTNERS_R2_ENT" }));
    expect(error.code).toBe("unknown-plan");
    expect(error.message).toMatch(
      /test\/acme\/addon: prop "ratePlan" "PARTNERS_R2_ENT" is not an add-on rate plan of the catalog\. Fix: use an AddonPlan value, or set allowUncataloguedPlan: true/,
    );
  });

  it("throws if a zone plan is used as an add-on, even through the hatch", () => {
    const error = thrown(() =>
      addon({ ratePlan: ZonePlan.PARTNERS_PRO, allowUncataloguedPlan: true }),
    );
    expect(error.code).toBe("wrong-plan-family");
    expect(error.message).toMatch(/"PARTNERS_PRO" is a zone plan/);
  });

  it("throws if the rate plan is empty", () => {
    expect(thrown(() => addon({ ratePlan: " " })).code).toBe("unknown-plan");
  });

  it("throws if the frequency is unknown", () => {
    const error = thrown(() =>
      addon({ frequency: "biweekly" as unknown as Frequency }),
    );
    expect(error.code).toBe("unknown-frequency");
  });

  it("throws if neither customer nor accountId is given", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const error = thrown(
      () =>
        new AddonSubscription(stack, "addon", {
          ratePlan: AddonPlan.IMAGES_BASIC,
        }),
    );
    expect(error.code).toBe("missing-account");
  });
});
