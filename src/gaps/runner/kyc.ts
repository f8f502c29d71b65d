/**
 * An account's know-your-customer fields at apply time: the provider
 * creates the account, then the runner PUTs the declared fields.
 */
import { GapApi, Report, isApiError, seg } from "./api";
import { accountNotFound } from "./failures";
import { KYC_FIELDS, KycField, KycInput, ReadQuery } from "./protocol";
import { required } from "./subscriptions";

interface LiveAccount {
  readonly id: string;
  readonly name: string;
  readonly settings?: Record<string, unknown>;
  readonly [field: string]: unknown;
}

async function getAccount(
  api: GapApi,
  accountId: string,
): Promise<LiveAccount> {
  try {
    return await api.request<LiveAccount>("GET", `/accounts/${seg(accountId)}`);
  } catch (error) {
    if (isApiError(error, 404)) throw accountNotFound(accountId);
    throw error;
  }
}

/**
 * Sets the declared fields when any differs from the live account. The PUT
 * carries the live name (the API requires one) and no `type`, which PUT
 * must not send. Fields that are not declared are left as they are.
 */
export async function applyKyc(
  api: GapApi,
  input: KycInput,
  report: Report,
): Promise<void> {
  const live = await getAccount(api, input.account_id);
  const declared = KYC_FIELDS.filter((f) => input.fields[f] !== undefined);
  const differing = declared.filter((f) => live[f] !== input.fields[f]);
  if (differing.length === 0) {
    report(`account ${input.account_id}: KYC fields already as declared`);
    return;
  }
  const body: Record<string, unknown> = { name: live.name };
  if (live.settings !== undefined) body.settings = live.settings;
  for (const field of declared) body[field] = input.fields[field];
  await api.request("PUT", `/accounts/${seg(input.account_id)}`, { body });
  report(
    `account ${input.account_id}: set KYC fields ${differing.join(", ")} (PUT)`,
  );
}

/**
 * Read operation for drift checks: the live KYC fields, and in `reported`
 * (comma-joined) the ones the API's account answer includes at all. GET
 * /accounts/{id} may leave them out, and then no drift can be seen.
 */
export async function readKyc(
  api: GapApi,
  query: ReadQuery,
): Promise<Record<string, string>> {
  const live = await getAccount(api, required(query, "account_id"));
  const out: Record<string, string> = {};
  const reported: string[] = [];
  for (const field of KYC_FIELDS as readonly KycField[]) {
    const value = live[field];
    out[field] = typeof value === "string" ? value : "";
    if (typeof value === "string") reported.push(field);
  }
  out.reported = reported.join(",");
  return out;
}
