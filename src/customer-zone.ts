import { Zone } from "@cdktf/provider-cloudflare/lib/zone";
import { ZoneSubscription } from "@cdktf/provider-cloudflare/lib/zone-subscription";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ZoneType } from "./catalog/account-types";
import type { Frequency, FrequencyAlias } from "./catalog/frequency";
import type { ZonePlan } from "./catalog/zone-plans";
import { duplicateZone, missingAccount, unknownZoneType } from "./errors";
import { componentValuesWithoutPlan } from "./gaps/errors";
import type { ComponentValues } from "./gaps/values";
import { ZonePlanSubscription } from "./gaps/zone-plan-subscription";
import type { ManagedCustomer } from "./managed-customer";
import { resolveZonePlan } from "./private/plans";
import { stackStateOf } from "./private/stack-state";
import {
  checkOneOf,
  isToken,
  normalizeFrequency,
  normalizeZoneName,
} from "./private/validation";
import { checkEntitlement } from "./lookups/tenant-lookups";

/** What a zone is: its name, its plan and how its DNS is set up. */
export interface CustomerZoneOptions {
  /**
   * The zone's domain name, e.g. `example.com`.
   *
   * Written in lower case; one trailing dot is removed. Internationalized
   * names must be given in punycode (`xn--...`). A name can be used by one
   * zone per stack.
   */
  readonly name: string;
  /**
   * The zone plan (the zone subscription's rate plan id).
   *
   * Must belong to the customer's partner program when it has one. Ids
   * outside the catalog need `allowUncataloguedPlan`.
   *
   * @see https://developers.cloudflare.com/tenant/reference/subscriptions/
   * @default - no subscription resource: the zone stays on its free plan
   */
  readonly plan?: ZonePlan | string;
  /**
   * How often the plan is billed. `"annual"`, as in Cloudflare's docs
   * example, is written as `"yearly"`.
   *
   * @default "monthly"
   */
  readonly frequency?: Frequency | FrequencyAlias;
  /**
   * Component values of the zone plan, e.g. `{ page_rules: 50 }`. Needs
   * `plan`; set at apply time by the library's gap runner, since the
   * provider's subscription resource has no such attribute.
   *
   * @default - none: the plan's defaults
   */
  readonly componentValues?: ComponentValues;
  /**
   * How the zone's DNS is set up.
   *
   * @default "full"
   */
  readonly type?: ZoneType;
  /**
   * Let a plan id outside the catalog through, with a warning annotation.
   * The catalog follows Cloudflare's sample lists, which are not exhaustive.
   *
   * @default false
   */
  readonly allowUncataloguedPlan?: boolean;
}

/** Props of {@link CustomerZone}: the zone and the account that owns it. */
export interface CustomerZoneProps extends CustomerZoneOptions {
  /**
   * The customer whose account owns the zone. Give this or `accountId`.
   *
   * @default - `accountId` is used
   */
  readonly customer?: ManagedCustomer;
  /**
   * The id of an account managed elsewhere. Give this or `customer`.
   *
   * @default - the customer's account
   */
  readonly accountId?: string;
  /**
   * The provider configuration for the zone's resources.
   *
   * @default - the customer's provider, else the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The plan ids that the provider's `cloudflare_zone_subscription` accepts at
 * plan time (compared without regard to case), the same in 5.14.0 and 5.22.0.
 */
const PROVIDER_ZONE_PLANS: readonly string[] = [
  "free",
  "lite",
  "pro",
  "pro_plus",
  "business",
  "enterprise",
  "partners_free",
  "partners_pro",
  "partners_business",
  "partners_enterprise",
  "partners_ent",
];
const PROVIDER_ZONE_PLAN_SET = new Set(PROVIDER_ZONE_PLANS);
const ZONE_TYPES: readonly ZoneType[] = Object.values(ZoneType);

/**
 * A zone in a customer's account, with its zone plan.
 *
 * It makes a `cloudflare_zone` and, when a plan is given, a
 * `cloudflare_zone_subscription` holding the plan's rate plan id and billing
 * frequency. The provider's subscription resource accepts only some plan ids
 * (PARTNERS_FREE, PARTNERS_PRO and PARTNERS_ENT of the catalog) and no
 * component values; for the other catalogued plans (PARTNERS_BIZ, CF_FREE,
 * CF_PRO_20_20, CF_BIZ, msp_biz) and for component values the zone gets a
 * {@link ZonePlanSubscription} instead, which sets the plan at apply time
 * through the library's gap runner.
 *
 * Destroying the subscription resource does not change the zone's plan (the
 * provider's delete does nothing, and the gap resource does the same);
 * destroying the zone deletes it.
 *
 * @see https://developers.cloudflare.com/tenant/how-to/manage-subscriptions/
 */
export class CustomerZone extends Construct {
  /** The zone's id (a token until apply). */
  public readonly zoneId: string;
  /** The zone's name as written: lower case, no trailing dot. */
  public readonly name: string;
  /** The rate plan id of the zone plan, when one is set. */
  public readonly plan?: string;
  /** The `cloudflare_zone` resource. */
  public readonly zone: Zone;
  /**
   * The `cloudflare_zone_subscription` resource, when a plan is set and the
   * provider can express it.
   */
  public readonly subscription?: ZoneSubscription;
  /**
   * The apply-time zone plan, when the provider cannot express the plan
   * (its id, or component values).
   */
  public readonly planSubscription?: ZonePlanSubscription;

