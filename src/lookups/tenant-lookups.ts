import { Annotations, Token } from "cdktf";
import { IConstruct } from "constructs";
import { ADDON_PLANS } from "../catalog/addon-plans";
import { ZonePlan } from "../catalog/zone-plans";
import { LookupValue } from "./cache";
import { lookupContextOf } from "./context";
import { LookupError, lookupErrors } from "./errors";
import { LookupKind } from "./keys";

/**
 * The id that stands in for a value not looked up yet: 32 zeros, the shape
 * of a Cloudflare id. It never reaches a synthesized stack: the asking
 * construct carries an error annotation until the value is known.
 */
export const PENDING_LOOKUP_ID = "0".repeat(32);

/** Picks the tenant a lookup asks about. */
export interface TenantLookupOptions {
  /**
   * The tenant's name (`tenant_name`).
   * @default - the one tenant the credentials administer; an error if they
   *   administer several
   */
  readonly tenantName?: string;
}

/** Names a tenant unit. */
export interface UnitLookupOptions extends TenantLookupOptions {
  /** The unit's name (`unit_name`), matched exactly. */
  readonly unitName: string;
}

/** Names an existing account of the tenant. */
export interface AccountLookupOptions extends TenantLookupOptions {
  /** The account's name, matched exactly. */
  readonly accountName: string;
}

/** An account of the tenant, as looked up. */
export interface TenantAccount {
  /** The account id. */
  readonly id: string;
  /** The account name. */
  readonly name: string;
  /** "standard" or "enterprise". */
  readonly type: string;
}

function checkName(
  scope: IConstruct,
  prop: string,
  value: string | undefined,
  required: boolean,
): void {
  if (value === undefined && !required) {
    return;
  }
  if (typeof value !== "string" || value.length === 0) {
    throw new LookupError(lookupErrors.emptyName(scope.node.path, prop, value));
  }
  if (Token.isUnresolved(value)) {
    throw new LookupError(
      prop === "accountId"
        ? lookupErrors.tokenAccountId(scope.node.path, value)
        : lookupErrors.tokenName(scope.node.path, prop, value),
    );
  }
}

function field(value: LookupValue | undefined, name: string): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return (value as Record<string, LookupValue>)[name];
  }
  return undefined;
}

function idField(value: LookupValue | undefined, name: string): string {
  const id = field(value, name);
  return typeof id === "string" && id.length > 0 ? id : PENDING_LOOKUP_ID;
}

/**
 * Synth-time lookups of the tenant the credentials administer: its tag, its
 * units and its existing accounts, answered from the committed lookup cache
 * (cdktf-tenant.lookups.json) and fetched by `synthWithLookups` when
 * missing.
 *
 * @see https://developers.cloudflare.com/tenant/how-to/get-tenant-details/
 */
export class TenantLookup {
  /** The tenant's tag (`tenant_tag`). */
  public static tenantId(
    scope: IConstruct,
    options: TenantLookupOptions = {},
  ): string {
    checkName(scope, "tenantName", options.tenantName, false);
    const value = lookupContextOf(scope).lookup(scope, LookupKind.TENANT, {
      tenant: options.tenantName,
    });
    return idField(value, "tenantTag");
  }

  /**
   * The `unit_tag` of a tenant unit found by name, for `ManagedCustomer`'s
   * `unitId`. An unknown name fails the lookup with the names that exist.
   */
  public static unitTag(scope: IConstruct, options: UnitLookupOptions): string {
    checkName(scope, "tenantName", options.tenantName, false);
    checkName(scope, "unitName", options.unitName, true);
    const value = lookupContextOf(scope).lookup(scope, LookupKind.TENANT_UNIT, {
      tenant: options.tenantName,
      unit: options.unitName,
    });
    return idField(value, "unitTag");
  }

  /** The id of an existing account of the tenant, found by name. */
  public static accountId(
    scope: IConstruct,
    options: AccountLookupOptions,
  ): string {
    checkName(scope, "tenantName", options.tenantName, false);
    checkName(scope, "accountName", options.accountName, true);
    const value = lookupContextOf(scope).lookup(
      scope,
      LookupKind.TENANT_ACCOUNT,
      { account: options.accountName, tenant: options.tenantName },
    );
    return idField(value, "id");
  }

  /**
   * Every account of the tenant (all pages of GET /tenants/{id}/accounts),
   * sorted by name and id; empty while the lookup is pending.
   */
  public static accounts(
    scope: IConstruct,
    options: TenantLookupOptions = {},
  ): TenantAccount[] {
    checkName(scope, "tenantName", options.tenantName, false);
    const value = lookupContextOf(scope).lookup(
      scope,
      LookupKind.TENANT_ACCOUNTS,
      { tenant: options.tenantName },
    );
    const accounts = field(value, "accounts");
    return Array.isArray(accounts)
      ? accounts.map((a) => ({
          id: String(field(a, "id")),
          name: String(field(a, "name")),
          type: String(field(a, "type")),
        }))
      : [];
  }
}

