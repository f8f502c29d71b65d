/**
 * Per-stack bookkeeping that the constructs share: one record per stack,
 * found in constant time, so that no check walks the construct tree.
 */
import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

export interface StackState {
  /** The provider version the stack pins, once a TenantProvider set it. */
  providerVersion?: string;
  /** Path of the TenantProvider that set the version. */
  providerPath?: string;
  /** Normalized zone name -> path of the zone construct that holds it. */
  readonly zones: Map<string, string>;
}

const STATES = new WeakMap<TerraformStack, StackState>();

export function stackStateOf(scope: IConstruct): StackState {
  const stack = TerraformStack.of(scope);
  let state = STATES.get(stack);
  if (state === undefined) {
    state = { zones: new Map() };
    STATES.set(stack, state);
  }
  return state;
}
