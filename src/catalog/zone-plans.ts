/**
 * Partner programs and the zone plans (zone-level rate plans) each may sell.
 *
 * The ids come from Cloudflare's "Available subscriptions" page, which calls
 * its lists samples: the zone subscriptions endpoint of a real zone is the
 * complete answer for a given tenant.
 *
 * @see https://developers.cloudflare.com/tenant/reference/subscriptions/
 */

/** A Cloudflare partner program, which decides the zone plans on offer. */
export const PartnerProgram = {
  /** Enterprise and self-serve resellers: the PARTNERS_* plans. */
  RESELLER: "reseller",
  /** Agency partners: the CF_* plans. */
  AGENCY: "agency",
  /** Managed service providers: msp_biz. */
  MSP: "msp",
} as const;

/** A Cloudflare partner program, which decides the zone plans on offer. */
export type PartnerProgram =
  (typeof PartnerProgram)[keyof typeof PartnerProgram];

/** The zone plans of the catalog, as the API spells their `rate_plan.id`. */
export const ZonePlan = {
  /** Reseller program: free plan. */
  PARTNERS_FREE: "PARTNERS_FREE",
  /** Reseller program: Pro plan. */
  PARTNERS_PRO: "PARTNERS_PRO",
  /** Reseller program: Business plan. */
  PARTNERS_BIZ: "PARTNERS_BIZ",
  /** Reseller program: Enterprise plan. */
  PARTNERS_ENT: "PARTNERS_ENT",
  /** Agency program: free plan. */
  CF_FREE: "CF_FREE",
  /** Agency program: Pro plan. */
  CF_PRO_20_20: "CF_PRO_20_20",
  /** Agency program: Business plan. */
  CF_BIZ: "CF_BIZ",
  /** MSP program: Business plan (the API spells this one in lower case). */
  MSP_BIZ: "msp_biz",
} as const;

/** A zone plan id from the catalog. */
export type ZonePlan = (typeof ZonePlan)[keyof typeof ZonePlan];

/** The zone plans each partner program offers, in the docs' order. */
export const ZONE_PLANS_BY_PROGRAM: Readonly<
  Record<PartnerProgram, readonly ZonePlan[]>
> = {
  reseller: [
    ZonePlan.PARTNERS_FREE,
    ZonePlan.PARTNERS_PRO,
    ZonePlan.PARTNERS_BIZ,
    ZonePlan.PARTNERS_ENT,
  ],
  agency: [ZonePlan.CF_FREE, ZonePlan.CF_PRO_20_20, ZonePlan.CF_BIZ],
  msp: [ZonePlan.MSP_BIZ],
};

const PROGRAM_OF_PLAN = new Map<ZonePlan, PartnerProgram>();
for (const [program, plans] of Object.entries(ZONE_PLANS_BY_PROGRAM)) {
  for (const plan of plans) {
    PROGRAM_OF_PLAN.set(plan, program as PartnerProgram);
  }
}

const ZONE_PLAN_BY_FOLDED_ID = new Map<string, ZonePlan>(
  Object.values(ZonePlan).map((plan) => [plan.toLowerCase(), plan]),
);

const PROGRAMS = new Set<string>(Object.values(PartnerProgram));

/**
 * The catalog's spelling of a zone plan id, matched without regard to case,
 * or `undefined` when the id is not in the catalog.
 */
export function findZonePlan(id: string): ZonePlan | undefined {
  return ZONE_PLAN_BY_FOLDED_ID.get(id.toLowerCase());
}

/** The partner program that offers a catalogued zone plan. */
export function partnerProgramOf(plan: ZonePlan): PartnerProgram {
  return PROGRAM_OF_PLAN.get(plan) as PartnerProgram;
}

/** Whether a string names one of the partner programs. */
export function isPartnerProgram(value: string): value is PartnerProgram {
  return PROGRAMS.has(value);
}
