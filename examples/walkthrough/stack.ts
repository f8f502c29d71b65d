/**
 * The Tenant docs' walk-through in one stack: a customer account on a
 * tenant unit with its know-your-customer fields, an Administrator member,
 * a service user (also a member), a zone on PARTNERS_BIZ billed yearly with
 * 50 page rules, and a Zero Trust add-on with 75 seats.
 *
 * The account, members and zone go through the Cloudflare provider; the
 * KYC fields, the service user, the PARTNERS_BIZ plan with its page rules
 * and the add-on's seats go through the library's gap runner at apply
 * time (see docs/gaps.md).
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import {
  AddonPlan,
  ManagedCustomer,
  Role,
  TenantProvider,
  ZonePlan,
} from "../../src";

/** The tenant unit the account is created on (its `unit_tag`). */
export const WALKTHROUGH_UNIT = "5e1f0a7c9b3d4e8fa2c6b0d1e4f7a9c3";

/** Props of {@link WalkthroughStack}. */
export interface WalkthroughStackProps {
  /**
   * Where the service user's API key is written (mode 0600): an absolute
   * path or one under `~/`, outside cdktf.out.
   */
  readonly apiKeyFile: string;
  /**
   * Page rules on the zone plan.
   *
   * @default 50
   */
  readonly pageRules?: number;
  /**
   * Zero Trust seats of the add-on.
   *
   * @default 75
   */
  readonly zeroTrustSeats?: number;
  /**
   * The business phone number (a KYC field).
   *
   * @default "+1 415 555 0100"
   */
  readonly businessPhone?: string;
  /**
   * A literal API base URL for the provider (and so the runner).
   *
   * @default - CLOUDFLARE_BASE_URL, else Cloudflare's API
   */
  readonly baseUrl?: string;
}

/** The walk-through: one customer, set up as the Tenant docs describe. */
export class WalkthroughStack extends TerraformStack {
  /** The customer. */
  public readonly customer: ManagedCustomer;

  constructor(scope: Construct, id: string, props: WalkthroughStackProps) {
    super(scope, id);

    new TenantProvider(this, "Cloudflare", { baseUrl: props.baseUrl });

    this.customer = new ManagedCustomer(this, "Customer", {
      name: "Acme Widgets",
      unitId: WALKTHROUGH_UNIT,
      kyc: {
        businessName: "Acme Widgets Ltd",
        businessAddress: "1 Market Street, San Francisco, CA",
        businessEmail: "billing@acme-widgets.example",
        businessPhone: props.businessPhone ?? "+1 415 555 0100",
        externalMetadata: '{"crm_id": "ACME-0042"}',
      },
      members: [
        { email: "owner@acme-widgets.example", roles: [Role.ADMINISTRATOR] },
      ],
    });

    this.customer.addServiceUser("ServiceUser", {
      email: "svc-acme-widgets@partner.example",
      apiKeySink: props.apiKeyFile,
    });

    this.customer.addZone("Zone", {
      name: "acme-widgets.example",
      plan: ZonePlan.PARTNERS_BIZ,
      frequency: "annual",
      componentValues: { page_rules: props.pageRules ?? 50 },
    });

    this.customer.addAddon("ZeroTrust", {
      ratePlan: AddonPlan.TEAMS_ENT,
      componentValues: { users: props.zeroTrustSeats ?? 75 },
    });
  }
}
