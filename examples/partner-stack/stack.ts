import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import {
  AccountType,
  AddonPlan,
  Frequency,
  ManagedCustomer,
  PartnerProgram,
  Role,
  TenantProvider,
  ZonePlan,
  ZoneType,
} from "../../src";

/**
 * Tenant units (their `unit_tag`s) of the example partner. Literal ids for
 * now; a real stack would look them up by name from the tenant's details.
 */
export const UNITS = {
  retail: "7c1d0e5f2a3b4c6d8e9f0a1b2c3d4e5f",
  enterprise: "0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c",
} as const;

/** A role id from the customers' role list: "Billing". */
const BILLING_ROLE = "3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c";

/** Options of the example stack, so tests can vary it. */
export interface PartnerStackProps {
  /** @default "5.22.0" */
  readonly providerVersion?: "5.14.0" | "5.22.0";
}

/**
 * A reseller partner with three customers: two self-serve shops on a
 * retail unit and one enterprise customer on its own unit.
 */
export class PartnerStack extends TerraformStack {
  public readonly customers: readonly ManagedCustomer[];

  constructor(scope: Construct, id: string, props: PartnerStackProps = {}) {
    super(scope, id);
    const onUnits = props.providerVersion !== "5.14.0";

    new TenantProvider(this, "cloudflare", {
      providerVersion: props.providerVersion,
    });

    const bakery = new ManagedCustomer(this, "bakery", {
      name: "Northside Bakery",
      unitId: onUnits ? UNITS.retail : undefined,
      partnerProgram: PartnerProgram.RESELLER,
      abuseContactEmail: "abuse@northside-bakery.example",
      members: [{ email: "owner@northside-bakery.example" }],
    });
    bakery.addZone("shop", {
      name: "northside-bakery.example",
      plan: ZonePlan.PARTNERS_PRO,
    });
    bakery.addZone("blog", { name: "blog.northside-bakery.example" });

    const florist = new ManagedCustomer(this, "florist", {
      name: "Lily & Rose Florists",
      unitId: onUnits ? UNITS.retail : undefined,
      partnerProgram: PartnerProgram.RESELLER,
      members: [
        { email: "ana@lilyandrose.example" },
        { email: "books@lilyandrose.example", roles: [BILLING_ROLE] },
      ],
    });
    florist.addZone("site", {
      name: "lilyandrose.example",
      plan: ZonePlan.PARTNERS_FREE,
    });
    florist.addAddon("workers", {
      ratePlan: AddonPlan.PARTNERS_WORKERS_BASIC,
    });

    const logistics = new ManagedCustomer(this, "logistics", {
      name: "Meridian Logistics",
      type: AccountType.ENTERPRISE,
      unitId: onUnits ? UNITS.enterprise : undefined,
      partnerProgram: PartnerProgram.RESELLER,
      enforceTwoFactor: true,
      abuseContactEmail: "security@meridian-logistics.example",
      members: [
        { email: "it@meridian-logistics.example", roles: [Role.ADMINISTRATOR] },
      ],
    });
    const main = logistics.addZone("main", {
      name: "meridian-logistics.example",
      plan: ZonePlan.PARTNERS_ENT,
      frequency: "annual",
    });
    logistics.addZone("partner-portal", {
      name: "portal.meridian-logistics.example",
      plan: ZonePlan.PARTNERS_ENT,
      frequency: Frequency.YEARLY,
      type: ZoneType.PARTIAL,
    });
    logistics.addAddon("access", {
      ratePlan: AddonPlan.PARTNERS_ACCESS_ENT,
      frequency: Frequency.YEARLY,
    });
    logistics.addAddon("load-balancing", {
      ratePlan: AddonPlan.PARTNERS_LOAD_BALANCING_ENT,
      frequency: Frequency.YEARLY,
    });

    new TerraformOutput(this, "meridian-name-servers", {
      value: main.nameServers,
    });

    this.customers = [bakery, florist, logistics];
  }
}
