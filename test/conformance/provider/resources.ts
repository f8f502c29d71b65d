/**
 * CRUD, import and plan customisation per resource and data source, as
 * `operations` and `behaviours` in the recorded rules describe them. Code
 * that differs between versions is switched on the behaviour ids present
 * in the rules file of the version being served, not on version numbers.
 */
import { ApiClient, isNotFound } from "./api";
import {
  decodeComputedOnly,
  decodeFull,
  decodeValue,
  Diagnostic,
  encodeFull,
  encodePatch,
  encodeUpdate,
  error,
  warning,
} from "./engine";
import type { TypeModel } from "./schema";
import {
  cloneValue,
  isNullish,
  isObject,
  isUnknown,
  ObjectValue,
  UNKNOWN,
  Value,
  valuesEqual,
} from "./values";

export class ResourceGone extends Error {}

export class Ctx {
  readonly diags: Diagnostic[] = [];
  constructor(
    readonly api: ApiClient,
    readonly t: TypeModel,
  ) {}
  has(behaviour: string): boolean {
    return this.t.rules.behaviours.some((b) => b.id === behaviour);
  }
  get attrs() {
    return this.t.schema.attributes;
  }
  /** Read found nothing: a warning, and Terraform drops the resource. */
  gone(): never {
    this.diags.push(
      warning(
        "Resource not found",
        "The resource was not found on the server and will be removed from state.",
      ),
    );
    throw new ResourceGone();
  }
}

export interface ResourceImpl {
  create(c: Ctx, plan: ObjectValue): Promise<ObjectValue>;
  read(c: Ctx, state: ObjectValue): Promise<ObjectValue>;
  update(c: Ctx, plan: ObjectValue, prior: ObjectValue): Promise<ObjectValue>;
  delete(c: Ctx, prior: ObjectValue): Promise<void>;
  importState(c: Ctx, id: string): Promise<ObjectValue>;
  /** Resource-level ModifyPlan; planned is null on destroy. */
  modifyPlan?(
    c: Ctx,
    prior: Value,
    planned: Value,
    config: Value,
  ): Value | void;
}

export interface DataSourceImpl {
  read(c: Ctx, config: ObjectValue): Promise<ObjectValue>;
}

const str = (v: Value): string => (typeof v === "string" ? v : "");
const enc = encodeURIComponent;

async function getOrGone(c: Ctx, path: string): Promise<unknown> {
  try {
    return await c.api.call("GET", path);
  } catch (e) {
    if (isNotFound(e)) c.gone();
    throw e;
  }
}

function splitImportId(c: Ctx, id: string, format: string): string[] {
  const parts = id.split("/").map((p) => decodeURIComponent(p));
  const want = format.split("/").length;
  if (parts.length !== want || parts.some((p) => p === "")) {
    c.diags.push(
      error(
        "invalid ID",
        `expected urlencoded segments ${JSON.stringify(format)}, got ${JSON.stringify(id)}`,
      ),
    );
    throw new ResourceGone();
  }
  return parts;
}

/* ----- cloudflare_account ----------------------------------------------------- */

const account: ResourceImpl = {
  async create(c, plan) {
    const body = encodeFull(c.attrs, plan);
    if (c.has("type_never_sent")) delete body.type;
    const result = await c.api.call("POST", "accounts", body);
    return afterAccountWrite(c, result, plan);
  },
  async read(c, state) {
    const result = await getOrGone(c, `accounts/${enc(str(state.id))}`);
    const out = decodeFull(c.attrs, {}, result);
    if (c.has("type_copied_from_prior_model")) out.type = state.type ?? null;
    mapUnit(c, out, result);
    return out;
  },
  async update(c, plan, prior) {
    const body = encodeUpdate(c.attrs, plan, prior);
    delete body.type;
    const result = await c.api.call(
      "PUT",
      `accounts/${enc(str(prior.id))}`,
      body,
    );
    return afterAccountWrite(c, result, plan);
  },
  async delete(c, prior) {
    await c.api.call("DELETE", `accounts/${enc(str(prior.id))}`);
  },
  async importState(c, id) {
    const result = await getOrGone(c, `accounts/${enc(id)}`);
    const out = decodeFull(c.attrs, {}, result);
    mapUnit(c, out, result);
    return out;
  },
};

