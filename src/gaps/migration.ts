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
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";

const REMOVED_BY_STACK = new WeakMap<TerraformStack, object[]>();

/**
 * The logical id a child `childId` of `scope` would get, computed without
 * leaving the child in the tree.
 */
export function logicalIdOfChild(scope: Construct, childId: string): string {
  const stack = TerraformStack.of(scope);
  const probe = new Construct(scope, childId);
  try {
    return stack.getLogicalId(probe.node);
  } finally {
    scope.node.tryRemoveChild(childId);
  }
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
  const stack = TerraformStack.of(scope);
  let blocks = REMOVED_BY_STACK.get(stack);
  if (blocks === undefined) {
    blocks = [];
    REMOVED_BY_STACK.set(stack, blocks);
    stack.addOverride("removed", blocks);
  }
  blocks.push({
    from: `${resourceType}.${logicalIdOfChild(scope, childId)}`,
    lifecycle: { destroy: false },
  });
}
