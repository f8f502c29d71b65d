import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import {
  AccountRoles,
  AccountType,
  AddonPlan,
  Frequency,
  ManagedCustomer,
  PartnerProgram,
  Role,
  TenantEntitlements,
  TenantLookup,
  TenantProvider,
  ZonePlan,
  ZoneType,
} from "../../src";

/**
 * The tenant units the customers go on, and the existing account whose role
 * list is read, all by name. Their ids are looked up at synth time and kept
 * in cdktf-tenant.lookups.json beside cdktf.json (filled from the emulator's
 * default tenant plus examples/partner-stack/emulator-seed.json's template
 * account; `npx cdktf-tenant lookups refresh` fetches them again).
 */
export const UNIT_NAMES = { retail: "Default", enterprise: "Europe" } as const;
export const TEMPLATE_ACCOUNT = "Example Partner Operations";

/** The unit tags the names above resolve to in the committed cache. */
export const UNITS = {
  retail: "0d9083148c145a3c9261ed673a69c79f",
  enterprise: "9bba6546a589f976222c2dab7fe8ca2b",
} as const;

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

    TenantEntitlements.enforce(this);
    const retailUnit = onUnits
      ? TenantLookup.unitTag(this, { unitName: UNIT_NAMES.retail })
      : undefined;
    const enterpriseUnit = onUnits
      ? TenantLookup.unitTag(this, { unitName: UNIT_NAMES.enterprise })
      : undefined;
    const billingRole = AccountRoles.roleId(this, {
      accountName: TEMPLATE_ACCOUNT,
      roleName: "Billing",
    });

    const bakery = new ManagedCustomer(this, "bakery", {
      name: "Northside Bakery",
      unitId: retailUnit,
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
      unitId: retailUnit,
      partnerProgram: PartnerProgram.RESELLER,
      members: [
        { email: "ana@lilyandrose.example" },
        { email: "books@lilyandrose.example", roles: [billingRole] },
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
      unitId: enterpriseUnit,
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