function afterAccountWrite(c: Ctx, result: unknown, plan: ObjectValue) {
  const out = decodeFull(c.attrs, {}, result);
  if (c.has("type_copied_from_prior_model")) out.type = plan.type ?? null;
  mapUnit(c, out, result);
  return out;
}

/** 5.17+: unit mirrors managed_by.parent_org_id after every call. */
function mapUnit(c: Ctx, out: ObjectValue, result: unknown) {
  if (!c.has("unit_from_parent_org")) return;
  const managedBy = (result as { managed_by?: { parent_org_id?: unknown } })
    ?.managed_by;
  const parent = managedBy?.parent_org_id;
  out.unit = typeof parent === "string" && parent ? { id: parent } : null;
}

/* ----- cloudflare_account_member ---------------------------------------------- */

function roleIds(result: unknown): Value {
  const roles = (result as { roles?: unknown })?.roles;
  if (!Array.isArray(roles)) return null;
  return roles.map((r) =>
    typeof r === "string" ? r : str((r as { id?: Value })?.id ?? null),
  );
}

const nonEmpty = (v: Value | undefined) =>
  Array.isArray(v) ? v.length > 0 : !isNullish(v) && !isUnknown(v);

function memberPath(m: ObjectValue, id?: string) {
  const base = `accounts/${enc(str(m.account_id))}/members`;
  return id === undefined ? base : `${base}/${enc(id)}`;
}

/** 5.22: both permission kinds come from the API after every call. */
function rebuildPermissions(c: Ctx, out: ObjectValue, result: unknown) {
  out.roles = roleIds(result);
  const pol = c.attrs.policies;
  out.policies = decodeValue(pol, (result as { policies?: unknown })?.policies);
}

/** 5.14's read fix-ups (preserve_required_fields, status, roles_vs_policies). */
function memberFixups514(
  out: ObjectValue,
  result: unknown,
  prior: ObjectValue,
) {
  out.account_id = prior.account_id ?? null;
  out.email = prior.email ?? null;
  if (!isNullish(prior.status) && !isUnknown(prior.status)) {
    out.status = prior.status;
  }
  const usesRoles = nonEmpty(prior.roles) && !nonEmpty(prior.policies);
  const usesPolicies = nonEmpty(prior.policies) && !nonEmpty(prior.roles);
  if (usesRoles) {
    out.roles = roleIds(result);
  } else if (usesPolicies) {
    out.roles = null;
    if (isNullish(out.policies)) out.policies = cloneValue(prior.policies);
  } else {
    out.roles = cloneValue(prior.roles ?? null);
    out.policies = cloneValue(prior.policies ?? null);
  }
}

