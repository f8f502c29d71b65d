import { randomBytes } from "node:crypto";
import { CatalogRatePlan } from "./catalog";
import { EmulatorApiError, errors } from "./errors";
import {
  findPlan,
  renderAccount,
  renderMember,
  renderSubscription,
  renderTenant,
  renderTenantAccount,
  renderUser,
  renderZone,
} from "./render";
import {
  AccountRecord,
  ComponentValue,
  EmulatorState,
  SubscriptionRecord,
  TenantRecord,
  ZoneRecord,
  nameServersFor,
  newId,
  now,
  periodEnd,
  sha256,
  tenantOf,
} from "./state";

/** The `result_info` of a paginated answer. */
export interface ResultInfo {
  page: number;
  per_page: number;
  count: number;
  total_count: number;
  total_pages: number;
}

/** What a handler answers: the envelope's result and result_info. */
export interface RouteResult {
  status?: number;
  result: unknown;
  resultInfo?: ResultInfo;
}

/** Who is calling, without the credential itself. */
export interface Caller {
  /** A stable, non-secret key for rate limiting (a hash prefix). */
  id: string;
  scheme: "token" | "key" | "service-key";
}

export interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  caller: Caller;
  state: EmulatorState;
}

type Handler = (ctx: RouteContext) => RouteResult;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

// ---------------------------------------------------------------- helpers

interface PageLimits {
  min: number;
  max: number;
  defaultPerPage?: number;
  required?: boolean;
}

function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number | undefined,
): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") {
    return fallback;
  }
  if (!/^\d+$/.test(raw)) {
    throw errors.invalidPagination(
      `${name} must be a positive integer, got "${raw}"`,
    );
  }
  return Number(raw);
}

function page<T>(
  items: T[],
  query: URLSearchParams,
  limits: PageLimits,
  render: (item: T) => unknown,
): RouteResult {
  if (limits.required && (!query.get("page") || !query.get("per_page"))) {
    throw errors.invalidPagination(
      "page and per_page are required query parameters for this endpoint",
    );
  }
  const pageNumber = intParam(query, "page", 1) as number;
  const perPage = intParam(
    query,
    "per_page",
    limits.defaultPerPage ?? 20,
  ) as number;
  if (pageNumber < 1) {
    throw errors.invalidPagination(`page must be 1 or more, got ${pageNumber}`);
  }
  if (perPage < limits.min || perPage > limits.max) {
    throw errors.invalidPagination(
      `per_page must be between ${limits.min} and ${limits.max}, got ${perPage}`,
    );
  }
  const start = (pageNumber - 1) * perPage;
  const slice = items.slice(start, start + perPage);
  return {
    result: slice.map(render),
    resultInfo: {
      page: pageNumber,
      per_page: perPage,
      count: slice.length,
      total_count: items.length,
      total_pages: Math.ceil(items.length / perPage),
    },
  };
}

function sortBy<T extends object>(
  items: T[],
  query: URLSearchParams,
  keys: string[],
  value: (item: T, key: string) => unknown,
): T[] {
  const order = query.get("order");
  if (!order) {
    return items;
  }
  if (!keys.includes(order)) {
    throw errors.invalid(
      `order must be one of ${keys.join(", ")}, got "${order}"`,
    );
  }
  const direction = query.get("direction") ?? "0";
  const sign = direction === "1" || direction === "desc" ? -1 : 1;
  return [...items].sort((a, b) => {
    const x = String(value(a, order) ?? "");
    const y = String(value(b, order) ?? "");
    return x < y ? -sign : x > y ? sign : 0;
  });
}

type Body = Record<string, unknown>;

function objectBody(body: unknown): Body {
  if (body === undefined || body === null) {
    return {};
  }
  if (typeof body !== "object" || Array.isArray(body)) {
    throw errors.invalid("the request body must be a JSON object");
  }
  return body as Body;
}

function optionalString(
  body: Body,
  field: string,
  maxLength?: number,
): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== "string") {
    throw errors.invalid(`${field} must be a string`);
  }
  if (maxLength !== undefined && value.length > maxLength) {
    throw errors.invalid(
      `${field} is ${value.length} characters long; the limit is ${maxLength}`,
    );
  }
  return value;
}

