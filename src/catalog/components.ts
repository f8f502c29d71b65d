/**
 * Names of the countable components of a rate plan (component values), as
 * `GET /zones/{zone_id}/available_rate_plans` lists them.
 */
export const ComponentName = {
  ZONES: "zones",
  PAGE_RULES: "page_rules",
  DEDICATED_CERTIFICATES: "dedicated_certificates",
  DEDICATED_CERTIFICATES_CUSTOM: "dedicated_certificates_custom",
} as const;

/** A rate plan component name. */
export type ComponentName = (typeof ComponentName)[keyof typeof ComponentName];
