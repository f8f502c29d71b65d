import { CloudflareCredentialsError } from "./errors";
import { apiMessages } from "./messages";

/**
 * Credentials for the API, in one of the provider's three schemes. Pass
 * exactly one scheme; `fromEnvironment` reads the provider's variables.
 */
export interface CloudflareCredentials {
  /** An API token, sent as `Authorization: Bearer <token>`. */
  readonly apiToken?: string;
  /** The user's e-mail, sent as X-Auth-Email with `apiKey`. */
  readonly email?: string;
  /** The global API key, sent as X-Auth-Key with `email`. */
  readonly apiKey?: string;
  /** A user service key, sent as X-Auth-User-Service-Key. */
  readonly userServiceKey?: string;
}

/** Which scheme a set of credentials uses. */
export type CredentialScheme = "token" | "key" | "user-service-key";

const TOKEN = /^[A-Za-z0-9_-]{40,}$/;
const KEY = /^[0-9a-f]{37}$/i;
const EMAIL = /^[^@\s]+@[^@\s]+$/;
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** The environment variables the Cloudflare provider reads. */
export const CREDENTIAL_VARIABLES = {
  apiToken: "CLOUDFLARE_API_TOKEN",
  email: "CLOUDFLARE_EMAIL",
  apiKey: "CLOUDFLARE_API_KEY",
  userServiceKey: "CLOUDFLARE_API_USER_SERVICE_KEY",
} as const;

/**
 * Reads credentials from the provider's variables: CLOUDFLARE_API_TOKEN,
 * else CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY, else
 * CLOUDFLARE_API_USER_SERVICE_KEY. Empty values count as unset.
 * @throws CloudflareCredentialsError when none is set or one is malformed
 */
export function credentialsFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): CloudflareCredentials {
  const read = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === "" ? undefined : value;
  };
  const apiToken = read(CREDENTIAL_VARIABLES.apiToken);
  const email = read(CREDENTIAL_VARIABLES.email);
  const apiKey = read(CREDENTIAL_VARIABLES.apiKey);
  const userServiceKey = read(CREDENTIAL_VARIABLES.userServiceKey);
  if (apiToken !== undefined) {
    return { apiToken };
  }
  if (email !== undefined || apiKey !== undefined) {
    return { email, apiKey };
  }
  if (userServiceKey !== undefined) {
    return { userServiceKey };
  }
  throw new CloudflareCredentialsError(apiMessages.noCredentials());
}

/**
 * Checks credentials and turns them into request headers.
 * @throws CloudflareCredentialsError naming the variable, never the value
 */
export function credentialHeaders(credentials: CloudflareCredentials): {
  scheme: CredentialScheme;
  headers: Record<string, string>;
  secrets: string[];
} {
  const { apiToken, email, apiKey, userServiceKey } = credentials;
  if (apiToken !== undefined) {
    const token = apiToken.trim();
    if (!TOKEN.test(token)) {
      throw new CloudflareCredentialsError(
        apiMessages.malformedToken(CREDENTIAL_VARIABLES.apiToken),
        CREDENTIAL_VARIABLES.apiToken,
      );
    }
    return {
      scheme: "token",
      headers: { authorization: `Bearer ${token}` },
      secrets: [token],
    };
  }
  if (email !== undefined || apiKey !== undefined) {
    if (apiKey === undefined) {
      throw new CloudflareCredentialsError(
        apiMessages.emailWithoutKey(),
        CREDENTIAL_VARIABLES.apiKey,
      );
    }
    if (email === undefined) {
      throw new CloudflareCredentialsError(
        apiMessages.keyWithoutEmail(),
        CREDENTIAL_VARIABLES.email,
      );
    }
    const key = apiKey.trim();
    const user = email.trim();
    if (!KEY.test(key)) {
      throw new CloudflareCredentialsError(
        apiMessages.malformedKey(CREDENTIAL_VARIABLES.apiKey),
        CREDENTIAL_VARIABLES.apiKey,
      );
    }
    if (!EMAIL.test(user) || !HEADER_SAFE.test(user)) {
      throw new CloudflareCredentialsError(
        apiMessages.malformedEmail(CREDENTIAL_VARIABLES.email),
        CREDENTIAL_VARIABLES.email,
      );
    }
    return {
      scheme: "key",
      headers: { "x-auth-email": user, "x-auth-key": key },
      secrets: [key, user],
    };
  }
  if (userServiceKey !== undefined) {
    const key = userServiceKey.trim();
    if (!HEADER_SAFE.test(key)) {
      throw new CloudflareCredentialsError(
        apiMessages.malformedServiceKey(CREDENTIAL_VARIABLES.userServiceKey),
        CREDENTIAL_VARIABLES.userServiceKey,
      );
    }
    return {
      scheme: "user-service-key",
      headers: { "x-auth-user-service-key": key },
      secrets: [key],
    };
  }
  throw new CloudflareCredentialsError(apiMessages.noCredentials());
}