function requiredString(body: Body, field: string): string {
  const value = optionalString(body, field);
  if (value === undefined || value.trim() === "") {
    throw errors.invalid(`${field} is required`);
  }
  return value;
}

function nestedId(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    throw errors.invalid(`${field} must be an object such as {"id": "..."}`);
  }
  return optionalString(value as Body, "id");
}

function account(state: EmulatorState, id: string): AccountRecord {
  const found = state.accounts[id];
  if (!found) {
    throw errors.notFound("account", id);
  }
  return found;
}

function zone(state: EmulatorState, id: string): ZoneRecord {
  const found = state.zones[id];
  if (!found) {
    throw errors.notFound("zone", id);
  }
  return found;
}

function tenant(state: EmulatorState, id: string): TenantRecord {
  const found = state.tenants[id];
  if (!found) {
    throw errors.notFound("tenant", id);
  }
  return found;
}

const FREQUENCIES = [
  "weekly",
  "monthly",
  "quarterly",
  "yearly",
  "not-applicable",
];

function frequency(body: Body, fallback: string): string {
  const value = optionalString(body, "frequency");
  if (value === undefined) {
    return fallback;
  }
  const lower = value.toLowerCase();
  if (!FREQUENCIES.includes(lower)) {
    throw errors.invalid(
      `frequency must be one of ${FREQUENCIES.join(", ")}, got "${value}"`,
    );
  }
  return lower;
}

function componentValues(
  body: Body,
  plan: CatalogRatePlan,
  fallback: ComponentValue[],
): ComponentValue[] {
  const raw = body.component_values;
  if (raw === undefined || raw === null) {
    return fallback;
  }
  if (!Array.isArray(raw)) {
    throw errors.invalid("component_values must be an array of {name, value}");
  }
  return raw.map((entry) => {
    const item = objectBody(entry);
    const name = requiredString(item, "name");
    const value = item.value;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw errors.invalid(
        `component_values "${name}" needs a non-negative number value`,
      );
    }
    if (!plan.components.some((c) => c.name === name)) {
      throw errors.invalid(
        `rate plan ${plan.id} has no component "${name}"; it has ${plan.components.map((c) => c.name).join(", ") || "none"}`,
      );
    }
    return { name, value };
  });
}

/** The rate plan a body asks for, checked against the tenant's rights. */
function entitledPlan(
  state: EmulatorState,
  accountId: string,
  body: Body,
  scope: "zone" | "account",
  fallbackId?: string,
): { plan: CatalogRatePlan; id: string } {
  const id = nestedId(body, "rate_plan") ?? fallbackId;
  if (!id) {
    throw errors.invalid(
      'rate_plan.id is required, e.g. {"rate_plan": {"id": "PARTNERS_PRO"}}',
    );
  }
  const owner = tenantOf(state, accountId);
  const plan = findPlan(state, id);
  if (!owner || !plan || !owner.ratePlans.includes(plan.id.toUpperCase())) {
    throw errors.notEntitled();
  }
  if (plan.scope !== scope) {
    throw errors.invalid(
      `rate plan ${plan.id} is ${plan.scope === "zone" ? "a zone plan: subscribe the zone through /zones/{zone_id}/subscription" : "an account add-on: subscribe through /accounts/{account_id}/subscriptions"}`,
    );
  }
  return { plan, id };
}

function newSubscription(
  ownerId: string,
  scope: "zone" | "account",
  ratePlanId: string,
  freq: string,
  values: ComponentValue[],
): SubscriptionRecord {
  const start = now();
  return {
    id: newId(),
    ownerId,
    ratePlanId,
    scope,
    frequency: freq,
    state: "Paid",
    componentValues: values,
    current_period_start: start,
    current_period_end: periodEnd(start, freq),
  };
}

function roleIds(state: EmulatorState, raw: unknown): string[] {
  if (!Array.isArray(raw)) {
    throw errors.invalid(
      'roles must be an array of role ids or of {"id": ...} objects',
    );
  }
  return raw.map((entry) => {
    const id =
      typeof entry === "string"
        ? entry
        : entry && typeof entry === "object"
          ? (entry as Body).id
          : undefined;
    if (typeof id !== "string") {
      throw errors.invalid(
        'roles must be an array of role ids or of {"id": ...} objects',
      );
    }
    if (!state.roles.some((role) => role.id === id)) {
      throw errors.invalid(`role ${id} does not exist on this account`);
    }
    return id;
  });
}

