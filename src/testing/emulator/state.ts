import { createHash, randomBytes } from "node:crypto";
import { CatalogRatePlan, RoleRecord, stableId } from "./catalog";
import { EmulatorSeed, defaultEntitlements, seedCatalog } from "./seed";

/** A tenant unit, in the API's shape. */
export interface UnitRecord {
  unit_tag: string;
  unit_name: string;
  unit_status: string;
  unit_metadata: Record<string, unknown>;
  unit_memberships: unknown[];
}

/** A tenant in the API's shape, plus what the emulator needs to judge. */
export interface TenantRecord {
  tenant_tag: string;
  tenant_name: string;
  tenant_type: string;
  tenant_status: string;
  cdate: string;
  edate: string;
  customer_id?: string;
  tenant_contacts: { email?: string; website?: string };
  tenant_labels: string[];
  tenant_network: Record<string, unknown>;
  tenant_metadata: { dns: { ns_pool: { primary: string; secondary: string } } };
  tenant_units: UnitRecord[];
  /** Emulator-only: the entitlement map. */
  entitlements: Record<string, { type: string; value: unknown }>;
  /** Emulator-only: custom entitlements as answered. */
  customEntitlements: unknown[];
  /** Emulator-only: rate plan ids the tenant may sell (upper-cased). */
  ratePlans: string[];
  /** Emulator-only: whether POST /users works. */
  serviceUsersEnabled: boolean;
}

export interface AccountRecord {
  id: string;
  name: string;
  type: "standard" | "enterprise";
  settings: {
    enforce_twofactor: boolean;
    abuse_contact_email?: string | null;
    [key: string]: unknown;
  };
  created_on: string;
  /** The tenant the account belongs to, or null. */
  tenantTag: string | null;
  /** The unit the account was created on, or null. */
  unitTag: string | null;
  business_name?: string;
  business_address?: string;
  business_email?: string;
  business_phone?: string;
  external_metadata?: string;
}

export interface MemberRecord {
  id: string;
  accountId: string;
  email: string;
  status: "pending" | "accepted";
  /** Role ids. */
  roles: string[];
  policies: unknown[];
  userId: string;
}

export interface ZoneRecord {
  id: string;
  name: string;
  accountId: string;
  status: string;
  type: string;
  paused: boolean;
  name_servers: string[];
  vanity_name_servers: string[];
  verification_key: string;
  created_on: string;
  modified_on: string;
  activated_on: string | null;
}

export interface ComponentValue {
  name: string;
  value: number;
}

export interface SubscriptionRecord {
  id: string;
  /** The zone (zone subscriptions) or account (account subscriptions). */
  ownerId: string;
  ratePlanId: string;
  scope: "zone" | "account";
  frequency: string;
  state: string;
  componentValues: ComponentValue[];
  current_period_start: string;
  current_period_end: string;
}

export interface UserRecord {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  username: string;
  telephone: string | null;
  country: string | null;
  created_on: string;
  modified_on: string;
  /** SHA-256 of the api_key, which is answered once and never kept. */
  apiKeySha256: string;
}

/**
 * Everything the emulator holds, as plain objects keyed by id, so that tests
 * can look inside (`state.accounts[id]`). Zone subscriptions are keyed by
 * zone id.
 */
export interface EmulatorState {
  tenants: Record<string, TenantRecord>;
  accounts: Record<string, AccountRecord>;
  members: Record<string, MemberRecord>;
  zones: Record<string, ZoneRecord>;
  zoneSubscriptions: Record<string, SubscriptionRecord>;
  accountSubscriptions: Record<string, SubscriptionRecord>;
  users: Record<string, UserRecord>;
  roles: RoleRecord[];
  ratePlans: CatalogRatePlan[];
}

