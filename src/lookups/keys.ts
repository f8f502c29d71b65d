/**
 * Lookup keys: one stable string per query.
 *
 * A key reads `<provider>:<kind>:<param>=<value>:<param>=<value>`, with the
 * parameters sorted by name and absent parameters left out, so the same
 * query always yields the same key and keys sort into a clean diff. Values
 * escape only `%`, `:` and `=`, which keeps names readable in the cache
 * file. A key holds what identifies the question (tenant, unit, account,
 * role, zone), never a credential and never the API's base URL: the same
 * tenant answers the same, wherever the request goes.
 */

/** The provider part of every key this library writes. */
export const LOOKUP_KEY_PROVIDER = "cloudflare";

/** The kinds of question a lookup can ask. */
export enum LookupKind {
  /** The tenant the caller administers: its tag and name. */
  TENANT = "tenant",
  /** A tenant unit by name: its unit_tag. */
  TENANT_UNIT = "tenant-unit",
  /** Every account of the tenant (all pages). */
  TENANT_ACCOUNTS = "tenant-accounts",
  /** One existing account of the tenant by name. */
  TENANT_ACCOUNT = "tenant-account",
  /** A role an existing account offers, by name. */
  ACCOUNT_ROLE = "account-role",
  /** The rate plans an existing zone may take. */
  ZONE_RATE_PLANS = "zone-rate-plans",
  /** What the tenant is entitled to. */
  TENANT_ENTITLEMENTS = "tenant-entitlements",
}

/** The parameters each kind takes; `required` must be present. */
export const LOOKUP_KIND_PARAMS: Record<
  LookupKind,
  { required: string[]; optional: string[]; oneOf?: string[] }
> = {
  [LookupKind.TENANT]: { required: [], optional: ["tenant"] },
  [LookupKind.TENANT_UNIT]: { required: ["unit"], optional: ["tenant"] },
  [LookupKind.TENANT_ACCOUNTS]: { required: [], optional: ["tenant"] },
  [LookupKind.TENANT_ACCOUNT]: {
    required: ["account"],
    optional: ["tenant"],
  },
  [LookupKind.ACCOUNT_ROLE]: {
    required: ["role"],
    optional: ["account", "accountName", "tenant"],
    oneOf: ["account", "accountName"],
  },
  [LookupKind.ZONE_RATE_PLANS]: { required: ["zone"], optional: [] },
  [LookupKind.TENANT_ENTITLEMENTS]: { required: [], optional: ["tenant"] },
};

/** A parsed lookup key: the question, without the provider prefix. */
export interface LookupQuery {
  /** What is asked. */
  readonly kind: LookupKind;
  /** The parameters of the question; absent ones are left out. */
  readonly params: Readonly<Record<string, string>>;
}

/** Thrown when a string is not a key this library writes. */
export class LookupKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LookupKeyError";
  }
}

function escapeValue(value: string): string {
  return value.replace(/%/g, "%25").replace(/:/g, "%3A").replace(/=/g, "%3D");
}

function unescapeValue(value: string): string {
  return value.replace(/%(25|3A|3D)/gi, (_m, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

function checkQuery(query: LookupQuery, source: string): void {
  const spec = LOOKUP_KIND_PARAMS[query.kind];
  if (!spec) {
    throw new LookupKeyError(
      `${source}: unknown lookup kind "${query.kind}"; known kinds: ${Object.values(LookupKind).join(", ")}.`,
    );
  }
  const allowed = new Set([...spec.required, ...spec.optional]);
  for (const [name, value] of Object.entries(query.params)) {
    if (!allowed.has(name)) {
      throw new LookupKeyError(
        `${source}: parameter "${name}" is not one of ${query.kind}'s (${[...allowed].join(", ")}).`,
      );
    }
    if (typeof value !== "string" || value.length === 0) {
      throw new LookupKeyError(
        `${source}: parameter "${name}" must be a non-empty string.`,
      );
    }
  }
  for (const name of spec.required) {
    if (query.params[name] === undefined) {
      throw new LookupKeyError(
        `${source}: ${query.kind} needs the parameter "${name}".`,
      );
    }
  }
  if (spec.oneOf) {
    const given = spec.oneOf.filter((n) => query.params[n] !== undefined);
    if (given.length !== 1) {
      throw new LookupKeyError(
        `${source}: ${query.kind} needs exactly one of ${spec.oneOf.join(", ")}.`,
      );
    }
  }
}

/**
 * The key of a query. Parameters whose value is undefined are left out;
 * the rest are sorted by name.
 */
export function lookupKey(
  kind: LookupKind,
  params: Record<string, string | undefined>,
): string {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) {
      present[name] = value;
    }
  }
  checkQuery({ kind, params: present }, `lookup ${kind}`);
  const parts = Object.keys(present)
    .sort()
    .map((name) => `${name}=${escapeValue(present[name])}`);
  return [LOOKUP_KEY_PROVIDER, kind, ...parts].join(":");
}

/** Parses a key back into its query; throws `LookupKeyError` if malformed. */
export function parseLookupKey(key: string): LookupQuery {
  const parts = key.split(":");
  if (parts.length < 2 || parts[0] !== LOOKUP_KEY_PROVIDER) {
    throw new LookupKeyError(
      `lookup key "${key}" does not start with "${LOOKUP_KEY_PROVIDER}:<kind>".`,
    );
  }
  const kind = parts[1] as LookupKind;
  const params: Record<string, string> = {};
  for (const part of parts.slice(2)) {
    const eq = part.indexOf("=");
    if (eq <= 0) {
      throw new LookupKeyError(
        `lookup key "${key}": "${part}" is not a <param>=<value> pair.`,
      );
    }
    params[part.slice(0, eq)] = unescapeValue(part.slice(eq + 1));
  }
  const query = { kind, params };
  checkQuery(query, `lookup key "${key}"`);
  if (lookupKey(kind, params) !== key) {
    throw new LookupKeyError(
      `lookup key "${key}" is not in canonical form (sorted parameters, escaped values); expected "${lookupKey(kind, params)}".`,
    );
  }
  return query;
}
