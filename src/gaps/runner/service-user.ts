/**
 * Service users (POST /users): accounts for partners who run their own
 * dashboard and call the API as one user per customer.
 */
import { GapApi, Report, isApiError } from "./api";
import { noApiKeyReturned, serviceUserKeyLost } from "./failures";
import type { ServiceUserInput } from "./protocol";
import { checkSink, deliverKey, describeSink, sinkHoldsKey } from "./sink";

interface CreatedUser {
  readonly id?: string;
  readonly email?: string;
  readonly api_key?: string;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates the service user and hands its API key to the sink. When the user
 * already exists (an earlier run created it), the run adopts it if the sink
 * holds a key, and fails with what to do otherwise.
 */
export async function createServiceUser(
  api: GapApi,
  input: ServiceUserInput,
  report: Report,
): Promise<void> {
  checkSink(input.sink);
  let created: CreatedUser;
  try {
    created = await api.request<CreatedUser>("POST", "/users", {
      body: { email: input.email },
    });
  } catch (error) {
    // 400 or 409: the email is taken (the API names no dedicated code).
    if (!isApiError(error, 400) && !isApiError(error, 409)) throw error;
    if (sinkHoldsKey(input.sink)) {
      report(
        `service user ${input.email} already exists and ${describeSink(input.sink)} holds its key; adopted`,
      );
      return;
    }
    throw serviceUserKeyLost(input.email, errorText(error));
  }
  const apiKey = created.api_key;
  if (typeof apiKey !== "string" || apiKey === "") {
    throw noApiKeyReturned(input.email);
  }
  await deliverKey(input.sink, apiKey);
  report(
    `service user ${input.email} created (id ${created.id ?? "?"}); API key written to ${describeSink(input.sink)}`,
  );
}