const accountMember: ResourceImpl = {
  async create(c, plan) {
    const body = encodeFull(c.attrs, plan);
    const created = await c.api.call("POST", memberPath(plan), body);
    const out = decodeComputedOnly(c.attrs, plan, created);
    if (!c.has("roles_policies_from_api")) return out;
    const id = str(out.id);
    const result = await getOrGone(c, memberPath(plan, id));
    const full = decodeFull(c.attrs, {}, result);
    full.account_id = plan.account_id;
    rebuildPermissions(c, full, result);
    return full;
  },
  async read(c, state) {
    const result = await getOrGone(c, memberPath(state, str(state.id)));
    const out = decodeComputedOnly(c.attrs, {}, result);
    if (c.has("preserve_required_fields")) {
      memberFixups514(out, result, state);
      return out;
    }
    out.account_id = state.account_id ?? null;
    if (isNullish(out.email)) out.email = state.email ?? null;
    if (isNullish(out.status)) out.status = state.status ?? null;
    rebuildPermissions(c, out, result);
    return out;
  },
  async update(c, plan, prior) {
    const body: Record<string, unknown> = encodeUpdate(c.attrs, plan, prior);
    const toObjects = (r: unknown) =>
      Array.isArray(r) ? r.map((id) => ({ id })) : r;
    if (c.has("update_roles_as_objects")) {
      if (Array.isArray(body.roles) && body.roles.length > 0) {
        body.roles = toObjects(body.roles);
      }
    } else {
      const usesRoles = nonEmpty(plan.roles) && !nonEmpty(plan.policies);
      const usesPolicies = nonEmpty(plan.policies) && !nonEmpty(plan.roles);
      if (usesRoles) {
        delete body.policies;
        body.roles = toObjects(body.roles);
      } else if (usesPolicies) {
        delete body.roles;
      }
    }
    body.account_id = plan.account_id;
    const result = await c.api.call(
      "PUT",
      memberPath(plan, str(prior.id)),
      body,
    );
    if (c.has("preserve_required_fields")) {
      const out = decodeComputedOnly(c.attrs, {}, result);
      memberFixups514(out, result, plan);
      return out;
    }
    const out = decodeFull(c.attrs, {}, result);
    out.account_id = plan.account_id;
    rebuildPermissions(c, out, result);
    return out;
  },
  async delete(c, prior) {
    await c.api.call("DELETE", memberPath(prior, str(prior.id)));
  },
  async importState(c, id) {
    const [accountId, memberId] = splitImportId(
      c,
      id,
      c.t.rules.import_id_format ?? "<account_id>/<member_id>",
    );
    const model = { account_id: accountId };
    const result = await getOrGone(c, memberPath(model, memberId));
    const out = decodeFull(c.attrs, model, result);
    if (c.has("roles_policies_from_api")) rebuildPermissions(c, out, result);
    return out;
  },
  modifyPlan(c, prior, planned, config) {
    if (!isObject(planned) || !isObject(config)) return;
    const cfgRoles = nonEmpty(config.roles) && !nonEmpty(config.policies);
    const cfgPolicies = nonEmpty(config.policies) && !nonEmpty(config.roles);
    if (c.has("modify_plan_suppression")) {
      if (!isObject(prior)) return;
      if (cfgRoles) planned.policies = cloneValue(prior.policies ?? null);
      if (cfgPolicies) planned.roles = cloneValue(prior.roles ?? null);
      planned.user = cloneValue(prior.user ?? null);
      return;
    }
    if (isObject(prior)) planned.user = cloneValue(prior.user ?? null);
    const rolesType = c.attrs.roles.type;
    const policiesType = c.attrs.policies.type;
    if (cfgRoles) {
      const changed =
        !isObject(prior) || !valuesEqual(planned.roles, prior.roles, rolesType);
      planned.policies = changed
        ? UNKNOWN
        : cloneValue(prior!.policies ?? null);
    } else if (cfgPolicies) {
      const changed =
        !isObject(prior) ||
        !valuesEqual(planned.policies, prior.policies, policiesType);
      planned.roles = changed ? UNKNOWN : cloneValue(prior!.roles ?? null);
    }
  },
};

/* ----- cloudflare_zone --------------------------------------------------------- */

function zoneGuard(c: Ctx, id: Value, returned: boolean) {
  if (!c.has("empty_id_guards")) return;
  if (typeof id === "string" && id !== "") return;
  c.diags.push(
    returned
      ? error(
          "Zone API returned empty or null zone ID",
          "The Cloudflare API returned a zone without an id.",
        )
      : error(
          "Invalid zone state: empty or null zone ID",
          "The zone in state has no id.",
        ),
  );
  throw new ResourceGone();
}

