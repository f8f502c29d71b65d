import { CatalogRatePlan, RoleRecord, stableId } from "./catalog";
import {
  AccountRecord,
  EmulatorState,
  MemberRecord,
  SubscriptionRecord,
  TenantRecord,
  UserRecord,
  ZoneRecord,
} from "./state";

/** Records in the shapes Cloudflare answers (FACTS.md, provider schema). */

export function renderAccount(
  state: EmulatorState,
  account: AccountRecord,
): Record<string, unknown> {
  const tenant = account.tenantTag
    ? state.tenants[account.tenantTag]
    : undefined;
  const unit = tenant?.tenant_units.find((u) => u.unit_tag === account.unitTag);
  return {
    id: account.id,
    name: account.name,
    type: account.type,
    settings: { abuse_contact_email: null, ...account.settings },
    created_on: account.created_on,
    managed_by: tenant
      ? {
          parent_org_id: account.unitTag ?? tenant.tenant_tag,
          parent_org_name: unit?.unit_name ?? tenant.tenant_name,
        }
      : null,
  };
}

/** The item shape of GET /tenants/{id}/accounts. */
export function renderTenantAccount(
  account: AccountRecord,
): Record<string, unknown> {
  return {
    id: account.id,
    created_on: account.created_on,
    name: account.name,
    type: account.type,
    settings: { abuse_contact_email: null, ...account.settings },
  };
}

export function memberUser(
  state: EmulatorState,
  email: string,
): { id: string } & Record<string, unknown> {
  const user = Object.values(state.users).find(
    (u) => u.email.toLowerCase() === email.toLowerCase(),
  );
  return {
    id: user?.id ?? stableId(`user:${email.toLowerCase()}`),
    email,
    first_name: user?.first_name ?? null,
    last_name: user?.last_name ?? null,
    two_factor_authentication_enabled: false,
  };
}

export function renderMember(
  state: EmulatorState,
  member: MemberRecord,
): Record<string, unknown> {
  const roles = member.roles
    .map((id) => state.roles.find((role) => role.id === id))
    .filter((role): role is RoleRecord => role !== undefined);
  return {
    id: member.id,
    email: member.email,
    status: member.status,
    roles,
    policies: member.policies,
    user: memberUser(state, member.email),
  };
}

const FREE_PLAN = {
  id: "0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
  name: "Free Website",
  price: 0,
  currency: "USD",
  frequency: "",
  is_subscribed: false,
  can_subscribe: false,
  legacy_id: "free",
  legacy_discount: false,
  externally_managed: false,
};

export function renderZone(
  state: EmulatorState,
  zone: ZoneRecord,
): Record<string, unknown> {
  const account = state.accounts[zone.accountId];
  const tenant = account?.tenantTag
    ? state.tenants[account.tenantTag]
    : undefined;
  const subscription = state.zoneSubscriptions[zone.id];
  const plan = subscription
    ? findPlan(state, subscription.ratePlanId)
    : undefined;
  const pageRules =
    subscription?.componentValues.find((c) => c.name === "page_rules")?.value ??
    plan?.components.find((c) => c.name === "page_rules")?.default ??
    3;
  return {
    id: zone.id,
    name: zone.name,
    status: zone.status,
    paused: zone.paused,
    type: zone.type,
    development_mode: 0,
    name_servers: zone.name_servers,
    original_name_servers: null,
    original_registrar: null,
    original_dnshost: null,
    vanity_name_servers: zone.vanity_name_servers,
    verification_key: zone.verification_key,
    cname_suffix: zone.type === "partial" ? "cdn.cloudflare.net" : null,
    created_on: zone.created_on,
    modified_on: zone.modified_on,
    activated_on: zone.activated_on,
    meta: {
      step: 2,
      custom_certificate_quota: 0,
      page_rule_quota: pageRules,
      phishing_detected: false,
      cdn_only: false,
      dns_only: false,
      foundation_dns: false,
    },
    owner: { id: null, type: "organization", name: account?.name ?? null },
    account: { id: zone.accountId, name: account?.name ?? null },
    tenant: tenant
      ? { id: tenant.tenant_tag, name: tenant.tenant_name }
      : { id: null, name: null },
    tenant_unit: { id: account?.unitTag ?? null },
    permissions: ["#zone:read", "#zone:edit", "#dns_records:edit"],
    plan:
      subscription && plan
        ? {
            id: stableId(`plan:${plan.id}`),
            name: plan.public_name,
            price: plan.price,
            currency: plan.currency,
            frequency: subscription.frequency,
            is_subscribed: true,
            can_subscribe: true,
            legacy_id: plan.legacy_id ?? plan.id.toLowerCase(),
            legacy_discount: false,
            externally_managed: false,
          }
        : FREE_PLAN,
  };
}

export function findPlan(
  state: EmulatorState,
  id: string,
): CatalogRatePlan | undefined {
  const wanted = id.toUpperCase();
  return state.ratePlans.find((plan) => plan.id.toUpperCase() === wanted);
}

export function renderSubscription(
  state: EmulatorState,
  subscription: SubscriptionRecord,
): Record<string, unknown> {
  const plan = findPlan(state, subscription.ratePlanId);
  const components = plan?.components ?? [];
  const values = components.map((component) => {
    const given = subscription.componentValues.find(
      (c) => c.name === component.name,
    );
    const value = given?.value ?? component.default;
    return {
      name: component.name,
      value,
      default: component.default,
      price: Math.max(0, value - component.default) * component.unit_price,
    };
  });
  const price =
    (plan?.price ?? 0) + values.reduce((sum, value) => sum + value.price, 0);
  return {
    id: subscription.id,
    currency: plan?.currency ?? "USD",
    price,
    frequency: subscription.frequency,
    state: subscription.state,
    current_period_start: subscription.current_period_start,
    current_period_end: subscription.current_period_end,
    rate_plan: {
      id: subscription.ratePlanId,
      public_name: plan?.public_name ?? subscription.ratePlanId,
      currency: plan?.currency ?? "USD",
      scope: subscription.scope,
      externally_managed: false,
      is_contract: plan?.is_contract ?? false,
      sets: [],
    },
    component_values: values,
  };
}

export function renderTenant(tenant: TenantRecord): Record<string, unknown> {
  return {
    tenant_tag: tenant.tenant_tag,
    tenant_name: tenant.tenant_name,
    tenant_type: tenant.tenant_type,
    tenant_status: tenant.tenant_status,
    cdate: tenant.cdate,
    edate: tenant.edate,
    ...(tenant.customer_id ? { customer_id: tenant.customer_id } : {}),
    tenant_contacts: tenant.tenant_contacts,
    tenant_labels: tenant.tenant_labels,
    tenant_network: tenant.tenant_network,
    tenant_metadata: tenant.tenant_metadata,
    tenant_units: tenant.tenant_units,
  };
}

export function renderUser(user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    username: user.username,
    telephone: user.telephone,
    country: user.country,
    created_on: user.created_on,
    modified_on: user.modified_on,
    two_factor_authentication: { enabled: false, locked: false },
  };
}
