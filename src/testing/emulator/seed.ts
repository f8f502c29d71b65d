import { readFileSync } from "node:fs";
import {
  CatalogRatePlan,
  DEFAULT_RATE_PLANS,
  DEFAULT_ROLES,
  RoleRecord,
  stableId,
} from "./catalog";

/**
 * What an emulator starts from. Keys are camelCase (this is the emulator's
 * own format); the records it builds answer in Cloudflare's snake_case.
 * Every list is optional; ids are generated when left out.
 */
export interface EmulatorSeed {
  /** Tenants the caller administers. Default: {@link DEFAULT_SEED}'s one. */
  tenants?: SeedTenant[];
  /** Accounts that exist before the first request. */
  accounts?: SeedAccount[];
  /** Zones that exist before the first request. */
  zones?: SeedZone[];
  /** The role list every account answers. Default: the standard roles. */
  roles?: RoleRecord[];
  /** The price list. Default: the plans of the Tenant docs. */
  ratePlans?: CatalogRatePlan[];
}

/** A tenant, its units and what it may sell. */
export interface SeedTenant {
  /** 32-hex tenant tag. Default: derived from the name. */
  tag?: string;
  name: string;
  /** Default "PARTNER". */
  type?: string;
  /** Default "active". */
  status?: string;
  customerId?: string;
  contacts?: { email?: string; website?: string };
  /** Default one unit "Default". */
  units?: SeedUnit[];
  /** `tenant_metadata.dns.ns_pool`; host names are used as name servers. */
  nsPool?: { primary: string; secondary: string };
  /**
   * The entitlement map GET /tenants/{id}/entitlements answers (feature to
   * {type, value}). Default: a small sample.
   */
  entitlements?: Record<string, { type: string; value: unknown }>;
  customEntitlements?: unknown[];
  /**
   * Rate plan ids (zone plans and add-ons) the tenant may sell; any other
   * id answers 1225. Default: every plan of the catalog.
   */
  ratePlans?: string[];
  /** Whether POST /users (service users) is enabled. Default true. */
  serviceUsersEnabled?: boolean;
}

export interface SeedUnit {
  /** 32-hex unit tag. Default: derived from tenant and unit names. */
  tag?: string;
  name: string;
  /** Default "active". */
  status?: string;
  metadata?: Record<string, unknown>;
  memberships?: unknown[];
}

export interface SeedAccount {
  id?: string;
  name: string;
  /** Default "standard". */
  type?: "standard" | "enterprise";
  /** Unit tag; default: the first unit of the first tenant. */
  unitTag?: string;
  /** When true the account belongs to no tenant. Default false. */
  outsideTenant?: boolean;
  enforceTwoFactor?: boolean;
  abuseContactEmail?: string;
  createdOn?: string;
}

export interface SeedZone {
  id?: string;
  name: string;
  accountId: string;
  /** Default "pending". */
  status?: "initializing" | "pending" | "active" | "moved";
  /** Default "full". */
  type?: "full" | "partial" | "secondary" | "internal";
  /** A zone rate plan id to record as its subscription. */
  ratePlanId?: string;
  frequency?: string;
}

/** The default tenant's name. */
export const DEFAULT_TENANT_NAME = "Example Partner";
/** The default tenant's tag (stable across runs). */
export const DEFAULT_TENANT_TAG = stableId(`tenant:${DEFAULT_TENANT_NAME}`);
/** The default tenant's unit tags, by unit name. */
export const DEFAULT_UNIT_TAGS = {
  Default: stableId(`unit:${DEFAULT_TENANT_NAME}:Default`),
  Europe: stableId(`unit:${DEFAULT_TENANT_NAME}:Europe`),
};

/** One tenant, two units, every catalog plan, the standard roles. */
export const DEFAULT_SEED: EmulatorSeed = {
  tenants: [
    {
      tag: DEFAULT_TENANT_TAG,
      name: DEFAULT_TENANT_NAME,
      type: "PARTNER",
      status: "active",
      contacts: {
        email: "partners@example.com",
        website: "https://partner.example.com",
      },
      units: [
        { tag: DEFAULT_UNIT_TAGS.Default, name: "Default" },
        { tag: DEFAULT_UNIT_TAGS.Europe, name: "Europe" },
      ],
    },
  ],
  accounts: [],
  zones: [],
};

/**
 * Reads a seed: an object is used as it is, a string is a path to a JSON
 * file holding one. A missing seed is {@link DEFAULT_SEED}.
 */
export function loadSeed(seed?: EmulatorSeed | string): EmulatorSeed {
  if (seed === undefined) {
    return DEFAULT_SEED;
  }
  if (typeof seed === "string") {
    return JSON.parse(readFileSync(seed, "utf8")) as EmulatorSeed;
  }
  return seed;
}

/** Default entitlement sample (feature keys are illustrative). */
export function defaultEntitlements(): Record<
  string,
  { type: string; value: unknown }
> {
  return {
    "accounts.create": { type: "bool", value: true },
    "accounts.max_count": { type: "max_count", value: 100000 },
    "users.service_users": { type: "bool", value: true },
    "zones.max_count": { type: "max_count", value: 100000 },
  };
}

/** The rate plans and roles a seed resolves to. */
export function seedCatalog(seed: EmulatorSeed): {
  ratePlans: CatalogRatePlan[];
  roles: RoleRecord[];
} {
  return {
    ratePlans: seed.ratePlans ?? DEFAULT_RATE_PLANS,
    roles: seed.roles ?? DEFAULT_ROLES,
  };
}

/**
 * A seed with `count` extra accounts on the default tenant, for pagination
 * tests and benchmarks. Names are "Customer 00001" and up.
 */
export function seedWithAccounts(
  count: number,
  base: EmulatorSeed = DEFAULT_SEED,
): EmulatorSeed {
  const width = Math.max(5, String(count).length);
  const accounts: SeedAccount[] = [...(base.accounts ?? [])];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 1; i <= count; i++) {
    accounts.push({
      id: stableId(`account:${i}`),
      name: `Customer ${String(i).padStart(width, "0")}`,
      createdOn: new Date(start + i * 1000).toISOString(),
    });
  }
  return { ...base, accounts };
}