function memberStatus(body: Body, fallback: "pending" | "accepted") {
  const value = optionalString(body, "status");
  if (value === undefined) {
    return fallback;
  }
  const lower = value.toLowerCase();
  if (lower !== "pending" && lower !== "accepted") {
    throw errors.invalid(`status must be pending or accepted, got "${value}"`);
  }
  return lower as "pending" | "accepted";
}

const ZONE_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

const KYC_FIELDS = [
  "business_name",
  "business_address",
  "business_email",
  "business_phone",
  "external_metadata",
] as const;

function applyKyc(target: AccountRecord, body: Body): void {
  for (const field of KYC_FIELDS) {
    const value = optionalString(body, field, 120);
    if (value !== undefined) {
      target[field] = value;
    }
  }
}

function applySettings(target: AccountRecord, body: Body): void {
  if (body.settings === undefined || body.settings === null) {
    return;
  }
  const settings = objectBody(body.settings);
  if (
    settings.enforce_twofactor !== undefined &&
    settings.enforce_twofactor !== null &&
    typeof settings.enforce_twofactor !== "boolean"
  ) {
    throw errors.invalid("settings.enforce_twofactor must be a boolean");
  }
  for (const [key, value] of Object.entries(settings)) {
    if (value !== undefined) {
      target.settings[key] = value;
    }
  }
  if (target.settings.enforce_twofactor === null) {
    target.settings.enforce_twofactor = false;
  }
}

/**
 * Account lists, cached per state until an account is created or deleted:
 * Object.values over tens of thousands of accounts on every page request
 * would dominate the emulator's time.
 */
const accountLists = new WeakMap<EmulatorState, Map<string, AccountRecord[]>>();

function accountList(
  state: EmulatorState,
  tenantTag?: string,
): AccountRecord[] {
  let lists = accountLists.get(state);
  if (!lists) {
    lists = new Map();
    accountLists.set(state, lists);
  }
  const key = tenantTag ?? "";
  let list = lists.get(key);
  if (!list) {
    const all = Object.values(state.accounts);
    list = tenantTag ? all.filter((a) => a.tenantTag === tenantTag) : all;
    lists.set(key, list);
  }
  return list;
}

function accountsChanged(state: EmulatorState): void {
  accountLists.delete(state);
}

function deleteAccountCascade(state: EmulatorState, id: string): void {
  for (const zoneId of Object.keys(state.zones)) {
    if (state.zones[zoneId].accountId === id) {
      delete state.zones[zoneId];
      delete state.zoneSubscriptions[zoneId];
    }
  }
  for (const [memberId, member] of Object.entries(state.members)) {
    if (member.accountId === id) {
      delete state.members[memberId];
    }
  }
  for (const [subId, sub] of Object.entries(state.accountSubscriptions)) {
    if (sub.ownerId === id) {
      delete state.accountSubscriptions[subId];
    }
  }
  delete state.accounts[id];
  accountsChanged(state);
}

// ---------------------------------------------------------------- handlers