/** A fresh random 32-hex id. */
export function newId(): string {
  return randomBytes(16).toString("hex");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function now(): string {
  return new Date().toISOString();
}

const HEX32 = /^[0-9a-f]{32}$/;

function checkId(kind: string, id: string): string {
  if (!HEX32.test(id)) {
    throw new Error(
      `Emulator seed: ${kind} id "${id}" is not 32 lowercase hex characters; use an id such as "${stableId(kind)}" or leave it out.`,
    );
  }
  return id;
}

/** Adds months (or days, for weekly) to an ISO date, for billing periods. */
export function periodEnd(start: string, frequency: string): string {
  const date = new Date(start);
  switch (frequency) {
    case "weekly":
      date.setUTCDate(date.getUTCDate() + 7);
      break;
    case "quarterly":
      date.setUTCMonth(date.getUTCMonth() + 3);
      break;
    case "yearly":
      date.setUTCFullYear(date.getUTCFullYear() + 1);
      break;
    default:
      date.setUTCMonth(date.getUTCMonth() + 1);
  }
  return date.toISOString();
}

/** Builds the in-memory state a seed describes. */
export function buildState(seed: EmulatorSeed): EmulatorState {
  const { ratePlans, roles } = seedCatalog(seed);
  const state: EmulatorState = {
    tenants: {},
    accounts: {},
    members: {},
    zones: {},
    zoneSubscriptions: {},
    accountSubscriptions: {},
    users: {},
    roles: roles.map((role) => ({ ...role })),
    ratePlans: ratePlans.map((plan) => ({ ...plan })),
  };
  const created = "2025-01-01T00:00:00.000000Z";

  for (const tenant of seed.tenants ?? []) {
    const tag = checkId(
      "tenant",
      tenant.tag ?? stableId(`tenant:${tenant.name}`),
    );
    const units = tenant.units ?? [{ name: "Default" }];
    state.tenants[tag] = {
      tenant_tag: tag,
      tenant_name: tenant.name,
      tenant_type: tenant.type ?? "PARTNER",
      tenant_status: tenant.status ?? "active",
      cdate: created,
      edate: created,
      ...(tenant.customerId ? { customer_id: tenant.customerId } : {}),
      tenant_contacts: { ...(tenant.contacts ?? {}) },
      tenant_labels: [],
      tenant_network: {},
      tenant_metadata: {
        dns: {
          ns_pool: tenant.nsPool ?? {
            primary: "cloudflare.standard",
            secondary: "cloudflare.standard",
          },
        },
      },
      tenant_units: units.map((unit) => ({
        unit_tag: checkId(
          "unit",
          unit.tag ?? stableId(`unit:${tenant.name}:${unit.name}`),
        ),
        unit_name: unit.name,
        unit_status: unit.status ?? "active",
        unit_metadata: { ...(unit.metadata ?? {}) },
        unit_memberships: [...(unit.memberships ?? [])],
      })),
      entitlements: tenant.entitlements ?? defaultEntitlements(),
      customEntitlements: tenant.customEntitlements ?? [],
      ratePlans: (tenant.ratePlans ?? ratePlans.map((plan) => plan.id)).map(
        (id) => id.toUpperCase(),
      ),
      serviceUsersEnabled: tenant.serviceUsersEnabled ?? true,
    };
  }

  const firstTenant = Object.values(state.tenants)[0];
  for (const account of seed.accounts ?? []) {
    const id = checkId("account", account.id ?? newId());
    let tenantTag: string | null = null;
    let unitTag: string | null = null;
    if (!account.outsideTenant) {
      const owner = account.unitTag
        ? Object.values(state.tenants).find((t) =>
            t.tenant_units.some((u) => u.unit_tag === account.unitTag),
          )
        : firstTenant;
      if (!owner) {
        throw new Error(
          `Emulator seed: account "${account.name}" names unit "${account.unitTag}", which no seeded tenant has; add the unit to a tenant or leave unitTag out.`,
        );
      }
      tenantTag = owner.tenant_tag;
      unitTag = account.unitTag ?? owner.tenant_units[0]?.unit_tag ?? null;
    }
    state.accounts[id] = {
      id,
      name: account.name,
      type: account.type ?? "standard",
      settings: {
        enforce_twofactor: account.enforceTwoFactor ?? false,
        ...(account.abuseContactEmail
          ? { abuse_contact_email: account.abuseContactEmail }
          : {}),
      },
      created_on: account.createdOn ?? created,
      tenantTag,
      unitTag,
    };
  }

  for (const zone of seed.zones ?? []) {
    const id = checkId("zone", zone.id ?? newId());
    if (!state.accounts[zone.accountId]) {
      throw new Error(
        `Emulator seed: zone "${zone.name}" names account "${zone.accountId}", which the seed does not have; add the account or fix accountId.`,
      );
    }
    state.zones[id] = {
      id,
      name: zone.name,
      accountId: zone.accountId,
      status: zone.status ?? "pending",
      type: zone.type ?? "full",
      paused: false,
      name_servers: nameServersFor(zone.name, tenantOf(state, zone.accountId)),
      vanity_name_servers: [],
      verification_key: newId(),
      created_on: created,
      modified_on: created,
      activated_on: zone.status === "active" ? created : null,
    };
    if (zone.ratePlanId) {
      const frequency = zone.frequency ?? "monthly";
      state.zoneSubscriptions[id] = {
        id: newId(),
        ownerId: id,
        ratePlanId: zone.ratePlanId,
        scope: "zone",
        frequency,
        state: "Paid",
        componentValues: [],
        current_period_start: created,
        current_period_end: periodEnd(created, frequency),
      };
    }
  }
  return state;
}

/** The tenant an account belongs to, if any. */
export function tenantOf(
  state: EmulatorState,
  accountId: string,
): TenantRecord | undefined {
  const tag = state.accounts[accountId]?.tenantTag;
  return tag ? state.tenants[tag] : undefined;
}

const DEFAULT_NAME_SERVERS = [
  "ada.ns.cloudflare.com",
  "bob.ns.cloudflare.com",
  "cruz.ns.cloudflare.com",
  "dina.ns.cloudflare.com",
  "elle.ns.cloudflare.com",
  "fred.ns.cloudflare.com",
];

/**
 * Two name servers: the tenant's ns pool when it holds host names,
 * otherwise a stable pair from Cloudflare-style defaults.
 */
export function nameServersFor(
  zoneName: string,
  tenant: TenantRecord | undefined,
): string[] {
  const pool = tenant?.tenant_metadata.dns.ns_pool;
  const hostName = /^[a-z0-9-]+(\.[a-z0-9-]+){2,}$/i;
  if (pool && hostName.test(pool.primary) && hostName.test(pool.secondary)) {
    return [pool.primary, pool.secondary];
  }
  const hash = parseInt(stableId(`ns:${zoneName}`).slice(0, 8), 16);
  const first = hash % DEFAULT_NAME_SERVERS.length;
  const second = (first + 1 + ((hash >>> 8) % 5)) % DEFAULT_NAME_SERVERS.length;
  return [DEFAULT_NAME_SERVERS[first], DEFAULT_NAME_SERVERS[second]];
}