const zone: ResourceImpl = {
  async create(c, plan) {
    const result = await c.api.call("POST", "zones", encodeFull(c.attrs, plan));
    const out = decodeComputedOnly(c.attrs, plan, result);
    zoneGuard(c, out.id, true);
    return out;
  },
  async read(c, state) {
    zoneGuard(c, state.id, false);
    const result = await getOrGone(c, `zones/${enc(str(state.id))}`);
    const out = decodeFull(c.attrs, state, result);
    zoneGuard(c, out.id, true);
    return out;
  },
  async update(c, plan, prior) {
    zoneGuard(c, prior.id, false);
    let body: object | undefined = encodePatch(c.attrs, plan, prior);
    if (Object.keys(body).length === 0 && !c.has("empty_id_guards")) {
      body = undefined;
    }
    const result = await c.api.call(
      "PATCH",
      `zones/${enc(str(prior.id))}`,
      body,
    );
    const out = decodeComputedOnly(c.attrs, plan, result);
    zoneGuard(c, out.id, true);
    return out;
  },
  async delete(c, prior) {
    zoneGuard(c, prior.id, false);
    await c.api.call("DELETE", `zones/${enc(str(prior.id))}`);
  },
  async importState(c, id) {
    const result = await getOrGone(c, `zones/${enc(id)}`);
    const out = decodeFull(c.attrs, {}, result);
    zoneGuard(c, out.id, true);
    return out;
  },
};

/* ----- cloudflare_zone_subscription ------------------------------------------- */

const subPath = (zoneId: Value) => `zones/${enc(str(zoneId))}/subscription`;

function freshSubscriptionModel(zoneId: Value): ObjectValue {
  return { zone_id: zoneId, rate_plan: { sets: null } };
}

const zoneSubscription: ResourceImpl = {
  async create(c, plan) {
    const result = await c.api.call(
      "POST",
      subPath(plan.zone_id),
      encodeFull(c.attrs, plan),
    );
    const out = decodeComputedOnly(c.attrs, plan, result);
    out.id = plan.zone_id;
    return out;
  },
  async read(c, state) {
    const result = await getOrGone(c, subPath(state.zone_id));
    const out = decodeFull(
      c.attrs,
      freshSubscriptionModel(state.zone_id),
      result,
    );
    out.id = state.zone_id;
    return out;
  },
  async update(c, plan, prior) {
    const result = await c.api.call(
      "PUT",
      subPath(plan.zone_id),
      encodeUpdate(c.attrs, plan, prior),
    );
    const out = decodeComputedOnly(c.attrs, plan, result);
    out.id = plan.zone_id;
    return out;
  },
  async delete(c) {
    // delete_noop: the real provider makes no API call here.
    if (!c.has("delete_noop")) throw new Error("rules lack delete_noop");
  },
  async importState(c, id) {
    const result = await getOrGone(c, subPath(id));
    const out = decodeFull(c.attrs, freshSubscriptionModel(id), result);
    out.id = id;
    return out;
  },
  modifyPlan(c, prior, planned) {
    if (!c.has("destroy_warnings")) return;
    const title = "Resource Destruction Considerations";
    if (!isObject(prior) && isObject(planned)) {
      c.diags.push(
        warning(
          title,
          "This resource cannot be destroyed from Terraform. If you create this resource, it will be present in the API until manually deleted.",
        ),
      );
    } else if (isObject(prior) && !isObject(planned)) {
      c.diags.push(
        warning(
          title,
          "Applying this resource destruction will remove the resource from the Terraform state but will not change it in the API. If you would like to destroy or reset this resource in the API, refer to the documentation for how to do it manually.",
        ),
      );
    }
  },
};

/* ----- cloudflare_account_subscription ---------------------------------------- */

const accountSubsPath = (accountId: Value) =>
  `accounts/${enc(str(accountId))}/subscriptions`;

