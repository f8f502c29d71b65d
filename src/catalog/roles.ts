/**
 * Account role ids that are the same in every account.
 *
 * Other roles differ per account: list them with
 * `GET /accounts/{account_id}/roles` (or the `cloudflare_account_roles` data
 * source) and pass their 32-character hex ids.
 *
 * @see https://developers.cloudflare.com/api/resources/accounts/subresources/roles/
 */
export const Role = {
  /** Administrator: full access to the account. */
  ADMINISTRATOR: "05784afa30c1afe1440e79d9351c7430",
} as const;

/** A well-known account role id. */
export type Role = (typeof Role)[keyof typeof Role];