const accountsRoutes: Array<[string, string, Handler]> = [
  [
    "POST",
    "/accounts",
    ({ state, body }) => {
      const input = objectBody(body);
      const name = requiredString(input, "name");
      const type = (optionalString(input, "type") ?? "standard").toLowerCase();
      if (type !== "standard" && type !== "enterprise") {
        throw errors.invalid(
          `type must be standard or enterprise, got "${input.type}"`,
        );
      }
      const unitId = nestedId(input, "unit");
      const tenants = Object.values(state.tenants);
      let owner: TenantRecord | undefined;
      let unitTag: string | null = null;
      if (unitId) {
        owner = tenants.find((t) =>
          t.tenant_units.some((u) => u.unit_tag === unitId),
        );
        if (!owner) {
          throw errors.invalid(
            `unit.id ${unitId} is not a unit of any tenant you administer; use a unit_tag from GET /user/tenants`,
          );
        }
        unitTag = unitId;
      } else if (tenants.length > 1) {
        throw errors.invalid(
          "unit.id is required: you administer more than one tenant",
        );
      } else if (tenants.length === 1) {
        owner = tenants[0];
        unitTag = owner.tenant_units[0]?.unit_tag ?? null;
      }
      const record: AccountRecord = {
        id: newId(),
        name,
        type,
        settings: { enforce_twofactor: false },
        created_on: now(),
        tenantTag: owner?.tenant_tag ?? null,
        unitTag,
      };
      applySettings(record, input);
      applyKyc(record, input);
      state.accounts[record.id] = record;
      accountsChanged(state);
      return { result: renderAccount(state, record) };
    },
  ],
  [
    "GET",
    "/accounts",
    ({ state, query }) => {
      const name = query.get("name");
      let items = accountList(state);
      if (name) {
        items = items.filter((a) =>
          a.name.toLowerCase().includes(name.toLowerCase()),
        );
      }
      items = sortBy(items, query, ["id", "name", "created_on"], (a, key) =>
        key === "id" ? a.id : key === "name" ? a.name : a.created_on,
      );
      return page(items, query, { min: 5, max: 50 }, (a) =>
        renderAccount(state, a),
      );
    },
  ],
  [
    "GET",
    "/accounts/:account_id",
    ({ state, params }) => ({
      result: renderAccount(state, account(state, params.account_id)),
    }),
  ],
  [
    "PUT",
    "/accounts/:account_id",
    ({ state, params, body }) => {
      const record = account(state, params.account_id);
      const input = objectBody(body);
      const name = optionalString(input, "name");
      if (name !== undefined) {
        if (name.trim() === "") {
          throw errors.invalid("name must not be empty");
        }
        record.name = name;
      }
      applySettings(record, input);
      applyKyc(record, input);
      return { result: renderAccount(state, record) };
    },
  ],
  [
    "DELETE",
    "/accounts/:account_id",
    ({ state, params }) => {
      account(state, params.account_id);
      deleteAccountCascade(state, params.account_id);
      return { result: { id: params.account_id } };
    },
  ],
  [
    "GET",
    "/accounts/:account_id/roles",
    ({ state, params, query }) => {
      account(state, params.account_id);
      return page(state.roles, query, { min: 5, max: 50 }, (r) => r);
    },
  ],
];

const memberRoutes: Array<[string, string, Handler]> = [
  [
    "GET",
    "/accounts/:account_id/members",
    ({ state, params, query }) => {
      account(state, params.account_id);
      const items = Object.values(state.members).filter(
        (m) => m.accountId === params.account_id,
      );
      return page(items, query, { min: 5, max: 50 }, (m) =>
        renderMember(state, m),
      );
    },
  ],
  [
    "POST",
    "/accounts/:account_id/members",
    ({ state, params, body }) => {
      account(state, params.account_id);
      const input = objectBody(body);
      const email = requiredString(input, "email");
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        throw errors.invalid(`email "${email}" is not an email address`);
      }
      const duplicate = Object.values(state.members).some(
        (m) =>
          m.accountId === params.account_id &&
          m.email.toLowerCase() === email.toLowerCase(),
      );
      if (duplicate) {
        throw errors.invalid(`${email} is already a member of this account`);
      }
      const roles =
        input.roles === undefined || input.roles === null
          ? []
          : roleIds(state, input.roles);
      const policies = Array.isArray(input.policies) ? input.policies : [];
      if (roles.length === 0 && policies.length === 0) {
        throw errors.invalid("a member needs at least one role or policy");
      }
      const id = newId();
      state.members[id] = {
        id,
        accountId: params.account_id,
        email,
        status: memberStatus(input, "pending"),
        roles,
        policies,
        userId: "",
      };
      const rendered = renderMember(state, state.members[id]);
      state.members[id].userId = (rendered.user as { id: string }).id;
      return { result: rendered };
    },
  ],
  [
    "GET",
    "/accounts/:account_id/members/:member_id",
    ({ state, params }) => ({
      result: renderMember(state, member(state, params)),
    }),
  ],
  [
    "PUT",
    "/accounts/:account_id/members/:member_id",
    ({ state, params, body }) => {
      const record = member(state, params);
      const input = objectBody(body);
      if (input.roles !== undefined && input.roles !== null) {
        record.roles = roleIds(state, input.roles);
      }
      if (Array.isArray(input.policies)) {
        record.policies = input.policies;
      }
      record.status = memberStatus(input, record.status);
      return { result: renderMember(state, record) };
    },
  ],
  [
    "DELETE",
    "/accounts/:account_id/members/:member_id",
    ({ state, params }) => {
      member(state, params);
      delete state.members[params.member_id];
      return { result: { id: params.member_id } };
    },
  ],
];

