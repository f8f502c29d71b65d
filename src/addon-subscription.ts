import { AccountSubscription } from "@cdktf/provider-cloudflare/lib/account-subscription";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { AddonPlan } from "./catalog/addon-plans";
import type { Frequency, FrequencyAlias } from "./catalog/frequency";
import { missingAccount } from "./errors";
import { AccountAddonSubscription } from "./gaps/account-addon-subscription";
import { forgetProviderResource } from "./gaps/migration";
import type { ComponentValues } from "./gaps/values";
import type { ManagedCustomer } from "./managed-customer";
import { resolveAddonPlan } from "./private/plans";
import { normalizeFrequency } from "./private/validation";
import { checkEntitlement } from "./lookups/tenant-lookups";

/** What an add-on is: its rate plan and billing frequency. */
export interface AddonSubscriptionOptions {
  /**
   * The add-on's rate plan id, e.g. `AddonPlan.PARTNERS_WORKERS_ENT`.
   * Zone plans are refused; ids outside the catalog need
   * `allowUncataloguedPlan`.
   *
   * @see https://developers.cloudflare.com/tenant/reference/subscriptions/
   */
  readonly ratePlan: AddonPlan | string;
  /**
   * How often the add-on is billed. `"annual"` is written as `"yearly"`.
   *
   * @default "monthly"
   */
  readonly frequency?: Frequency | FrequencyAlias;
  /**
   * Component values, e.g. Zero Trust seats (`{ users: 75 }`) or
   * load-balancing endpoints. The provider's subscription resource has no
   * such attribute, so an add-on with this prop (even `{}`) is set at apply
   * time by the library's gap runner ({@link AccountAddonSubscription}).
   * Adding it to an add-on the provider made keeps the live subscription;
   * removing it again would cancel and re-create it, so keep `{}` instead.
   *
   * @default - none: the plan's defaults, through the provider's resource
   */
  readonly componentValues?: ComponentValues;
  /**
   * Let a rate plan id outside the catalog through, with a warning
   * annotation. The catalog follows Cloudflare's sample lists.
   *
   * @default false
   */
  readonly allowUncataloguedPlan?: boolean;
}

/** Props of {@link AddonSubscription}. */
export interface AddonSubscriptionProps extends AddonSubscriptionOptions {
  /**
   * The customer whose account gets the add-on. Give this or `accountId`.
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
   * The provider configuration for the subscription.
   *
   * @default - the customer's provider, else the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An account-level add-on: a `cloudflare_account_subscription` that
 * provisions a product (Zero Trust, Workers, Load Balancing...) for the
 * whole account. With component values it is an
 * {@link AccountAddonSubscription} instead, set at apply time: the provider
 * cannot send component values.
 *
 * @see https://developers.cloudflare.com/tenant/how-to/manage-subscriptions/#account-subscriptions
 */
export class AddonSubscription extends Construct {
  /** The subscription's id (a token until apply). */
  public readonly subscriptionId: string;
  /** The rate plan id as written. */
  public readonly ratePlan: string;
  /**
   * The `cloudflare_account_subscription` resource, when the add-on has no
   * component values.
   */
  public readonly subscription?: AccountSubscription;
  /** The apply-time add-on, when it has component values. */
  public readonly gapSubscription?: AccountAddonSubscription;

  constructor(scope: Construct, id: string, props: AddonSubscriptionProps) {
    super(scope, id);
    const path = this.node.path;

    const customer = props.customer;
    if ((customer === undefined) === (props.accountId === undefined)) {
      throw missingAccount(path, "AddonSubscription");
    }
    const ratePlan = resolveAddonPlan(this, props.ratePlan, {
      prop: "ratePlan",
      allowUncatalogued: props.allowUncataloguedPlan === true,
    });
    const frequency = normalizeFrequency(path, "frequency", props.frequency);
    checkEntitlement(this, ratePlan);

    const accountId = customer?.accountId ?? (props.accountId as string);
    const provider = props.provider ?? customer?.provider;
    if (props.componentValues !== undefined) {
      // An add-on that had no component values before keeps its live
      // subscription: Terraform forgets the provider resource (no DELETE)
      // and the gap resource adopts the subscription.
      forgetProviderResource(
        this,
        "Subscription",
        AccountSubscription.tfResourceType,
      );
      this.gapSubscription = new AccountAddonSubscription(
        this,
        "GapSubscription",
        {
          accountId,
          ratePlan,
          frequency,
          componentValues: props.componentValues,
          provider,
        },
      );
      this.subscriptionId = this.gapSubscription.subscriptionId;
    } else {
      this.subscription = new AccountSubscription(this, "Subscription", {
        accountId,
        ratePlan: { id: ratePlan },
        frequency,
        provider,
      });
      this.subscriptionId = this.subscription.id;
    }

    this.ratePlan = ratePlan;
    customer?._registerAddon(this);
  }
}
