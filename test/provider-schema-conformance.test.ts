import { Testing } from "cdktf";
import { PartnerStack } from "../examples/partner-stack/stack";
import {
  PROVIDER_SCHEMA_DIR,
  TfJson,
  allowedVersions,
  checkConfig,
  checkStack,
  constraintAllows,
} from "./support/provider-schema";
import * as fs from "node:fs";

function synthExample(providerVersion?: "5.14.0" | "5.22.0"): TfJson {
  const app = Testing.app();
  const stack = new PartnerStack(app, "partner", { providerVersion });
  return JSON.parse(Testing.synth(stack));
}

function firstOf(config: TfJson, type: string): TfJson {
  return Object.values(config.resource[type])[0] as TfJson;
}

describe("provider schema conformance of the partner example", () => {
  it("finds the provider schema folder beside the repository", () => {
    expect(fs.existsSync(PROVIDER_SCHEMA_DIR)).toBe(true);
  });

  it("uses every resource type the constructs make", () => {
    const config = synthExample();
    expect(Object.keys(config.resource).sort()).toEqual([
      "cloudflare_account",
      "cloudflare_account_member",
      "cloudflare_account_subscription",
      "cloudflare_zone",
      "cloudflare_zone_subscription",
    ]);
  });

  it("pins exactly cloudflare/cloudflare 5.22.0 by default", () => {
    const config = synthExample();
    expect(config.terraform.required_providers.cloudflare).toEqual({
      source: "cloudflare/cloudflare",
      version: "5.22.0",
    });
    expect(allowedVersions(config).versions).toEqual(["5.22.0"]);
  });

  it("passes every check under every provider version the stack allows", () => {
    const { pinErrors, results } = checkStack(synthExample());
    expect(pinErrors).toEqual([]);
    expect(results.map((r) => r.version)).toEqual(["5.22.0"]);
    for (const result of results) expect(result.errors).toEqual([]);
  });

  it("warns only about the deprecated type of the enterprise account under 5.22.0", () => {
    const { results } = checkStack(synthExample());
    expect(results[0].warnings).toEqual([
      "resource.cloudflare_account.logistics_Account_8E78736A.type: attribute is deprecated",
    ]);
  });

  it("passes every check under 5.14.0 when the stack pins 5.14.0", () => {
    const config = synthExample("5.14.0");
    const { pinErrors, results } = checkStack(config);
    expect(pinErrors).toEqual([]);
    expect(results.map((r) => r.version)).toEqual(["5.14.0"]);
    expect(results[0].errors).toEqual([]);
    expect(results[0].warnings).toEqual([]);
  });

  it("stays valid under 5.14.0 as well, apart from the unit version pin", () => {
    expect(checkConfig(synthExample(), "5.14.0").errors).toEqual([]);
  });
});

describe("provider schema checker", () => {
  it("reports an unknown attribute", () => {
    const config = synthExample();
    firstOf(config, "cloudflare_account").colour = "blue";
    const { errors } = checkConfig(config, "5.22.0");
    expect(errors).toEqual([
      expect.stringMatching(
        /cloudflare_account\..*\.colour: unknown attribute/,
      ),
    ]);
  });

  it("reports an unknown attribute inside a nested object", () => {
    const config = synthExample();
    firstOf(config, "cloudflare_account").settings.two_factor = true;
    expect(checkConfig(config, "5.22.0").errors).toEqual([
      expect.stringMatching(/settings\.two_factor: unknown attribute/),
    ]);
  });

  it("reports a missing required attribute", () => {
    const config = synthExample();
    delete firstOf(config, "cloudflare_zone").name;
    expect(checkConfig(config, "5.22.0").errors).toEqual([
      expect.stringMatching(
        /cloudflare_zone\..*\.name: required attribute is missing/,
      ),
    ]);
  });

  it("reports PARTNERS_BIZ on a zone subscription under both versions", () => {
    const config = synthExample();
    firstOf(config, "cloudflare_zone_subscription").rate_plan.id =
      "PARTNERS_BIZ";
    for (const version of ["5.14.0", "5.22.0"] as const) {
      expect(checkConfig(config, version).errors).toEqual([
        expect.stringMatching(/rate_plan\.id: "PARTNERS_BIZ" is not one of/),
      ]);
    }
  });

  it("accepts a zone plan id in another case, as the provider does", () => {
    const config = synthExample();
    firstOf(config, "cloudflare_zone_subscription").rate_plan.id =
      "partners_pro";
    expect(checkConfig(config, "5.22.0").errors).toEqual([]);
  });

  it("reports a frequency the provider rejects, such as annual", () => {
    const config = synthExample();
    firstOf(config, "cloudflare_account_subscription").frequency = "annual";
    expect(checkConfig(config, "5.22.0").errors).toEqual([
      expect.stringMatching(/frequency: "annual" is not one of/),
    ]);
  });

  it("reports a member without roles under 5.22.0 but not under 5.14.0", () => {
    const config = synthExample();
    delete firstOf(config, "cloudflare_account_member").roles;
    expect(checkConfig(config, "5.22.0").errors).toEqual([
      expect.stringMatching(/exactly one of roles, policies must be set/),
    ]);
    expect(checkConfig(config, "5.14.0").errors).toEqual([]);
  });

  it("reports a value of the wrong type", () => {
    const config = synthExample();
    firstOf(config, "cloudflare_account").settings.enforce_twofactor = "yes";
    expect(checkConfig(config, "5.22.0").errors).toEqual([
      expect.stringMatching(/enforce_twofactor: expected bool/),
    ]);
  });

  it("reports a computed-only attribute that is set", () => {
    const config = synthExample();
    firstOf(config, "cloudflare_zone").name_servers = ["a.ns.example"];
    expect(checkConfig(config, "5.22.0").errors).toEqual([
      expect.stringMatching(/name_servers: computed-only attribute/),
    ]);
  });

  it("reports an unknown resource type", () => {
    const config = synthExample();
    config.resource.cloudflare_tenant = { t: { name: "x" } };
    expect(checkConfig(config, "5.22.0").errors).toEqual([
      "resource.cloudflare_tenant: unknown resource type",
    ]);
  });

  it("reports a credential that fails the provider's pattern", () => {
    const config = synthExample();
    config.provider.cloudflare[0].api_key = "not-a-key";
    const { errors } = checkConfig(config, "5.22.0");
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/api_key: API key must only contain/),
        expect.stringMatching(/api_key: also requires email/),
      ]),
    );
  });

  it("reports a stack whose pin admits no held provider version", () => {
    const config = synthExample();
    config.terraform.required_providers.cloudflare.version = "~> 4.0";
    expect(checkStack(config).pinErrors).toEqual([
      expect.stringMatching(/admits none of the provider versions/),
    ]);
  });

  it("reports a stack with no cloudflare pin", () => {
    const config = synthExample();
    delete config.terraform.required_providers;
    expect(checkStack(config).pinErrors).toEqual([
      "terraform.required_providers.cloudflare is missing",
    ]);
  });

  it("reads Terraform version constraints", () => {
    expect(constraintAllows("5.22.0", "5.22.0")).toBe(true);
    expect(constraintAllows("5.22.0", "5.14.0")).toBe(false);
    expect(constraintAllows("~> 5.0", "5.14.0")).toBe(true);
    expect(constraintAllows("~> 5.0", "6.0.0")).toBe(false);
    expect(constraintAllows("~> 5.14.0", "5.22.0")).toBe(false);
    expect(constraintAllows(">= 5.17, < 6", "5.22.0")).toBe(true);
    expect(constraintAllows(">= 5.17, < 6", "5.14.0")).toBe(false);
  });
});