/** Names a role, and the existing account whose role list is read. */
export interface RoleLookupOptions extends TenantLookupOptions {
  /** The role's name (for example "Administrator Read Only"), exactly. */
  readonly roleName: string;
  /**
   * The id of an existing account whose roles are read. Must be a literal
   * id: an account this stack creates has no id at synth time.
   * @default - `accountName` is used
   */
  readonly accountId?: string;
  /**
   * The name of an existing account of the tenant whose roles are read
   * (a "template" account). Cloudflare's standard roles are the same in
   * every account, so their ids hold for accounts the stack creates.
   * @default - `accountId` is used; one of the two is required
   */
  readonly accountName?: string;
}

/**
 * Synth-time lookup of account roles by name, for the `roles` of a
 * member. GET /accounts/{id}/roles needs an existing account; the standard
 * roles carry the same ids in every account, so a role is looked up on an
 * existing "template" account (by id or by name) and its id is granted on
 * new accounts too.
 *
 * @see https://developers.cloudflare.com/api/resources/accounts/subresources/roles/
 */
export class AccountRoles {
  /** The id of a role found by name on an existing account. */
  public static roleId(scope: IConstruct, options: RoleLookupOptions): string {
    checkName(scope, "roleName", options.roleName, true);
    checkName(scope, "accountId", options.accountId, false);
    checkName(scope, "accountName", options.accountName, false);
    checkName(scope, "tenantName", options.tenantName, false);
    if (
      (options.accountId === undefined) ===
      (options.accountName === undefined)
    ) {
      throw new LookupError(
        lookupErrors.roleAccount(
          scope.node.path,
          options.accountId,
          options.accountName,
        ),
      );
    }
    const value = lookupContextOf(scope).lookup(
      scope,
      LookupKind.ACCOUNT_ROLE,
      {
        account: options.accountId,
        accountName: options.accountName,
        role: options.roleName,
        tenant:
          options.accountId === undefined ? options.tenantName : undefined,
      },
    );
    return idField(value, "id");
  }
}

/** A tenant's entitlement, as looked up. */
export interface Entitlement {
  /** "bool" or "max_count". */
  readonly type: string;
  /** true/false, or a count. */
  readonly value: unknown;
}

const CATALOG_PLAN_IDS = new Set<string>(
  [...Object.values(ZonePlan), ...ADDON_PLANS.map((p) => p.id)].map((id) =>
    id.toLowerCase(),
  ),
);

const ENFORCED = new WeakMap<IConstruct, TenantEntitlements>();

function planNamedBy(feature: string): string {
  const segments = feature.toLowerCase().split(".");
  return segments[segments.length - 1];
}

function granted(grant: Entitlement): boolean {
  if (typeof grant.value === "boolean") {
    return grant.value;
  }
  if (typeof grant.value === "number") {
    return grant.value > 0;
  }
  return grant.value === "true";
}

/**
 * What the tenant is entitled to (GET /tenants/{id}/entitlements), looked
 * up at synth time.
 *
 * A rate plan counts as entitled when a feature (or custom entitlement)
 * names it: the feature key, or its last "."-separated part, equals the
 * plan id without regard to case ("zones.partners_pro", "PARTNERS_PRO"),
 * and its value is true or a count above zero. When the map names no
 * catalogued plan at all it says nothing about plans, and the check stays
 * silent rather than guess.
 *
 * @see https://developers.cloudflare.com/tenant/structure/
 */
export class TenantEntitlements {
  /**
   * Turns on entitlement checks for every rate plan chosen under `scope`
   * (a stack, or the app): `checkEntitlement`, which the constructs call
   * for zone plans and add-ons, then judges plans against the
   * entitlements of the tenant named here. Call it before adding
   * customers. Without it, no entitlement lookup is made.
   */
  public static enforce(
    scope: IConstruct,
    options: TenantLookupOptions = {},
  ): TenantEntitlements {
    const entitlements = TenantEntitlements.of(scope, options);
    ENFORCED.set(scope, entitlements);
    return entitlements;
  }

