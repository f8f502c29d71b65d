/**
 * Resolves rate plan ids against the catalog: the catalog's spelling for a
 * known id, an error for a plan of the wrong kind or program, and a warning
 * annotation for an uncatalogued id let through by `allowUncataloguedPlan`.
 */
import { Annotations } from "cdktf";
import type { IConstruct } from "constructs";
import { findAddonPlan } from "../catalog/addon-plans";
import {
  PartnerProgram,
  ZONE_PLANS_BY_PROGRAM,
  findZonePlan,
  partnerProgramOf,
} from "../catalog/zone-plans";
import {
  addonPlanAsZonePlan,
  planOutsideProgram,
  uncataloguedPlanWarning,
  unknownAddonPlan,
  unknownZonePlan,
  zonePlanAsAddon,
} from "../errors";
import { isToken } from "./validation";

export interface PlanOptions {
  readonly prop: string;
  readonly allowUncatalogued: boolean;
}

export function resolveZonePlan(
  scope: IConstruct,
  value: string,
  options: PlanOptions & { readonly program?: PartnerProgram },
): string {
  if (isToken(value)) return value;
  const path = scope.node.path;
  const plan = typeof value === "string" ? findZonePlan(value) : undefined;
  if (plan !== undefined) {
    const planProgram = partnerProgramOf(plan);
    if (options.program !== undefined && planProgram !== options.program) {
      throw planOutsideProgram(
        path,
        value,
        options.program,
        planProgram,
        ZONE_PLANS_BY_PROGRAM[options.program],
      );
    }
    return plan;
  }
  const addon = typeof value === "string" ? findAddonPlan(value) : undefined;
  if (addon !== undefined) {
    throw addonPlanAsZonePlan(path, options.prop, value, addon.family);
  }
  if (!options.allowUncatalogued || typeof value !== "string" || !value.trim())
    throw unknownZonePlan(path, options.prop, value);
  Annotations.of(scope).addWarning(
    uncataloguedPlanWarning(options.prop, value, "zone plan"),
  );
  return value;
}

export function resolveAddonPlan(
  scope: IConstruct,
  value: string,
  options: PlanOptions,
): string {
  if (isToken(value)) return value;
  const path = scope.node.path;
  const addon = typeof value === "string" ? findAddonPlan(value) : undefined;
  if (addon !== undefined) return addon.id;
  if (typeof value === "string" && findZonePlan(value) !== undefined) {
    throw zonePlanAsAddon(path, options.prop, value);
  }
  if (!options.allowUncatalogued || typeof value !== "string" || !value.trim())
    throw unknownAddonPlan(path, options.prop, value);
  Annotations.of(scope).addWarning(
    uncataloguedPlanWarning(options.prop, value, "add-on rate plan"),
  );
  return value;
}
