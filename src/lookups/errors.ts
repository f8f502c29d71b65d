/**
 * Every text the lookups show: errors thrown, annotations added. Kept in one
 * place so that wording stays consistent and tests can quote it. No text
 * here ever includes a credential: callers pass names, ids and keys only.
 */

/** The namespace of this library's annotation ids. */
export const ANNOTATION_NAMESPACE = "cdktf-cloudflare-tenant";

/** A namespaced annotation id, written at the start of a message. */
export function annotationId(id: string): string {
  return `[${ANNOTATION_NAMESPACE}:${id}]`;
}

/** The command that fills missing keys of the cache file. */
export const REFRESH_MISSING_COMMAND =
  "npx cdktf-tenant lookups refresh --missing";

/** The command that re-fetches every key of the cache file. */
export const REFRESH_ALL_COMMAND = "npx cdktf-tenant lookups refresh";

const CREDENTIALS_HINT =
  "with CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY) set in the environment";

/** Why a lookup could not be answered. */
export class LookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LookupError";
  }
}

/** A cache file that cannot be used as it is. */
export class LookupCacheError extends LookupError {
  constructor(
    message: string,
    /** The cache file concerned. */
    public readonly file: string,
  ) {
    super(message);
    this.name = "LookupCacheError";
  }
}

function quoteList(names: readonly string[]): string {
  return names.length === 0
    ? "(none)"
    : names.map((n) => JSON.stringify(n)).join(", ");
}