  /**
   * The entitlements enforced on `scope` or its nearest enclosing scope,
   * or `undefined` when no scope enforces any.
   */
  public static enforcedOn(scope: IConstruct): TenantEntitlements | undefined {
    const scopes = scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const found = ENFORCED.get(scopes[i]);
      if (found) {
        return found;
      }
    }
    return undefined;
  }

  /** The entitlements of the tenant (pending until looked up). */
  public static of(
    scope: IConstruct,
    options: TenantLookupOptions = {},
  ): TenantEntitlements {
    checkName(scope, "tenantName", options.tenantName, false);
    const value = lookupContextOf(scope).lookup(
      scope,
      LookupKind.TENANT_ENTITLEMENTS,
      { tenant: options.tenantName },
    );
    return new TenantEntitlements(value);
  }

  /** Whether the lookup has no value yet. */
  public readonly isPending: boolean;
  /** The tenant's name, or "" while pending. */
  public readonly tenantName: string;
  /** Feature key to entitlement, custom entitlements included. */
  public readonly features: Readonly<Record<string, Entitlement>>;

  private constructor(value: LookupValue | undefined) {
    this.isPending = value === undefined;
    const name = field(value, "tenantName");
    this.tenantName = typeof name === "string" ? name : "";
    const features: Record<string, Entitlement> = {};
    const map = field(value, "entitlements");
    if (map && typeof map === "object" && !Array.isArray(map)) {
      for (const [key, grant] of Object.entries(map)) {
        features[key] = {
          type: String(field(grant, "type") ?? ""),
          value: field(grant, "value"),
        };
      }
    }
    const custom = field(value, "customEntitlements");
    if (Array.isArray(custom)) {
      for (const grant of custom) {
        const key = field(grant, "feature");
        if (typeof key === "string") {
          features[key] = {
            type: String(field(grant, "type") ?? ""),
            value: field(grant, "value"),
          };
        }
      }
    }
    this.features = features;
  }

  /**
   * Whether the entitlements say anything about rate plans (a feature names
   * a catalogued plan). When false, `allowsPlan` answers `undefined`.
   */
  public get namesRatePlans(): boolean {
    return Object.keys(this.features).some((key) =>
      CATALOG_PLAN_IDS.has(planNamedBy(key)),
    );
  }

  /**
   * Whether the tenant may sell a rate plan: true or false when the
   * entitlements say, `undefined` when they cannot tell (pending, or no
   * feature names a plan).
   */
  public allowsPlan(planId: string): boolean | undefined {
    if (this.isPending) {
      return undefined;
    }
    const wanted = planId.toLowerCase();
    const naming = Object.entries(this.features).filter(
      ([key]) => planNamedBy(key) === wanted || key.toLowerCase() === wanted,
    );
    if (naming.length > 0) {
      return naming.some(([, grant]) => granted(grant));
    }
    return this.namesRatePlans ? false : undefined;
  }
}

/** Options of `checkEntitlement`. */
export interface CheckEntitlementOptions {
  /**
   * An existing zone's id: the plan must also be one of the zone's
   * available rate plans (GET /zones/{id}/available_rate_plans).
   * @default - no zone check (a zone the stack creates has no id yet)
   */
  readonly zoneId?: string;
}

/**
 * Checks at synth time that the tenant is entitled to a rate plan (when an
 * enclosing scope called `TenantEntitlements.enforce`), and, for an
 * existing zone, that the zone can take it. A plan that fails either is an
 * error annotation on `scope` ("[cdktf-cloudflare-tenant:not-entitled]",
 * "[cdktf-cloudflare-tenant:plan-not-available]") instead of a 1225 at
 * apply. Tokens are not judged. Returns false when an error was added.
 */
export function checkEntitlement(
  scope: IConstruct,
  planId: string,
  options: CheckEntitlementOptions = {},
): boolean {
  if (Token.isUnresolved(planId)) {
    return true;
  }
  let ok = true;
  const entitlements = TenantEntitlements.enforcedOn(scope);
  if (entitlements?.allowsPlan(planId) === false) {
    Annotations.of(scope).addError(
      lookupErrors.notEntitled(
        scope.node.path,
        planId,
        entitlements.tenantName,
      ),
    );
    ok = false;
  }
  if (options.zoneId !== undefined && !Token.isUnresolved(options.zoneId)) {
    ok = checkZoneRatePlan(scope, options.zoneId, planId) && ok;
  }
  return ok;
}

/**
 * The rate plan ids an existing zone may take
 * (GET /zones/{id}/available_rate_plans); `undefined` while pending.
 */
export function availableRatePlans(
  scope: IConstruct,
  zoneId: string,
): string[] | undefined {
  checkName(scope, "zoneId", zoneId, true);
  const value = lookupContextOf(scope).lookup(
    scope,
    LookupKind.ZONE_RATE_PLANS,
    { zone: zoneId },
  );
  const plans = field(value, "plans");
  if (!Array.isArray(plans)) {
    return undefined;
  }
  return plans.map((plan) => String(field(plan, "id")));
}

/**
 * Checks at synth time that an existing zone can take a rate plan; an error
 * annotation "[cdktf-cloudflare-tenant:plan-not-available]" if not.
 * Returns false when an error was added.
 */
export function checkZoneRatePlan(
  scope: IConstruct,
  zoneId: string,
  planId: string,
): boolean {
  if (Token.isUnresolved(planId) || Token.isUnresolved(zoneId)) {
    return true;
  }
  const available = availableRatePlans(scope, zoneId);
  if (available === undefined) {
    return true;
  }
  const wanted = planId.toLowerCase();
  if (available.some((id) => id.toLowerCase() === wanted)) {
    return true;
  }
  Annotations.of(scope).addError(
    lookupErrors.planNotAvailable(scope.node.path, zoneId, planId, available),
  );
  return false;
}
