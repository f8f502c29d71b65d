/**
 * Add-on rate plans: account subscriptions that provision a product for a
 * whole account, grouped by product family.
 *
 * The ids come from Cloudflare's "Available subscriptions" page, which calls
 * its lists samples; `allowUncataloguedPlan` lets other ids through.
 *
 * @see https://developers.cloudflare.com/tenant/reference/subscriptions/
 */

/** The families of add-on rate plans, as the docs group them. */
export const AddonFamily = {
  /** Access, Gateway and the Zero Trust bundles. */
  ZERO_TRUST: "zero_trust",
  /** Images, image transformations, Stream, Workers. */
  DEVELOPER_PLATFORM: "developer_platform",
  /** Application performance and security: API Shield, Argo, Spectrum... */
  APPLICATION_SERVICES: "application_services",
  /** Network services: Network Firewall, WAN. */
  NETWORK_SERVICES: "network_services",
} as const;

/** A family of add-on rate plans. */
export type AddonFamily = (typeof AddonFamily)[keyof typeof AddonFamily];

/** One add-on rate plan of the catalog. */
export interface AddonPlanInfo {
  /** The rate plan id, as the API spells it. */
  readonly id: AddonPlan;
  /** The family the docs list it under. */
  readonly family: AddonFamily;
  /** The product it provisions, in the docs' words. */
  readonly feature: string;
}

/** The add-on rate plans of the catalog, as the API spells their ids. */
export const AddonPlan = {
  // Zero Trust
  PARTNERS_ACCESS_BASIC: "PARTNERS_ACCESS_BASIC",
  PARTNERS_ACCESS_ENT: "PARTNERS_ACCESS_ENT",
  PARTNERS_ACCESS_PREMIUM: "PARTNERS_ACCESS_PREMIUM",
  TEAMS_ACCESS_ENT: "TEAMS_ACCESS_ENT",
  TEAMS_ACCESS: "TEAMS_ACCESS",
  TEAMS_GATEWAY_ENT: "TEAMS_GATEWAY_ENT",
  TEAMS_GATEWAY: "TEAMS_GATEWAY",
  TEAMS_ENT: "TEAMS_ENT",
  TEAMS_FREE: "TEAMS_FREE",
  TEAMS_STANDARD: "TEAMS_STANDARD",
  // Developer platform
  IMAGES_ENT: "IMAGES_ENT",
  IMAGES_BASIC: "IMAGES_BASIC",
  IMAGE_RESIZING_ENT: "IMAGE_RESIZING_ENT",
  IMAGE_RESIZING_BASIC: "IMAGE_RESIZING_BASIC",
  PARTNERS_STREAM_ENT: "PARTNERS_STREAM_ENT",
  PARTNERS_STREAM_BASIC: "PARTNERS_STREAM_BASIC",
  STREAM_BASIC: "STREAM_BASIC",
  PARTNERS_WORKERS_ENT: "PARTNERS_WORKERS_ENT",
  WORKERS_PAID: "WORKERS_PAID",
  PARTNERS_WORKERS_SS: "PARTNERS_WORKERS_SS",
  PARTNERS_WORKERS_BASIC: "PARTNERS_WORKERS_BASIC",
  // Application performance and security
  API_SHIELD_ZONE: "API_SHIELD_ZONE",
  ADVANCED_CERT_MANAGER_FREE: "ADVANCED_CERT_MANAGER_FREE",
  ADVANCED_CERT_MANAGER: "ADVANCED_CERT_MANAGER",
  PARTNERS_ZONE_ARGO: "PARTNERS_ZONE_ARGO",
  ARGO_ZONE_BASIC: "ARGO_ZONE_BASIC",
  WEB3_ETHEREUM_ENT: "WEB3_ETHEREUM_ENT",
  WEB3_ETHEREUM_ENT_CONTRACT: "WEB3_ETHEREUM_ENT_CONTRACT",
  WEB3_ETHEREUM_ENT_PAYGO: "WEB3_ETHEREUM_ENT_PAYGO",
  WEB3_IPFS_ENT: "WEB3_IPFS_ENT",
  WEB3_IPFS_ENT_CONTRACT: "WEB3_IPFS_ENT_CONTRACT",
  WEB3_IPFS_ENT_PAYGO: "WEB3_IPFS_ENT_PAYGO",
  PARTNERS_LOAD_BALANCING: "PARTNERS_LOAD_BALANCING",
  PARTNERS_LOAD_BALANCING_ENT: "PARTNERS_LOAD_BALANCING_ENT",
  LOAD_BALANCING_BASIC_PLUS: "LOAD_BALANCING_BASIC_PLUS",
  PARTNERS_RATE_LIMITING: "PARTNERS_RATE_LIMITING",
  PARTNERS_SPECTRUM: "PARTNERS_SPECTRUM",
  WAITING_ROOMS_BASIC: "WAITING_ROOMS_BASIC",
  WAITING_ROOMS_ADV: "WAITING_ROOMS_ADV",
  // Network services
  MAGIC_FIREWALL_BASIC: "MAGIC_FIREWALL_BASIC",
  MAGIC_FIREWALL_ADVANCED: "MAGIC_FIREWALL_ADVANCED",
  MAGIC_WAN: "MAGIC_WAN",
} as const;

