/**
 * Every error and warning text of the gap constructs, in one place. Each
 * names the construct path, the prop, the value and the fix.
 */
import { fail, q, TenantValidationError } from "../errors";

export function invalidComponentName(
  path: string,
  name: string,
): TenantValidationError {
  return fail(
    "invalid-component-name",
    path,
    `prop "componentValues" has the component name ${q(name)}, which is not a rate plan component name (lower-case letters, digits and underscores, e.g. "page_rules").`,
    "use the names GET /zones/{zone_id}/available_rate_plans lists, or ComponentName.PAGE_RULES and its siblings.",
  );
}

export function invalidComponentValue(
  path: string,
  name: string,
  value: unknown,
): TenantValidationError {
  return fail(
    "invalid-component-value",
    path,
    `prop "componentValues" gives component ${q(name)} the value ${q(value)}; a component value is a whole number, 0 or more.`,
    `write componentValues: { ${name}: 50 } or another whole number.`,
  );
}

export function emptyGapProp(
  path: string,
  prop: string,
  value: unknown,
): TenantValidationError {
  return fail(
    "empty-prop",
    path,
    `prop "${prop}" is empty (got ${q(value)}).`,
    `give "${prop}" a non-empty value.`,
  );
}

export function kycTooLong(
  path: string,
  prop: string,
  length: number,
  max: number,
): TenantValidationError {
  return fail(
    "kyc-too-long",
    path,
    `prop "${prop}" is ${length} characters long; Cloudflare takes at most ${max} in a know-your-customer field.`,
    `shorten "${prop}" to ${max} characters or fewer.`,
  );
}

export function kycNotText(
  path: string,
  prop: string,
  value: unknown,
): TenantValidationError {
  return fail(
    "kyc-not-text",
    path,
    `prop "${prop}" is not a string (got ${q(value)}).`,
    `give "${prop}" as text, e.g. a JSON string for externalMetadata.`,
  );
}

export function duplicateAddonGap(
  path: string,
  ratePlan: string,
  other: string,
): TenantValidationError {
  return fail(
    "duplicate-addon",
    path,
    `rate plan ${q(ratePlan)} is already subscribed for this account by ${other}; the runner finds an add-on by its rate plan, so an account can hold one subscription per plan.`,
    "keep one of the two add-ons, or give them different rate plans.",
  );
}

export function keyFileRelative(
  path: string,
  file: string,
): TenantValidationError {
  return fail(
    "key-file-relative",
    path,
    `prop "apiKeySink" names the file ${q(file)}, which is relative: the runner runs in the synthesized stack folder inside cdktf.out, so the key would land there.`,
    'give an absolute path or one under the home folder, e.g. "~/.config/cloudflare/customer.key".',
  );
}

export function keyFileInSynthOutput(
  path: string,
  file: string,
): TenantValidationError {
  return fail(
    "key-file-in-cdktf-out",
    path,
    `prop "apiKeySink" names the file ${q(file)}, inside a cdktf.out folder, which synthesis rewrites and pipelines often publish as an artifact.`,
    'choose a path outside cdktf.out, e.g. "~/.config/cloudflare/customer.key".',
  );
}

export function emptyKeyCommand(path: string): TenantValidationError {
  return fail(
    "key-command-empty",
    path,
    'prop "apiKeySink" is a command sink with no program.',
    'give the program and its arguments, e.g. ApiKeySink.toCommand(["vault", "kv", "put", "secret/cf", "api_key=-"]).',
  );
}

export function keyInCommandLine(path: string): TenantValidationError {
  return fail(
    "key-command-template",
    path,
    'prop "apiKeySink" is a command whose arguments contain "${" : arguments are written into the synthesized JSON as they are and must not interpolate anything.',
    "give literal arguments; the command reads the API key on its standard input.",
  );
}

export function runnerNeedsPackage(
  moduleFile: string,
  specifier: string,
): Error {
  return new Error(
    `[cdktf-cloudflare-tenant:runner-bundle] module ${moduleFile} of the gap runner requires ${q(specifier)}, which is neither a module of this library nor a Node built-in; the runner must run with node alone. Fix: keep the runner's modules free of package imports (use Node's own fetch, crypto, fs).`,
  );
}

export function componentValuesWithoutPlan(
  path: string,
): TenantValidationError {
  return fail(
    "component-values-without-plan",
    path,
    'prop "componentValues" is set but "plan" is not: component values belong to a zone plan.',
    'give "plan" as well, e.g. plan: ZonePlan.PARTNERS_BIZ, or leave componentValues out.',
  );
}

export function duplicateServiceUser(
  path: string,
  email: string,
  other: string,
): TenantValidationError {
  return fail(
    "duplicate-service-user",
    path,
    `prop "email" ${q(email)} is already the email of the service user ${other}; Cloudflare has one user per email, and its API key is shown once.`,
    "give each service user its own email.",
  );
}