export const lookupErrors = {
  cacheNotJson: (file: string, reason: string) =>
    `The lookup cache file ${file} is not valid JSON (${reason}). Fix the file by hand (a merge conflict marker is the usual cause), or delete it and run \`${REFRESH_MISSING_COMMAND}\` ${CREDENTIALS_HINT} to fetch every value again.`,
  cacheBadShape: (file: string, reason: string) =>
    `The lookup cache file ${file} is not a lookup cache (${reason}). It must be an object {"formatVersion": 1, "lookups": {...}}; delete it and run \`${REFRESH_MISSING_COMMAND}\` ${CREDENTIALS_HINT} to write it again.`,
  cacheTooNew: (file: string, found: number, supported: number) =>
    `The lookup cache file ${file} has formatVersion ${found}, written by a newer cdktf-cloudflare-tenant; this version reads formatVersion ${supported} or older. Upgrade cdktf-cloudflare-tenant to the version that wrote the file.`,
  cacheBadKey: (file: string, key: string, reason: string) =>
    `The lookup cache file ${file} holds the key ${JSON.stringify(key)}, which is not a lookup key (${reason}). Remove it with \`npx cdktf-tenant lookups clear ${JSON.stringify(key)}\`.`,

  missingInCacheOnly: (file: string, keys: readonly string[], reason: string) =>
    `${annotationId("missing-lookup")} ${keys.length} lookup value(s) are missing from ${file} and lookups run cache-only (${reason}), so synthesis stops:\n` +
    keys.map((k) => `  - ${k}`).join("\n") +
    `\nOn a machine with API access, run \`${REFRESH_MISSING_COMMAND}\` ${CREDENTIALS_HINT}, then commit ${file}.`,
  missingNoCredentials: (file: string, keys: readonly string[]) =>
    `${annotationId("missing-lookup")} ${keys.length} lookup value(s) are missing from ${file} and no API credentials are set, so they cannot be fetched:\n` +
    keys.map((k) => `  - ${k}`).join("\n") +
    `\nRun the synth again ${CREDENTIALS_HINT}, or run \`${REFRESH_MISSING_COMMAND}\`, then commit ${file}.`,
  missingAnnotation: (key: string) =>
    `${annotationId("missing-lookup")} The lookup ${key} has no value in the cache, so a placeholder stands in. Synthesize through synthWithLookups() (or run \`${REFRESH_MISSING_COMMAND}\` ${CREDENTIALS_HINT}) to fetch it.`,
  fetchFailed: (key: string, paths: readonly string[], reason: string) =>
    `${annotationId("lookup-failed")} The lookup ${key}${paths.length ? ` (asked by ${paths.join(", ")})` : ""} failed: ${reason}`,
  notSettled: (rounds: number, keys: readonly string[]) =>
    `${annotationId("lookup-not-settled")} After ${rounds} rounds the app still asks for new lookups (${keys.join(", ")}); the app builder must ask for the same keys when given the same values.`,
  builderNotApp: (got: string) =>
    `The app builder passed to synthWithLookups() returned ${got}; it must build a new cdktf App from scratch and return it, every time it is called.`,
  builderReusedApp: () =>
    `The app builder passed to synthWithLookups() returned an App it did not create in that call (the same App twice, or one built before); constructs cannot be removed, so the builder must create a new App, and all its stacks, on each call.`,
  badMode: (value: string) =>
    `The lookup mode (CDKTF_TENANT_LOOKUPS or the mode option) is ${JSON.stringify(value)}; use "auto" (fetch missing values when credentials are set), "cache-only" (never fetch) or "fill" (fetch missing values even when CI is set).`,

  noTenant: () =>
    `The API credentials administer no tenant (GET /user/tenants answered an empty list). Use the credentials of a Tenant admin.`,
  unknownTenant: (name: string, names: readonly string[]) =>
    `No tenant named ${JSON.stringify(name)} is administered by these credentials; the tenants are ${quoteList(names)}. Set tenantName to one of them.`,
  ambiguousTenant: (name: string | undefined, candidates: readonly string[]) =>
    name === undefined
      ? `The credentials administer ${candidates.length} tenants, so the tenant is ambiguous: ${candidates.join(", ")}. Set tenantName to one of them.`
      : `${candidates.length} tenants are named ${JSON.stringify(name)}: ${candidates.join(", ")}. Rename one of them so that tenantName picks exactly one.`,
  unknownUnit: (tenant: string, unit: string, names: readonly string[]) =>
    `Tenant ${JSON.stringify(tenant)} has no unit named ${JSON.stringify(unit)}; its units are ${quoteList(names)}. Set unitName to one of them (names match exactly, case included).`,
  ambiguousUnit: (
    tenant: string,
    unit: string,
    candidates: readonly string[],
  ) =>
    `Tenant ${JSON.stringify(tenant)} has ${candidates.length} units named ${JSON.stringify(unit)}: ${candidates.join(", ")}. Rename one of them in the Tenant, or pass the unit_tag to unitId directly.`,
  unknownAccount: (tenant: string, account: string, names: readonly string[]) =>
    `Tenant ${JSON.stringify(tenant)} has no account named ${JSON.stringify(account)}; ${names.length} accounts exist${names.length ? `: ${quoteList(names.slice(0, 20))}${names.length > 20 ? ", ..." : ""}` : ""}. Set the account name to one of them, or pass its id.`,
  ambiguousAccount: (
    tenant: string,
    account: string,
    candidates: readonly string[],
  ) =>
    `Tenant ${JSON.stringify(tenant)} has ${candidates.length} accounts named ${JSON.stringify(account)}: ${candidates.join(", ")}. Pass the account id instead of the name.`,
  unknownRole: (account: string, role: string, names: readonly string[]) =>
    `Account ${account} offers no role named ${JSON.stringify(role)}; its roles are ${quoteList(names)}. Set roleName to one of them (names match exactly, case included).`,
  ambiguousRole: (
    account: string,
    role: string,
    candidates: readonly string[],
  ) =>
    `Account ${account} offers ${candidates.length} roles named ${JSON.stringify(role)}: ${candidates.join(", ")}. Pass the role id directly.`,
  badAnswer: (what: string, detail: string) =>
    `The API answered ${what} with an unexpected shape (${detail}).`,

  emptyName: (path: string, prop: string, value: unknown) =>
    `${path}: ${prop} is ${JSON.stringify(value)}; a lookup needs a non-empty name. Set ${prop} to the name as the API spells it.`,
  tokenName: (path: string, prop: string, value: string) =>
    `${path}: ${prop} is the token ${JSON.stringify(value)}; a lookup runs at synth time and needs a literal string. Pass the name or id itself.`,
  tokenAccountId: (path: string, value: string) =>
    `${path}: accountId is the token ${JSON.stringify(value)}; an account this stack creates has no id at synth time, so its roles cannot be read. Name an existing account instead (accountName, or its literal accountId): the standard roles carry the same ids in every account.`,
  roleAccount: (path: string, accountId?: string, accountName?: string) =>
    `${path}: accountId is ${JSON.stringify(accountId)} and accountName is ${JSON.stringify(accountName)}; set exactly one of them, naming the existing account whose role list is read.`,
  notEntitled: (path: string, planId: string, tenant: string) =>
    `${annotationId("not-entitled")} ${path}: the rate plan ${JSON.stringify(planId)} is not among tenant ${JSON.stringify(tenant)}'s entitlements, so the apply would fail with 1225 "Your account does not have access to this product.". Ask Cloudflare to entitle the tenant, choose an entitled plan, or refresh the entitlements with \`${REFRESH_ALL_COMMAND}\` if they changed.`,
  planNotAvailable: (
    path: string,
    zoneId: string,
    planId: string,
    available: readonly string[],
  ) =>
    `${annotationId("plan-not-available")} ${path}: zone ${zoneId} cannot take the rate plan ${JSON.stringify(planId)}; its available rate plans are ${quoteList(available)}. Choose one of them, or refresh with \`${REFRESH_ALL_COMMAND}\` if they changed.`,
};
