/**
 * Every error text of the runner, in one place. A runner error says what
 * happened and what to do; it never holds a credential or an API key.
 */

const NAMESPACE = "cdktf-cloudflare-tenant:gaps";

/** An error the runner reports and exits non-zero for. */
export class GapRunnerError extends Error {
  /** A stable identifier of the kind of failure. */
  public readonly code: string;

  constructor(code: string, message: string) {
    super(`[${NAMESPACE}:${code}] ${message}`);
    this.name = "GapRunnerError";
    this.code = code;
  }
}

/** A runner error: what happened, then the fix. */
export function failure(
  code: string,
  what: string,
  fix: string,
): GapRunnerError {
  return new GapRunnerError(code, `${what} Fix: ${fix}`);
}

export function unknownOperation(
  op: string | undefined,
  known: readonly string[],
): GapRunnerError {
  return failure(
    "unknown-operation",
    `the runner was asked for operation ${JSON.stringify(op)}, which it does not know (it knows ${known.join(", ")}).`,
    "synthesize the stack again with the same version of the library that wrote this runner.",
  );
}

export function missingInput(env: string): GapRunnerError {
  return failure(
    "missing-input",
    `the environment variable ${env} is empty or not JSON, so the runner does not know what to do.`,
    "run the runner through Terraform (terraform apply), which sets it from the resource's input.",
  );
}

export function missingCredentials(): GapRunnerError {
  return failure(
    "missing-credentials",
    "no Cloudflare credentials in the environment: neither CLOUDFLARE_API_TOKEN nor both CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY are set.",
    "export the same credentials the Cloudflare provider uses before terraform apply.",
  );
}

export function sinkInsideSynthOutput(path: string): GapRunnerError {
  return failure(
    "key-sink-in-cdktf-out",
    `the service user's API key file ${JSON.stringify(path)} lies inside a cdktf.out folder, which synthesis rewrites and pipelines often publish.`,
    "choose a path outside the project's cdktf.out, for example ~/.config/cloudflare/<name>.key.",
  );
}

export function sinkPathNotAbsolute(path: string): GapRunnerError {
  return failure(
    "key-sink-relative",
    `the service user's API key file ${JSON.stringify(path)} is neither absolute nor under ~/, and a relative path would land in the folder Terraform runs in.`,
    "give an absolute path or one that starts with ~/.",
  );
}

export function sinkFolderMissing(folder: string): GapRunnerError {
  return failure(
    "key-sink-folder",
    `the folder ${JSON.stringify(folder)} for the service user's API key file does not exist or is not a folder; the runner checks this before it creates the user, so that no key is lost.`,
    "create the folder (mode 0700 is a good choice) and apply again.",
  );
}

export function sinkCommandFailed(
  program: string,
  detail: string,
): GapRunnerError {
  return failure(
    "key-sink-command",
    `the API key sink command ${JSON.stringify(program)} failed (${detail}). The service user exists, and its API key is lost.`,
    "roll the user's API key in the Cloudflare dashboard (or delete the user) and fix the sink command.",
  );
}

export function serviceUserKeyLost(
  email: string,
  detail: string,
): GapRunnerError {
  return failure(
    "service-user-key-lost",
    `the service user ${email} already exists (${detail}), but its API key was never delivered to the sink: Cloudflare shows a key only once, when the user is created.`,
    "roll the user's API key in the Cloudflare dashboard and store it where the sink expects it (or delete the user), then apply again.",
  );
}

export function noApiKeyReturned(email: string): GapRunnerError {
  return failure(
    "service-user-no-key",
    `POST /users created ${email} but answered no api_key; Cloudflare shows the key only to partners it has enabled for service users.`,
    "ask Cloudflare to enable service users with visible API keys for your tenant, then roll the user's key.",
  );
}

export function accountNotFound(accountId: string): GapRunnerError {
  return failure(
    "account-not-found",
    `account ${accountId} does not exist (404), so its know-your-customer fields cannot be set.`,
    "check that the account resource was created in the same apply, then apply again.",
  );
}
