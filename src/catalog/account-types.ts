/**
 * Account and zone types.
 *
 * @see https://developers.cloudflare.com/tenant/how-to/manage-accounts/
 */

/** The type of a customer account. */
export const AccountType = {
  /** Self-serve customers; the API's default. */
  STANDARD: "standard",
  /** Enterprise customers. */
  ENTERPRISE: "enterprise",
} as const;

/** The type of a customer account. */
export type AccountType = (typeof AccountType)[keyof typeof AccountType];

/** How a zone's DNS is set up. */
export const ZoneType = {
  /** Cloudflare is the zone's authoritative DNS (the default). */
  FULL: "full",
  /** CNAME setup: DNS stays elsewhere. */
  PARTIAL: "partial",
  /** Cloudflare is a secondary DNS for the zone. */
  SECONDARY: "secondary",
} as const;

/** How a zone's DNS is set up. */
export type ZoneType = (typeof ZoneType)[keyof typeof ZoneType];
