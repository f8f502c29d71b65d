/**
 * Moving an object from a provider resource to a gap resource without
 * touching it in Cloudflare.
 *
 * When an add-on gains component values, `AddonSubscription` stops making a
 * `cloudflare_account_subscription` and makes an `AccountAddonSubscription`
 * instead. Left alone, Terraform would destroy the provider's resource
 * (DELETE: the paid subscription cancelled) while the gap resource adopts
 * or buys one. A `removed` block with `destroy = false` for the provider
 * resource's address makes Terraform forget it instead; the gap resource
 * then adopts the live subscription by its rate plan and PUTs the new
 * values. When nothing of that address is in the state, the block does
 * nothing.
 *
 * The other way, a gap object removed from the code, needs the same kind of
 * block with its destroy step: see `retireAddonSubscription`.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { GapRunner } from "./gap-runner";
import { Operation } from "./runner/protocol";

const REMOVED_BY_STACK = new WeakMap<TerraformStack, object[]>();

/**
 * The logical id a descendant of `scope` at `ids` (child, grandchild...)
 * would get, computed without leaving anything in the tree.
 */
export function logicalIdOfChild(scope: Construct, ...ids: string[]): string {
  const stack = TerraformStack.of(scope);
  let probe: Construct = scope;
  for (const id of ids) probe = new Construct(probe, id);
  try {
    return stack.getLogicalId(probe.node);
  } finally {
    scope.node.tryRemoveChild(ids[0]);
  }
}

function removedBlocks(stack: TerraformStack): object[] {
  let blocks = REMOVED_BY_STACK.get(stack);
  if (blocks === undefined) {
    blocks = [];
    REMOVED_BY_STACK.set(stack, blocks);
    stack.addOverride("removed", blocks);
  }
  return blocks;
}

/**
 * Adds a `removed { from = <type>.<logical id of scope/childId>;
 * lifecycle { destroy = false } }` block to the stack.
 */
export function forgetProviderResource(
  scope: Construct,
  childId: string,
  resourceType: string,
): void {
  removedBlocks(TerraformStack.of(scope)).push({
    from: `${resourceType}.${logicalIdOfChild(scope, childId)}`,
    lifecycle: { destroy: false },
  });
}

/**
 * Cancels an add-on that was removed from the code.
 *
 * Terraform runs a destroy provisioner only while its resource is still
 * declared: deleting `customer.addAddon("ZeroTrust", {... componentValues})`
 * from the code would drop the gap resource from the state and leave the
 * paid subscription live. Put `retireAddonSubscription(customer,
 * "ZeroTrust")` in its place for one apply (or for good): it adds a
 * `removed` block for the add-on's `Lifecycle` resource whose destroy
 * provisioner cancels the subscription (DELETE), as destroy would have.
 * When the state no longer holds that resource, the block does nothing.
 *
 * @param scope the add-on's parent (the customer for `addAddon`)
 * @param id the add-on's construct id
 * @param direct true for an `AccountAddonSubscription` made directly rather
 *   than through `AddonSubscription`
 */
export function retireAddonSubscription(
  scope: Construct,
  id: string,
  direct = false,
): void {
  const path = direct
    ? [id, "Lifecycle"]
    : [id, "GapSubscription", "Lifecycle"];
  const address = `terraform_data.${logicalIdOfChild(scope, ...path)}`;
  const runner = GapRunner.of(scope);
  removedBlocks(TerraformStack.of(scope)).push({
    from: address,
    lifecycle: { destroy: true },
    provisioner: [
      {
        "local-exec": runner.localExecBody(Operation.ADDON_DELETE, "destroy"),
      },
    ],
  });
}
