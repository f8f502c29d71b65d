import { TerraformProvider, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { Frequency, FrequencyAlias } from "../catalog/frequency";
import { normalizeFrequency } from "../private/validation";
import { duplicateAddonGap } from "./errors";
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

/** Props of {@link AccountAddonSubscription}. */
export interface AccountAddonSubscriptionProps {
  /** The account's id (usually a token: `customer.accountId`). */
  readonly accountId: string;
  /**
   * The add-on's rate plan id, e.g. `TEAMS_ENT`.
   *
   * @see https://developers.cloudflare.com/tenant/reference/subscriptions/
   */
  readonly ratePlan: string;
  /**
   * How often the add-on is billed; `"annual"` is written as `"yearly"`.
   *
   * @default "monthly"
   */
  readonly frequency?: Frequency | FrequencyAlias | (string & {});
  /**
   * Component values, e.g. Zero Trust seats or load-balancing endpoints.
   * Components left out keep whatever value they have.
   *
   * @default - none: the plan's defaults
   */
  readonly componentValues?: ComponentValues;
  /**
   * The Cloudflare provider whose literal `base_url` the runner should
   * follow.
   *
   * @default - the stack's default Cloudflare provider
   */
  readonly provider?: TerraformProvider;
}

const ADDONS_BY_STACK = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * An account add-on set at apply time, for what the provider's
 * `cloudflare_account_subscription` cannot say: component values.
 * `AddonSubscription` uses it by itself when component values are given.
 *
 * `Lifecycle` (a `terraform_data`) is the subscription's existence: its
 * create provisioner finds the account's live subscription on the rate
 * plan, or POSTs one with the declared values; its destroy provisioner
 * cancels it (DELETE). `Settings` holds frequency and component values in
 * `triggers_replace`; a change replaces only it, and its create provisioner
 * PUTs the new values on the same subscription: a paid subscription is
 * never cancelled and bought again for a changed value. `Id`, a
 * `data "external"`, reads the subscription's id back into Terraform;
 * `Live` reads its values after each apply and on every plan, for a `check`
 * block that warns when they drift.
 *
 * The runner finds the subscription by its rate plan, so an account can
 * hold one gap add-on per rate plan.
 */
export class AccountAddonSubscription extends Construct {
  /** The subscription's id (a token, known after the first apply). */
  public readonly subscriptionId: string;
  /** The rate plan id as written. */
  public readonly ratePlan: string;
  /** The billing frequency as written (`yearly` for `annual`). */
  public readonly frequency: string;
  /** The `terraform_data` that owns the subscription's lifecycle. */
  public readonly lifecycle: GapData;
  /** The `terraform_data` whose replacement PUTs changed settings. */
  public readonly settings: GapData;
  /** The read of the live subscription, after settings are applied. */
  public readonly live: RunnerReadData;

  constructor(
    scope: Construct,
    id: string,
    props: AccountAddonSubscriptionProps,
  ) {
    super(scope, id);
    const path = this.node.path;

    checkNotEmpty(path, "ratePlan", props.ratePlan);
    const frequency = normalizeFrequency(path, "frequency", props.frequency);
    const components = toComponentInputs(path, props.componentValues);
    this.claimRatePlan(props.accountId, props.ratePlan);

    const runner = GapRunner.of(this);
    const baseUrl = runner.baseUrlFor(props.provider);
    const identity = {
      account_id: props.accountId,
      rate_plan_id: props.ratePlan,
    };
    const values = { frequency, component_values: components };
    this.lifecycle = new GapData(this, "Lifecycle", {
      input: { ...identity, base_url: baseUrl },
      triggersReplace: identity,
      provisioners: [
        runner.provisioner(Operation.ADDON_ENSURE, {
          extra: runner.jsonText(
            values,
            hasToken(frequency, ...components.map((c) => c.value)),
          ),
        }),
        runner.provisioner(Operation.ADDON_DELETE, { when: "destroy" }),
      ],
    });
    this.settings = new GapData(this, "Settings", {
      input: { ...identity, ...values, base_url: baseUrl },
      triggersReplace: { ...identity, ...values },
      dependsOn: [this.lifecycle],
      provisioners: [runner.provisioner(Operation.ADDON_ENSURE)],
    });

    const query = withBaseUrl(
      {
        ...identity,
        components: components.map((c) => c.name).join(","),
      },
      baseUrl,
    );
    const idRead = new RunnerReadData(this, "Id", {
      operation: Operation.ADDON_READ,
      query,
      dependsOn: [this.lifecycle],
    });
    this.live = new RunnerReadData(this, "Live", {
      operation: Operation.ADDON_READ,
      query,
      dependsOn: [this.settings],
    });
    if (
      !hasToken(props.ratePlan, frequency, ...components.map((c) => c.value))
    ) {
      addDriftCheck(
        this.live,
        addonAssertions(this.live, {
          ratePlan: props.ratePlan,
          frequency,
          components,
          lifecycle: `terraform_data.${this.lifecycle.friendlyUniqueId}`,
        }),
      );
    }

    this.subscriptionId = idRead.result("id");
    this.ratePlan = props.ratePlan;
    this.frequency = frequency;
  }

  private claimRatePlan(accountId: string, ratePlan: string): void {
    const stack = TerraformStack.of(this);
    let claimed = ADDONS_BY_STACK.get(stack);
    if (claimed === undefined) {
      claimed = new Map();
      ADDONS_BY_STACK.set(stack, claimed);
    }
    const key = `${accountId}\u0000${ratePlan.toLowerCase()}`;
    const other = claimed.get(key);
    if (other !== undefined) {
      throw duplicateAddonGap(this.node.path, ratePlan, other);
    }
    claimed.set(key, this.node.path);
  }
}

function addonAssertions(
  live: RunnerReadData,
  declared: {
    ratePlan: string;
    frequency: string;
    components: ReturnType<typeof toComponentInputs>;
    lifecycle: string;
  },
): DriftAssertion[] {
  const { ratePlan, frequency, components } = declared;
  const where = templateText(live.node.path);
  const assertions: DriftAssertion[] = [
    {
      condition: `${live.address("state")} != "missing"`,
      errorMessage: `${where}: the account has no live subscription on ${templateText(ratePlan)} any more. Run terraform apply -replace=${templateText(declared.lifecycle)} to subscribe again, or remove the add-on from the stack.`,
    },
    {
      condition: `${live.address("state")} == "missing" || ${live.address("frequency")} == ${hclString(frequency)}`,
      errorMessage: `${where}: the add-on is billed "\${${live.address("frequency")}}", not the declared ${templateText(frequency)}.`,
    },
  ];
  if (components.length > 0) {
    const text = declaredComponentsText(components);
    assertions.push({
      condition: `${live.address("state")} == "missing" || ${live.address("component_values")} == ${hclString(text)}`,
      errorMessage: `${where}: the add-on's component values are "\${${live.address("component_values")}}", not the declared ${templateText(text)}.`,
    });
  }
  return assertions;
}