async function findAccountSubscription(
  c: Ctx,
  accountId: Value,
  id: string,
): Promise<unknown> {
  let list: unknown;
  try {
    list = await c.api.call("GET", accountSubsPath(accountId));
  } catch (e) {
    if (isNotFound(e)) c.gone();
    throw e;
  }
  const items = Array.isArray(list) ? list : [];
  return items.find((s) => (s as { id?: unknown })?.id === id);
}

const accountSubscription: ResourceImpl = {
  async create(c, plan) {
    const result = await c.api.call(
      "POST",
      accountSubsPath(plan.account_id),
      encodeFull(c.attrs, plan),
    );
    return decodeComputedOnly(c.attrs, plan, result);
  },
  async read(c, state) {
    const id = str(state.id);
    const found = await findAccountSubscription(c, state.account_id, id);
    if (found === undefined) {
      c.diags.push(
        warning(
          "Resource not found",
          `The subscription with ID ${id} was not found and will be removed from state.`,
        ),
      );
      throw new ResourceGone();
    }
    const out = decodeFull(c.attrs, {}, found);
    out.account_id = state.account_id ?? null;
    return out;
  },
  async update(c, plan, prior) {
    const result = await c.api.call(
      "PUT",
      `${accountSubsPath(plan.account_id)}/${enc(str(prior.id))}`,
      encodeUpdate(c.attrs, plan, prior),
    );
    return decodeComputedOnly(c.attrs, plan, result);
  },
  async delete(c, prior) {
    await c.api.call(
      "DELETE",
      `${accountSubsPath(prior.account_id)}/${enc(str(prior.id))}`,
    );
  },
  async importState(c, id) {
    const [accountId, subId] = splitImportId(
      c,
      id,
      c.t.rules.import_id_format ?? "<account_id>/<subscription_id>",
    );
    const found = await findAccountSubscription(c, accountId, subId);
    if (found === undefined) {
      c.diags.push(
        error(
          "Subscription not found",
          `Subscription with ID ${subId} not found in account ${accountId}`,
        ),
      );
      throw new ResourceGone();
    }
    const out = decodeFull(c.attrs, {}, found);
    out.account_id = accountId;
    return out;
  },
};

export const RESOURCES: Record<string, ResourceImpl> = {
  cloudflare_account: account,
  cloudflare_account_member: accountMember,
  cloudflare_zone: zone,
  cloudflare_zone_subscription: zoneSubscription,
  cloudflare_account_subscription: accountSubscription,
};

/* ----- data sources ------------------------------------------------------------ */

function requirePathId(c: Ctx, v: Value, name: string): string {
  if (typeof v === "string" && v !== "") return v;
  c.diags.push(
    error("failed to make http request", `missing required ${name} parameter`),
  );
  throw new ResourceGone();
}

export const DATA_SOURCES: Record<string, DataSourceImpl> = {
  cloudflare_zone_subscription: {
    async read(c, config) {
      const zoneId = requirePathId(c, config.zone_id, "zone_id");
      const result = await c.api.call("GET", subPath(zoneId));
      const out = decodeComputedOnly(c.attrs, config, result);
      out.id = zoneId;
      return out;
    },
  },
  cloudflare_account_subscription: {
    async read(c, config) {
      const accountId = requirePathId(c, config.account_id, "account_id");
      const result = await c.api.call("GET", accountSubsPath(accountId));
      // result_is_array: the array is decoded as one object, so the
      // computed attributes find no fields and stay null.
      const asObject = Array.isArray(result) ? {} : result;
      const out = decodeComputedOnly(c.attrs, config, asObject);
      out.id = accountId;
      return out;
    },
  },
  cloudflare_account_roles: {
    async read(c, config) {
      const accountId = requirePathId(c, config.account_id, "account_id");
      const maxItems =
        typeof config.max_items === "number" && config.max_items > 0
          ? config.max_items
          : 1000;
      const items = await c.api.list(
        `accounts/${enc(accountId)}/roles`,
        50,
        maxItems,
      );
      const out = cloneValue(config);
      out.result = decodeValue(c.attrs.result, items);
      return out;
    },
  },
};