function member(state: EmulatorState, params: Record<string, string>) {
  account(state, params.account_id);
  const found = state.members[params.member_id];
  if (!found || found.accountId !== params.account_id) {
    throw errors.notFound("member", params.member_id);
  }
  return found;
}

const accountSubscriptionRoutes: Array<[string, string, Handler]> = [
  [
    "GET",
    "/accounts/:account_id/subscriptions",
    ({ state, params }) => {
      account(state, params.account_id);
      return {
        result: Object.values(state.accountSubscriptions)
          .filter((s) => s.ownerId === params.account_id)
          .map((s) => renderSubscription(state, s)),
      };
    },
  ],
  [
    "POST",
    "/accounts/:account_id/subscriptions",
    ({ state, params, body }) => {
      account(state, params.account_id);
      const input = objectBody(body);
      const { plan, id } = entitledPlan(
        state,
        params.account_id,
        input,
        "account",
      );
      const record = newSubscription(
        params.account_id,
        "account",
        id,
        frequency(input, "monthly"),
        componentValues(input, plan, []),
      );
      state.accountSubscriptions[record.id] = record;
      return { result: renderSubscription(state, record) };
    },
  ],
  [
    "GET",
    "/accounts/:account_id/subscriptions/:subscription_id",
    ({ state, params }) => ({
      result: renderSubscription(state, accountSubscription(state, params)),
    }),
  ],
  [
    "PUT",
    "/accounts/:account_id/subscriptions/:subscription_id",
    ({ state, params, body }) => {
      const record = accountSubscription(state, params);
      const input = objectBody(body);
      const { plan, id } = entitledPlan(
        state,
        params.account_id,
        input,
        "account",
        record.ratePlanId,
      );
      record.ratePlanId = id;
      record.frequency = frequency(input, record.frequency);
      record.componentValues = componentValues(
        input,
        plan,
        record.componentValues,
      );
      return { result: renderSubscription(state, record) };
    },
  ],
  [
    "DELETE",
    "/accounts/:account_id/subscriptions/:subscription_id",
    ({ state, params }) => {
      accountSubscription(state, params);
      delete state.accountSubscriptions[params.subscription_id];
      return { result: { subscription_id: params.subscription_id } };
    },
  ],
];

function accountSubscription(
  state: EmulatorState,
  params: Record<string, string>,
): SubscriptionRecord {
  account(state, params.account_id);
  const found = state.accountSubscriptions[params.subscription_id];
  if (!found || found.ownerId !== params.account_id) {
    throw errors.notFound("subscription", params.subscription_id);
  }
  return found;
}

