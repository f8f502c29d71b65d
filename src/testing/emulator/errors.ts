/**
 * Every error the emulator answers with, in one place: HTTP status,
 * Cloudflare error code and message. Codes follow what Cloudflare's API is
 * documented or observed to send; where no source gives a code, the closest
 * documented one is used and the message says what went wrong.
 */

/** One entry of an envelope's `errors` array. */
export interface EnvelopeError {
  code: number;
  message: string;
  error_chain?: EnvelopeError[];
}

/** A failure that the router turns into an error envelope. */
export class EmulatorApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly errors: EnvelopeError[],
    public readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((e) => `${e.code} ${e.message}`).join("; "));
    this.name = "EmulatorApiError";
  }
}

function fail(
  status: number,
  code: number,
  message: string,
  chain?: EnvelopeError[],
): EmulatorApiError {
  const error: EnvelopeError = { code, message };
  if (chain) {
    error.error_chain = chain;
  }
  return new EmulatorApiError(status, [error]);
}

export const errors = {
  authenticationMissing: () => fail(401, 10000, "Authentication error"),
  tokenUnknown: () => fail(401, 1000, "Invalid API Token"),
  keyUnknown: () => fail(401, 9103, "Unknown X-Auth-Key or X-Auth-Email"),
  serviceKeyUnknown: () => fail(401, 9103, "Unknown X-Auth-User-Service-Key"),
  malformedAuthKey: () =>
    fail(400, 6003, "Invalid request headers", [
      { code: 6103, message: "Invalid format for X-Auth-Key header" },
    ]),
  malformedAuthEmail: () =>
    fail(400, 6003, "Invalid request headers", [
      { code: 6102, message: "Invalid format for X-Auth-Email header" },
    ]),
  malformedAuthorization: () =>
    fail(400, 6003, "Invalid request headers", [
      { code: 6111, message: "Invalid format for Authorization header" },
    ]),
  malformedJson: () => fail(400, 6007, "Malformed JSON in request body"),
  bodyTooLarge: () => fail(413, 6007, "Request body too large"),
  noRoute: (path: string) =>
    fail(
      404,
      7003,
      `Could not route to ${path}, perhaps your object identifier is invalid?`,
    ),
  methodNotAllowed: (method: string, path: string) =>
    fail(405, 7001, `Method ${method} not allowed for ${path}`),
  notFound: (what: string, id: string) =>
    fail(404, 7003, `Could not find ${what} ${id}`),
  invalid: (message: string) => fail(400, 1001, message),
  invalidPagination: (message: string) => fail(400, 1001, message),
  zoneExists: (name: string) => fail(400, 1061, `${name} already exists`),
  invalidZoneName: (name: string) =>
    fail(400, 1097, `${name} is not a registrable domain name`),
  notEntitled: () =>
    fail(
      403,
      1225,
      "Your account does not have access to this product. Contact billing@cloudflare.com for assistance.",
    ),
  noZoneSubscription: () =>
    fail(404, 1207, "The zone does not have an active core subscription"),
  serviceUsersDisabled: () =>
    fail(403, 9109, "Unauthorized to access requested resource"),
  rateLimited: (retryAfterSeconds: number) =>
    new EmulatorApiError(
      429,
      [
        {
          code: 971,
          message: "Please wait and consider throttling your request speed",
        },
      ],
      { "retry-after": String(retryAfterSeconds) },
    ),
  injected: (status: number, retryAfter?: string) =>
    new EmulatorApiError(
      status,
      [{ code: 10002, message: `Injected fault: HTTP ${status}` }],
      retryAfter === undefined ? {} : { "retry-after": retryAfter },
    ),
  internal: () => fail(500, 10001, "Internal emulator error"),
};
