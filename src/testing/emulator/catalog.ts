import { createHash } from "node:crypto";

/**
 * The emulator's price list and role list. Plan ids are the ones in
 * Cloudflare's Tenant docs ("Available subscriptions"); prices, component
 * defaults and unit prices are sample numbers, not Cloudflare's.
 */

/** A priced, countable part of a rate plan (for example `page_rules`). */
export interface RatePlanComponent {
  name: string;
  default: number;
  unit_price: number;
}

/** A rate plan the emulator knows. `scope` says where it can be bought. */
export interface CatalogRatePlan {
  id: string;
  public_name: string;
  scope: "zone" | "account";
  price: number;
  currency: string;
  is_contract: boolean;
  components: RatePlanComponent[];
  /** For zone plans: the zone `plan.legacy_id` it puts the zone on. */
  legacy_id?: string;
}

/** A role as `GET /accounts/{id}/roles` returns it. */
export interface RoleRecord {
  id: string;
  name: string;
  description: string;
  permissions: Record<string, { read: boolean; write: boolean }>;
}

/** A 32-hex id derived from a label, so that seeds are reproducible. */
export function stableId(label: string): string {
  return createHash("md5").update(label).digest("hex");
}

function zoneComponents(pageRules: number): RatePlanComponent[] {
  return [
    { name: "zones", default: 1, unit_price: 0 },
    { name: "page_rules", default: pageRules, unit_price: 5 },
    { name: "dedicated_certificates", default: 0, unit_price: 10 },
    { name: "dedicated_certificates_custom", default: 0, unit_price: 10 },
  ];
}

function zonePlan(
  id: string,
  publicName: string,
  price: number,
  legacyId: string,
  pageRules: number,
  isContract = false,
): CatalogRatePlan {
  return {
    id,
    public_name: publicName,
    scope: "zone",
    price,
    currency: "USD",
    is_contract: isContract,
    components: zoneComponents(pageRules),
    legacy_id: legacyId,
  };
}

/** Zone plans from the Tenant docs, by partner program. */
export const ZONE_PLANS: CatalogRatePlan[] = [
  zonePlan("PARTNERS_FREE", "Free Website", 0, "free", 3),
  zonePlan("PARTNERS_PRO", "Pro Website", 20, "pro", 20),
  zonePlan("PARTNERS_BIZ", "Business Website", 200, "business", 50),
  zonePlan("PARTNERS_ENT", "Enterprise Website", 0, "enterprise", 125, true),
  zonePlan("CF_FREE", "Free Website", 0, "free", 3),
  zonePlan("CF_PRO_20_20", "Pro Website", 20, "pro", 20),
  zonePlan("CF_BIZ", "Business Website", 200, "business", 50),
  zonePlan("msp_biz", "Business Website (MSP)", 200, "business", 50),
];

const ADDON_IDS = [
  // Zero Trust
  "PARTNERS_ACCESS_BASIC",
  "PARTNERS_ACCESS_ENT",
  "PARTNERS_ACCESS_PREMIUM",
  "TEAMS_ACCESS_ENT",
  "TEAMS_ACCESS",
  "TEAMS_GATEWAY_ENT",
  "TEAMS_GATEWAY",
  "TEAMS_ENT",
  "TEAMS_FREE",
  "TEAMS_STANDARD",
  // Developer platform
  "IMAGES_ENT",
  "IMAGES_BASIC",
  "IMAGE_RESIZING_ENT",
  "IMAGE_RESIZING_BASIC",
  "PARTNERS_STREAM_ENT",
  "PARTNERS_STREAM_BASIC",
  "STREAM_BASIC",
  "PARTNERS_WORKERS_ENT",
  "WORKERS_PAID",
  "PARTNERS_WORKERS_SS",
  "PARTNERS_WORKERS_BASIC",
  // Application performance and security
  "API_SHIELD_ZONE",
  "ADVANCED_CERT_MANAGER_FREE",
  "ADVANCED_CERT_MANAGER",
  "PARTNERS_ZONE_ARGO",
  "ARGO_ZONE_BASIC",
  "WEB3_ETHEREUM_ENT",
  "WEB3_ETHEREUM_ENT_CONTRACT",
  "WEB3_ETHEREUM_ENT_PAYGO",
  "WEB3_IPFS_ENT",
  "WEB3_IPFS_ENT_CONTRACT",
  "WEB3_IPFS_ENT_PAYGO",
  "PARTNERS_LOAD_BALANCING",
  "PARTNERS_LOAD_BALANCING_ENT",
  "LOAD_BALANCING_BASIC_PLUS",
  "PARTNERS_RATE_LIMITING",
  "PARTNERS_SPECTRUM",
  "WAITING_ROOMS_BASIC",
  "WAITING_ROOMS_ADV",
  // Network services
  "MAGIC_FIREWALL_BASIC",
  "MAGIC_FIREWALL_ADVANCED",
  "MAGIC_WAN",
];