const zoneRoutes: Array<[string, string, Handler]> = [
  [
    "POST",
    "/zones",
    ({ state, body }) => {
      const input = objectBody(body);
      const name = requiredString(input, "name")
        .toLowerCase()
        .replace(/\.$/, "");
      if (!ZONE_NAME.test(name)) {
        throw errors.invalidZoneName(name);
      }
      const accountId = nestedId(input, "account");
      if (!accountId) {
        throw errors.invalid(
          'account.id is required, e.g. {"account": {"id": "..."}}',
        );
      }
      if (!state.accounts[accountId]) {
        throw errors.invalid(`account.id ${accountId} does not exist`);
      }
      if (Object.values(state.zones).some((z) => z.name === name)) {
        throw errors.zoneExists(name);
      }
      const type = (optionalString(input, "type") ?? "full").toLowerCase();
      if (!["full", "partial", "secondary", "internal"].includes(type)) {
        throw errors.invalid(
          `type must be full, partial, secondary or internal, got "${input.type}"`,
        );
      }
      const created = now();
      const record: ZoneRecord = {
        id: newId(),
        name,
        accountId,
        status: "pending",
        type,
        paused: input.paused === true,
        name_servers: nameServersFor(name, tenantOf(state, accountId)),
        vanity_name_servers: Array.isArray(input.vanity_name_servers)
          ? input.vanity_name_servers.map(String)
          : [],
        verification_key: randomBytes(24).toString("hex"),
        created_on: created,
        modified_on: created,
        activated_on: null,
      };
      state.zones[record.id] = record;
      return { result: renderZone(state, record) };
    },
  ],
  [
    "GET",
    "/zones",
    ({ state, query }) => {
      const name = query.get("name");
      const accountId = query.get("account.id");
      const status = query.get("status");
      let items = Object.values(state.zones);
      if (name) {
        items = items.filter((z) => z.name === name.toLowerCase());
      }
      if (accountId) {
        items = items.filter((z) => z.accountId === accountId);
      }
      if (status) {
        items = items.filter((z) => z.status === status);
      }
      items = sortBy(items, query, ["name", "status"], (z, key) =>
        key === "name" ? z.name : z.status,
      );
      return page(items, query, { min: 5, max: 50 }, (z) =>
        renderZone(state, z),
      );
    },
  ],
  [
    "GET",
    "/zones/:zone_id",
    ({ state, params }) => ({
      result: renderZone(state, zone(state, params.zone_id)),
    }),
  ],
  [
    "PATCH",
    "/zones/:zone_id",
    ({ state, params, body }) => {
      const record = zone(state, params.zone_id);
      const input = objectBody(body);
      if (typeof input.paused === "boolean") {
        record.paused = input.paused;
      }
      const type = optionalString(input, "type");
      if (type !== undefined) {
        if (!["full", "partial", "secondary", "internal"].includes(type)) {
          throw errors.invalid(
            `type must be full, partial, secondary or internal, got "${type}"`,
          );
        }
        record.type = type;
      }
      if (Array.isArray(input.vanity_name_servers)) {
        record.vanity_name_servers = input.vanity_name_servers.map(String);
      }
      record.modified_on = now();
      return { result: renderZone(state, record) };
    },
  ],
  [
    "DELETE",
    "/zones/:zone_id",
    ({ state, params }) => {
      zone(state, params.zone_id);
      delete state.zones[params.zone_id];
      delete state.zoneSubscriptions[params.zone_id];
      return { result: { id: params.zone_id } };
    },
  ],
  [
    "GET",
    "/zones/:zone_id/subscription",
    ({ state, params }) => {
      zone(state, params.zone_id);
      const record = state.zoneSubscriptions[params.zone_id];
      if (!record) {
        throw errors.noZoneSubscription();
      }
      return { result: renderSubscription(state, record) };
    },
  ],
  ["POST", "/zones/:zone_id/subscription", putZoneSubscription],
  ["PUT", "/zones/:zone_id/subscription", putZoneSubscription],
  [
    "GET",
    "/zones/:zone_id/available_rate_plans",
    ({ state, params }) => {
      const record = zone(state, params.zone_id);
      const owner = tenantOf(state, record.accountId);
      const plans = state.ratePlans.filter(
        (plan) =>
          plan.scope === "zone" &&
          owner !== undefined &&
          owner.ratePlans.includes(plan.id.toUpperCase()),
      );
      return {
        result: plans.map((plan) => ({
          id: plan.id,
          name: plan.public_name,
          currency: plan.currency,
          duration: 1,
          frequency: "monthly",
          components: plan.components.map((c) => ({
            name: c.name,
            default: c.default,
            unit_price: c.unit_price,
          })),
        })),
      };
    },
  ],
];

/** POST and PUT both record the zone's plan (a zone has one subscription). */
function putZoneSubscription({ state, params, body }: RouteContext) {
  const record = zone(state, params.zone_id);
  const input = objectBody(body);
  const existing = state.zoneSubscriptions[params.zone_id];
  const { plan, id } = entitledPlan(
    state,
    record.accountId,
    input,
    "zone",
    existing?.ratePlanId,
  );
  const freq = frequency(input, existing?.frequency ?? "monthly");
  const values = componentValues(input, plan, existing?.componentValues ?? []);
  if (existing) {
    existing.ratePlanId = id;
    existing.frequency = freq;
    existing.componentValues = values;
    existing.current_period_end = periodEnd(
      existing.current_period_start,
      freq,
    );
  } else {
    state.zoneSubscriptions[params.zone_id] = newSubscription(
      params.zone_id,
      "zone",
      id,
      freq,
      values,
    );
  }
  record.modified_on = now();
  return {
    result: renderSubscription(state, state.zoneSubscriptions[params.zone_id]),
  };
}

