/**
 * Zone plans and account add-ons at apply time. Every operation reads the
 * live state first and changes only what differs from the declaration, so
 * that running it again after a half-finished apply converges instead of
 * creating a second subscription.
 */
import { GapApi, Report, isApiError, seg, unlessNotFound } from "./api";
import {
  LiveComponentValue,
  componentsMatch,
  componentsText,
  sortComponents,
} from "./components";
import { failure } from "./failures";
import type {
  AddonDeleteInput,
  AddonInput,
  ReadQuery,
  ZonePlanInput,
  ZonePlanReleaseInput,
} from "./protocol";

/** A subscription as the API answers it (the fields the runner reads). */
export interface LiveSubscription {
  readonly id?: string;
  readonly frequency?: string;
  readonly state?: string;
  readonly rate_plan?: { readonly id?: string } | null;
  readonly component_values?: readonly LiveComponentValue[] | null;
}

/** States of an account subscription that no longer count as present. */
const ENDED_STATES = new Set(["cancelled", "expired"]);

function samePlan(a: string | undefined, b: string): boolean {
  return (a ?? "").toLowerCase() === b.toLowerCase();
}

function matches(
  live: LiveSubscription,
  wanted: {
    rate_plan_id: string;
    frequency: string;
    component_values: ZonePlanInput["component_values"];
  },
): boolean {
  return (
    samePlan(live.rate_plan?.id, wanted.rate_plan_id) &&
    live.frequency === wanted.frequency &&
    componentsMatch(wanted.component_values, live.component_values)
  );
}

function subscriptionBody(input: {
  rate_plan_id: string;
  frequency: string;
  component_values: ZonePlanInput["component_values"];
}): Record<string, unknown> {
  const body: Record<string, unknown> = {
    rate_plan: { id: input.rate_plan_id },
    frequency: input.frequency,
  };
  if (input.component_values.length > 0) {
    body.component_values = sortComponents(input.component_values);
  }
  return body;
}

function zonePath(zoneId: string): string {
  return `/zones/${seg(zoneId)}/subscription`;
}

/** The zone's subscription, or null for a zone on no paid plan (1207). */
async function getZoneSubscription(
  api: GapApi,
  zoneId: string,
): Promise<LiveSubscription | null> {
  return unlessNotFound(() =>
    api.request<LiveSubscription>("GET", zonePath(zoneId)),
  );
}

/**
 * Puts a zone on its declared plan, frequency and component values: POST
 * when the zone has no subscription, PUT when it has one that differs,
 * nothing when it already matches.
 */
export async function ensureZonePlan(
  api: GapApi,
  input: ZonePlanInput,
  report: Report,
): Promise<void> {
  const path = zonePath(input.zone_id);
  const what = `zone ${input.zone_id}: plan ${input.rate_plan_id}`;
  const live = await getZoneSubscription(api, input.zone_id);
  if (live !== null && matches(live, input)) {
    report(`${what} is already as declared; nothing to do`);
    return;
  }
  if (live !== null) {
    await api.request("PUT", path, { body: subscriptionBody(input) });
    report(`${what}: updated the subscription in place (PUT)`);
    return;
  }
  try {
    await api.request("POST", path, { body: subscriptionBody(input) });
  } catch (error) {
    // The POST may have reached the API before the failure: look again
    // rather than send a second one.
    const again = await getZoneSubscription(api, input.zone_id);
    if (again === null) throw error;
    if (!matches(again, input)) {
      await api.request("PUT", path, { body: subscriptionBody(input) });
    }
    report(`${what}: adopted the subscription an earlier attempt created`);
    return;
  }
  report(`${what}: created the subscription (POST)`);
}

/** Moves a zone to its release plan on destroy; a gone zone is fine. */
export async function releaseZonePlan(
  api: GapApi,
  input: ZonePlanReleaseInput,
  report: Report,
): Promise<void> {
  const what = `zone ${input.zone_id}`;
  const live = await getZoneSubscription(api, input.zone_id);
  if (
    live !== null &&
    samePlan(live.rate_plan?.id, input.release_rate_plan_id)
  ) {
    report(`${what} is already on ${input.release_rate_plan_id}`);
    return;
  }
  if (live === null) {
    const zoneGone = await zoneIsGone(api, input.zone_id);
    if (zoneGone) {
      report(`${what} no longer exists; nothing to release`);
      return;
    }
  }
  const body = { rate_plan: { id: input.release_rate_plan_id } };
  await api.request(live === null ? "POST" : "PUT", zonePath(input.zone_id), {
    body,
  });
  report(`${what}: moved to ${input.release_rate_plan_id} on destroy`);
}

async function zoneIsGone(api: GapApi, zoneId: string): Promise<boolean> {
  const found = await unlessNotFound(async () => {
    await api.request("GET", `/zones/${seg(zoneId)}`);
    return true;
  });
  return found === null;
}

/**
 * Read operation for drift checks: the zone's live plan, frequency and the
 * named component values. Answers `state=missing` instead of failing when
 * the zone has no subscription.
 */