function addonName(id: string): string {
  return id
    .toLowerCase()
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

/** Account-level add-ons from the Tenant docs. */
export const ADDON_PLANS: CatalogRatePlan[] = ADDON_IDS.map((id) => ({
  id,
  public_name: addonName(id),
  scope: "account",
  price: /FREE/.test(id) ? 0 : 10,
  currency: "USD",
  is_contract: /_ENT($|_)/.test(id),
  components: /TEAMS|ACCESS|GATEWAY/.test(id)
    ? [{ name: "users", default: 50, unit_price: 7 }]
    : /LOAD_BALANCING/.test(id)
      ? [{ name: "endpoints", default: 2, unit_price: 5 }]
      : [],
}));

/** The whole built-in catalog. */
export const DEFAULT_RATE_PLANS: CatalogRatePlan[] = [
  ...ZONE_PLANS,
  ...ADDON_PLANS,
];

/** The Administrator role id, the same on every Cloudflare account. */
export const ADMINISTRATOR_ROLE_ID = "05784afa30c1afe1440e79d9351c7430";

const PERMISSION_KEYS = [
  "analytics",
  "billing",
  "cache_purge",
  "dns",
  "dns_records",
  "lb",
  "logs",
  "organization",
  "ssl",
  "waf",
  "zone_settings",
  "zones",
];

function permissions(
  read: string[] | "all",
  write: string[] | "all",
): RoleRecord["permissions"] {
  const result: RoleRecord["permissions"] = {};
  for (const key of PERMISSION_KEYS) {
    result[key] = {
      read: read === "all" || read.includes(key),
      write: write === "all" || write.includes(key),
    };
  }
  return result;
}

function role(
  name: string,
  description: string,
  read: string[] | "all",
  write: string[] | "all",
  id = stableId(`role:${name}`),
): RoleRecord {
  return { id, name, description, permissions: permissions(read, write) };
}

/**
 * The standard role list. Only the Administrator id is Cloudflare's real
 * one; the other ids are derived from the role names.
 */
export const DEFAULT_ROLES: RoleRecord[] = [
  role(
    "Administrator",
    "Can access the full account, except for membership management and billing.",
    "all",
    PERMISSION_KEYS.filter(
      (key) => key !== "billing" && key !== "organization",
    ),
    ADMINISTRATOR_ROLE_ID,
  ),
  role(
    "Super Administrator - All Privileges",
    "Can edit any Cloudflare setting, make purchases, update billing, and manage memberships.",
    "all",
    "all",
  ),
  role("Administrator Read Only", "Can view the full account.", "all", []),
  role("Analytics", "Can read analytics.", ["analytics"], []),
  role(
    "Billing",
    "Can edit the account's billing profile and subscriptions.",
    ["billing", "organization"],
    ["billing"],
  ),
  role(
    "Cache Purge",
    "Can purge the edge cache.",
    ["cache_purge"],
    ["cache_purge"],
  ),
  role(
    "DNS",
    "Can view and edit DNS records.",
    ["dns", "dns_records"],
    ["dns", "dns_records"],
  ),
  role("Firewall", "Can edit WAF and firewall settings.", ["waf"], ["waf"]),
  role(
    "Load Balancer",
    "Can edit load balancers, pools and monitors.",
    ["lb"],
    ["lb"],
  ),
  role("Log Share", "Can edit Logpush jobs.", ["logs"], ["logs"]),
  role(
    "SSL/TLS, Caching, Performance, Page Rules, and Customization",
    "Can edit most zone settings.",
    ["ssl", "zone_settings"],
    ["ssl", "zone_settings"],
  ),
  role(
    "Zone Read Only",
    "Can view zones and their settings.",
    ["zones", "zone_settings", "dns_records"],
    [],
  ),
];