const userAndTenantRoutes: Array<[string, string, Handler]> = [
  [
    "POST",
    "/users",
    ({ state, body }) => {
      const tenants = Object.values(state.tenants);
      if (!tenants.some((t) => t.serviceUsersEnabled)) {
        throw errors.serviceUsersDisabled();
      }
      const input = objectBody(body);
      const email = requiredString(input, "email");
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        throw errors.invalid(`email "${email}" is not an email address`);
      }
      if (
        Object.values(state.users).some(
          (u) => u.email.toLowerCase() === email.toLowerCase(),
        )
      ) {
        throw errors.invalid(`a user with email ${email} already exists`);
      }
      const apiKey = randomBytes(19).toString("hex").slice(0, 37);
      const created = now();
      const user = {
        id: newId(),
        email,
        first_name: optionalString(input, "first_name") ?? null,
        last_name: optionalString(input, "last_name") ?? null,
        username: newId(),
        telephone: optionalString(input, "telephone") ?? null,
        country: optionalString(input, "country") ?? null,
        created_on: created,
        modified_on: created,
        apiKeySha256: sha256(apiKey),
      };
      state.users[user.id] = user;
      return { result: { ...renderUser(user), api_key: apiKey } };
    },
  ],
  [
    "GET",
    "/user/tenants",
    ({ state }) => ({
      result: Object.values(state.tenants).map(renderTenant),
    }),
  ],
  [
    "GET",
    "/tenants/:tenant_id",
    ({ state, params }) => ({
      result: renderTenant(tenant(state, params.tenant_id)),
    }),
  ],
  [
    "GET",
    "/tenants/:tenant_id/accounts",
    ({ state, params, query }) => {
      tenant(state, params.tenant_id);
      let items = accountList(state, params.tenant_id);
      items = sortBy(
        items,
        query,
        ["id", "created_on", "name", "type"],
        (a, key) => (a as unknown as Record<string, unknown>)[key],
      );
      return page(
        items,
        query,
        { min: 1, max: 100, required: true },
        renderTenantAccount,
      );
    },
  ],
  [
    "GET",
    "/tenants/:tenant_id/entitlements",
    ({ state, params }) => {
      const record = tenant(state, params.tenant_id);
      return {
        result: {
          ...record.entitlements,
          custom_entitlements: record.customEntitlements,
        },
      };
    },
  ],
];

// ---------------------------------------------------------------- router

function compile(method: string, path: string, handler: Handler): Route {
  const names: string[] = [];
  const source = path
    .split("/")
    .map((segment) => {
      if (segment.startsWith(":")) {
        names.push(segment.slice(1));
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { method, pattern: new RegExp(`^${source}$`), names, handler };
}

const ROUTES: Route[] = [
  ...accountsRoutes,
  ...memberRoutes,
  ...accountSubscriptionRoutes,
  ...zoneRoutes,
  ...userAndTenantRoutes,
].map(([method, path, handler]) => compile(method, path, handler));

/** Every route as "METHOD /path", for documentation and tests. */
export const ROUTE_LIST: string[] = [
  ...accountsRoutes,
  ...memberRoutes,
  ...accountSubscriptionRoutes,
  ...zoneRoutes,
  ...userAndTenantRoutes,
].map(([method, path]) => `${method} ${path}`);

/** Finds the route for a request; throws 404 or 405 envelopes. */
export function route(
  method: string,
  path: string,
): { handler: Handler; params: Record<string, string> } {
  let pathKnown = false;
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(path);
    if (!match) {
      continue;
    }
    pathKnown = true;
    if (candidate.method !== method) {
      continue;
    }
    const params: Record<string, string> = {};
    candidate.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1]);
    });
    return { handler: candidate.handler, params };
  }
  if (pathKnown) {
    throw errors.methodNotAllowed(method, path);
  }
  throw errors.noRoute(path);
}

export { EmulatorApiError };
