/**
 * Billing frequencies, as the API and the provider know them.
 *
 * Cloudflare's subscription docs show `"frequency": "annual"` in an example,
 * but the API lists `yearly` and the provider rejects `annual` at plan time;
 * the constructs accept `"annual"` and write `"yearly"`.
 */
export const Frequency = {
  WEEKLY: "weekly",
  MONTHLY: "monthly",
  QUARTERLY: "quarterly",
  YEARLY: "yearly",
} as const;

/** A billing frequency the provider accepts. */
export type Frequency = (typeof Frequency)[keyof typeof Frequency];

/** The spelling of Cloudflare's docs example; written as `yearly`. */
export type FrequencyAlias = "annual";