  constructor(scope: Construct, id: string, props: CustomerZoneProps) {
    super(scope, id);
    const path = this.node.path;

    const customer = props.customer;
    if ((customer === undefined) === (props.accountId === undefined)) {
      throw missingAccount(path, "CustomerZone");
    }
    const name = normalizeZoneName(path, props.name);
    const zones = stackStateOf(this).zones;
    if (!isToken(name)) {
      const other = zones.get(name);
      if (other !== undefined) throw duplicateZone(path, name, other);
    }
    const type = checkOneOf(props.type ?? ZoneType.FULL, ZONE_TYPES, () =>
      unknownZoneType(path, String(props.type), ZONE_TYPES),
    );
    const frequency = normalizeFrequency(path, "frequency", props.frequency);
    const plan =
      props.plan === undefined
        ? undefined
        : resolveZonePlan(this, props.plan, {
            prop: "plan",
            program: customer?.partnerProgram,
            allowUncatalogued: props.allowUncataloguedPlan === true,
          });
    if (plan === undefined && props.componentValues !== undefined) {
      throw componentValuesWithoutPlan(path);
    }
    const needsGap =
      plan !== undefined &&
      (!planSupportedByProvider(plan) ||
        Object.keys(props.componentValues ?? {}).length > 0);
    if (plan !== undefined) checkEntitlement(this, plan);

    const accountId = customer?.accountId ?? (props.accountId as string);
    const provider = props.provider ?? customer?.provider;

    this.zone = new Zone(this, "Zone", {
      name,
      account: { id: accountId },
      type,
      provider,
    });
    this.zoneId = this.zone.id;
    if (plan !== undefined && needsGap) {
      this.planSubscription = new ZonePlanSubscription(
        this,
        "PlanSubscription",
        {
          zoneId: this.zoneId,
          plan,
          frequency,
          componentValues: props.componentValues,
          provider,
        },
      );
    } else if (plan !== undefined) {
      this.subscription = new ZoneSubscription(this, "Subscription", {
        zoneId: this.zoneId,
        ratePlan: { id: plan },
        frequency,
        provider,
      });
    }

    this.name = name;
    this.plan = plan;

    if (!isToken(name)) zones.set(name, path);
    customer?._registerZone(this);
  }

  /**
   * The name servers Cloudflare assigned to the zone (a token). Made on
   * first use: every attribute token costs a stack capture in cdktf.
   */
  public get nameServers(): string[] {
    return this.zone.nameServers;
  }
}

/**
 * Whether the provider's `cloudflare_zone_subscription` accepts a plan id at
 * plan time. The one place that decides between the provider resource and
 * the apply-time gap filler; tokens are left to the provider.
 */
function planSupportedByProvider(id: string): boolean {
  return isToken(id) || PROVIDER_ZONE_PLAN_SET.has(id.toLowerCase());
}