export async function readZonePlan(
  api: GapApi,
  query: ReadQuery,
): Promise<Record<string, string>> {
  const names = splitNames(query.components);
  const live = await getZoneSubscription(api, required(query, "zone_id"));
  return readAnswer(live, names);
}

function accountPath(accountId: string): string {
  return `/accounts/${seg(accountId)}/subscriptions`;
}

/**
 * The account's live subscription on a rate plan, or null. Two live
 * subscriptions on the same plan are an error: the runner cannot tell which
 * one the stack owns.
 */
async function findAddon(
  api: GapApi,
  accountId: string,
  ratePlanId: string,
): Promise<LiveSubscription | null> {
  const all = await api.request<LiveSubscription[]>(
    "GET",
    accountPath(accountId),
  );
  const found = (Array.isArray(all) ? all : []).filter(
    (s) =>
      samePlan(s.rate_plan?.id, ratePlanId) &&
      !ENDED_STATES.has(String(s.state ?? "").toLowerCase()),
  );
  if (found.length > 1) {
    throw failure(
      "duplicate-subscription",
      `account ${accountId} has ${found.length} live subscriptions on rate plan ${ratePlanId} (${found.map((s) => s.id).join(", ")}), so the runner cannot tell which one this stack owns.`,
      "cancel the extra ones (DELETE /accounts/{account_id}/subscriptions/{subscription_id}) and apply again.",
    );
  }
  return found[0] ?? null;
}

/**
 * Gives an account its declared add-on: finds a live subscription on the
 * rate plan (adopting one an earlier, interrupted run created), POSTs when
 * there is none, PUTs when frequency or component values differ.
 */
export async function ensureAddon(
  api: GapApi,
  input: AddonInput,
  report: Report,
): Promise<void> {
  const what = `account ${input.account_id}: add-on ${input.rate_plan_id}`;
  let live = await findAddon(api, input.account_id, input.rate_plan_id);
  if (live === null) {
    try {
      live = await api.request<LiveSubscription>(
        "POST",
        accountPath(input.account_id),
        { body: subscriptionBody(input) },
      );
      report(`${what}: created subscription ${live?.id ?? ""} (POST)`);
      return;
    } catch (error) {
      // The POST may have reached the API before the failure.
      live = await findAddon(api, input.account_id, input.rate_plan_id);
      if (live === null) throw error;
      report(`${what}: adopted subscription ${live.id} of an earlier attempt`);
    }
  }
  if (matches(live, input)) {
    report(`${what}: subscription ${live.id} is already as declared`);
    return;
  }
  await api.request(
    "PUT",
    `${accountPath(input.account_id)}/${seg(String(live.id))}`,
    { body: subscriptionBody(input) },
  );
  report(`${what}: updated subscription ${live.id} in place (PUT)`);
}

/** Cancels the account's subscription on the rate plan; none is fine. */
export async function deleteAddon(
  api: GapApi,
  input: AddonDeleteInput,
  report: Report,
): Promise<void> {
  const what = `account ${input.account_id}: add-on ${input.rate_plan_id}`;
  let live: LiveSubscription | null;
  try {
    live = await findAddon(api, input.account_id, input.rate_plan_id);
  } catch (error) {
    if (isApiError(error, 404)) {
      report(`${what}: the account no longer exists; nothing to cancel`);
      return;
    }
    throw error;
  }
  if (live === null) {
    report(`${what}: no live subscription; nothing to cancel`);
    return;
  }
  try {
    await api.request(
      "DELETE",
      `${accountPath(input.account_id)}/${seg(String(live.id))}`,
    );
  } catch (error) {
    if (!isApiError(error, 404)) throw error;
  }
  report(`${what}: cancelled subscription ${live.id} (DELETE)`);
}

/**
 * Read operation for the subscription id and drift checks. Answers
 * `state=missing` and an empty id when the account has no live
 * subscription on the plan (or no longer exists).
 */
export async function readAddon(
  api: GapApi,
  query: ReadQuery,
): Promise<Record<string, string>> {
  const names = splitNames(query.components);
  const live = await unlessNotFound(() =>
    findAddon(
      api,
      required(query, "account_id"),
      required(query, "rate_plan_id"),
    ),
  );
  return readAnswer(live, names);
}

/** A read operation's answer: the live subscription, or `state=missing`. */
function readAnswer(
  live: LiveSubscription | null,
  names: readonly string[],
): Record<string, string> {
  return {
    state: live === null ? "missing" : String(live.state ?? "present"),
    id: live?.id ?? "",
    rate_plan_id: live?.rate_plan?.id ?? "",
    frequency: live?.frequency ?? "",
    component_values: componentsText(names, live?.component_values),
  };
}

/** Component names from a read query's comma-joined list. */
export function splitNames(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** A read query's value, or an error that names the missing key. */
export function required(query: ReadQuery, key: string): string {
  const value = query[key];
  if (typeof value !== "string" || value === "") {
    throw failure(
      "bad-query",
      `the read query has no "${key}" (got keys: ${Object.keys(query).join(", ") || "none"}).`,
      "synthesize the stack again with this version of the library.",
    );
  }
  return value;
}
