import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { Frequency, FrequencyAlias } from "../catalog/frequency";
import { normalizeFrequency } from "../private/validation";
import {
  addDriftCheck,
  DriftAssertion,
  hclString,
  RunnerReadData,
  templateText,
} from "./external-data";
import { GapData } from "./gap-data";
import { GapRunner } from "./gap-runner";
import { declaredComponentsText } from "./runner/components";
import { Operation } from "./runner/protocol";
import {
  checkNotEmpty,
  ComponentValues,
  hasToken,
  toComponentInputs,
  withBaseUrl,
} from "./values";

/** Props of {@link ZonePlanSubscription}. */
export interface ZonePlanSubscriptionProps {
  /** The zone's id (usually a token: `zone.id`). */
  readonly zoneId: string;
  /**
   * The zone plan's rate plan id, any id of the catalog (`PARTNERS_BIZ`,
   * `CF_PRO_20_20`, `msp_biz`...) or outside it.
   *
   * @see https://developers.cloudflare.com/tenant/reference/subscriptions/#zone-plans
   */
  readonly plan: string;
  /**
   * How often the plan is billed; `"annual"` is written as `"yearly"`.
   *
   * @default "monthly"
   */
  readonly frequency?: Frequency | FrequencyAlias | (string & {});
  /**
   * Component values, e.g. `{ page_rules: 50 }`. Components left out keep
   * whatever value they have.
   *
   * @default - none: the plan's defaults
   */
  readonly componentValues?: ComponentValues;
  /**
   * A plan to move the zone to when this resource is destroyed while the
   * zone stays, e.g. `ZonePlan.PARTNERS_FREE`.
   *
   * @default - none: destroy leaves the zone's plan as it is, as the
   * provider's cloudflare_zone_subscription does
   */
  readonly releasePlanOnDestroy?: string;
  /**
   * The Cloudflare provider whose literal `base_url` the runner should
   * follow.
   *
   * @default - the stack's default Cloudflare provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A zone plan set at apply time, for what the provider's
 * `cloudflare_zone_subscription` cannot say: plan ids its plan-time check
 * rejects (PARTNERS_BIZ, CF_FREE, CF_PRO_20_20, CF_BIZ, msp_biz) and
 * component values. `CustomerZone` uses it by itself when needed.
 *
 * It makes two `terraform_data` resources. `Lifecycle` is the subscription's
 * existence: its create provisioner gives the zone the declared plan (POST,
 * or PUT over an existing one); its destroy provisioner moves the zone to
 * `releasePlanOnDestroy`, when given. `Settings` holds the plan, frequency
 * and component values in `triggers_replace`: a change replaces only it,
 * and its create provisioner PUTs the new values on the same subscription.
 * A `data "external"` reads the live subscription on every plan, and a
 * `check` block warns when it no longer matches the declaration.
 */
export class ZonePlanSubscription extends Construct {
  /** The rate plan id as written. */
  public readonly plan: string;
  /** The billing frequency as written (`yearly` for `annual`). */
  public readonly frequency: string;
  /** The `terraform_data` that owns the subscription's lifecycle. */
  public readonly lifecycle: GapData;
  /** The `terraform_data` whose replacement PUTs changed settings. */
  public readonly settings: GapData;
  /** The read of the live subscription. */
  public readonly live: RunnerReadData;
  /** The subscription's id as the API reports it (a token). */
  public readonly subscriptionId: string;

  constructor(scope: Construct, id: string, props: ZonePlanSubscriptionProps) {
    super(scope, id);
    const path = this.node.path;

    checkNotEmpty(path, "plan", props.plan);
    if (props.releasePlanOnDestroy !== undefined) {
      checkNotEmpty(path, "releasePlanOnDestroy", props.releasePlanOnDestroy);
    }
    const frequency = normalizeFrequency(path, "frequency", props.frequency);
    const components = toComponentInputs(path, props.componentValues);

    const runner = GapRunner.of(this);
    const baseUrl = runner.baseUrlFor(props.provider);
    const desired = {
      zone_id: props.zoneId,
      rate_plan_id: props.plan,
      frequency,
      component_values: components,
    };
    const provisioners = [
      runner.provisioner(Operation.ZONE_PLAN_ENSURE, {
        extra: runner.jsonText(
          {
            rate_plan_id: props.plan,
            frequency,
            component_values: components,
          },
          hasToken(props.plan, frequency, ...components.map((c) => c.value)),
        ),
      }),
    ];
    if (props.releasePlanOnDestroy !== undefined) {
      provisioners.push(
        runner.provisioner(Operation.ZONE_PLAN_RELEASE, { when: "destroy" }),
      );
    }
    this.lifecycle = new GapData(this, "Lifecycle", {
      input: {
        zone_id: props.zoneId,
        release_rate_plan_id: props.releasePlanOnDestroy,
        base_url: baseUrl,
      },
      triggersReplace: { zone_id: props.zoneId },
      provisioners,
    });
    this.settings = new GapData(this, "Settings", {
      input: { ...desired, base_url: baseUrl },
      triggersReplace: desired,
      dependsOn: [this.lifecycle],
      provisioners: [runner.provisioner(Operation.ZONE_PLAN_ENSURE)],
    });

    this.live = new RunnerReadData(this, "Live", {
      operation: Operation.ZONE_PLAN_READ,
      query: withBaseUrl(
        {
          zone_id: props.zoneId,
          components: components.map((c) => c.name).join(","),
        },
        baseUrl,
      ),
      dependsOn: [this.settings],
    });
    if (!hasToken(props.plan, frequency, ...components.map((c) => c.value))) {
      addDriftCheck(
        this.live,
        zonePlanAssertions(this.live, props.plan, frequency, components),
      );
    }

    this.plan = props.plan;
    this.frequency = frequency;
    this.subscriptionId = this.live.result("id");
  }
}

function zonePlanAssertions(
  live: RunnerReadData,
  plan: string,
  frequency: string,
  components: ReturnType<typeof toComponentInputs>,
): DriftAssertion[] {
  const where = templateText(live.node.path);
  const assertions: DriftAssertion[] = [
    {
      condition: `upper(${live.address("rate_plan_id")}) == upper(${hclString(plan)})`,
      errorMessage: `${where}: the zone is on plan "\${${live.address("rate_plan_id")}}" (state \${${live.address("state")}}), not the declared ${templateText(plan)}. Apply to set it again, or change the declaration.`,
    },
    {
      condition: `${live.address("state")} == "missing" || ${live.address("frequency")} == ${hclString(frequency)}`,
      errorMessage: `${where}: the zone plan is billed "\${${live.address("frequency")}}", not the declared ${templateText(frequency)}.`,
    },
  ];
  if (components.length > 0) {
    const text = declaredComponentsText(components);
    assertions.push({
      condition: `${live.address("component_values")} == ${hclString(text)}`,
      errorMessage: `${where}: the zone plan's component values are "\${${live.address("component_values")}}", not the declared ${templateText(text)}.`,
    });
  }
  return assertions;
}