/** An add-on rate plan id from the catalog. */
export type AddonPlan = (typeof AddonPlan)[keyof typeof AddonPlan];

function family(
  familyId: AddonFamily,
  features: Record<string, readonly AddonPlan[]>,
): AddonPlanInfo[] {
  return Object.entries(features).flatMap(([feature, ids]) =>
    ids.map((id) => ({ id, family: familyId, feature })),
  );
}

/** Every catalogued add-on rate plan with its family and product. */
export const ADDON_PLANS: readonly AddonPlanInfo[] = [
  ...family(AddonFamily.ZERO_TRUST, {
    Access: [
      AddonPlan.PARTNERS_ACCESS_BASIC,
      AddonPlan.PARTNERS_ACCESS_ENT,
      AddonPlan.PARTNERS_ACCESS_PREMIUM,
      AddonPlan.TEAMS_ACCESS_ENT,
      AddonPlan.TEAMS_ACCESS,
    ],
    Gateway: [AddonPlan.TEAMS_GATEWAY_ENT, AddonPlan.TEAMS_GATEWAY],
    "Cloudflare Zero Trust": [
      AddonPlan.TEAMS_ENT,
      AddonPlan.TEAMS_FREE,
      AddonPlan.TEAMS_STANDARD,
    ],
  }),
  ...family(AddonFamily.DEVELOPER_PLATFORM, {
    Images: [AddonPlan.IMAGES_ENT, AddonPlan.IMAGES_BASIC],
    "Image transformations": [
      AddonPlan.IMAGE_RESIZING_ENT,
      AddonPlan.IMAGE_RESIZING_BASIC,
    ],
    Stream: [
      AddonPlan.PARTNERS_STREAM_ENT,
      AddonPlan.PARTNERS_STREAM_BASIC,
      AddonPlan.STREAM_BASIC,
    ],
    Workers: [
      AddonPlan.PARTNERS_WORKERS_ENT,
      AddonPlan.WORKERS_PAID,
      AddonPlan.PARTNERS_WORKERS_SS,
      AddonPlan.PARTNERS_WORKERS_BASIC,
    ],
  }),
  ...family(AddonFamily.APPLICATION_SERVICES, {
    "API Shield": [AddonPlan.API_SHIELD_ZONE],
    "Advanced certificate manager": [
      AddonPlan.ADVANCED_CERT_MANAGER_FREE,
      AddonPlan.ADVANCED_CERT_MANAGER,
    ],
    "Argo smart routing": [
      AddonPlan.PARTNERS_ZONE_ARGO,
      AddonPlan.ARGO_ZONE_BASIC,
    ],
    "Ethereum gateway": [
      AddonPlan.WEB3_ETHEREUM_ENT,
      AddonPlan.WEB3_ETHEREUM_ENT_CONTRACT,
      AddonPlan.WEB3_ETHEREUM_ENT_PAYGO,
    ],
    "IPFS gateway": [
      AddonPlan.WEB3_IPFS_ENT,
      AddonPlan.WEB3_IPFS_ENT_CONTRACT,
      AddonPlan.WEB3_IPFS_ENT_PAYGO,
    ],
    "Load balancing": [
      AddonPlan.PARTNERS_LOAD_BALANCING,
      AddonPlan.PARTNERS_LOAD_BALANCING_ENT,
      AddonPlan.LOAD_BALANCING_BASIC_PLUS,
    ],
    "Rate limiting": [AddonPlan.PARTNERS_RATE_LIMITING],
    Spectrum: [AddonPlan.PARTNERS_SPECTRUM],
    "Waiting Room": [
      AddonPlan.WAITING_ROOMS_BASIC,
      AddonPlan.WAITING_ROOMS_ADV,
    ],
  }),
  ...family(AddonFamily.NETWORK_SERVICES, {
    "Cloudflare Network Firewall": [
      AddonPlan.MAGIC_FIREWALL_BASIC,
      AddonPlan.MAGIC_FIREWALL_ADVANCED,
    ],
    "Cloudflare WAN": [AddonPlan.MAGIC_WAN],
  }),
];

const ADDON_BY_FOLDED_ID = new Map<string, AddonPlanInfo>(
  ADDON_PLANS.map((info) => [info.id.toLowerCase(), info]),
);

/**
 * The catalog entry of an add-on rate plan, matched without regard to case,
 * or `undefined` when the id is not in the catalog.
 */
export function findAddonPlan(id: string): AddonPlanInfo | undefined {
  return ADDON_BY_FOLDED_ID.get(id.toLowerCase());
}

/** The catalogued add-on rate plans of one family. */
export function addonPlansOf(familyId: AddonFamily): readonly AddonPlan[] {
  return ADDON_PLANS.filter((info) => info.family === familyId).map(
    (info) => info.id,
  );
}
