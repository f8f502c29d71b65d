/**
 * Every error and warning text of the constructs, in one place.
 *
 * Each message names the construct path, the prop, the value it got and the
 * fix, and starts with a namespaced code such as
 * `[cdktf-cloudflare-tenant:invalid-zone-name]`.
 */

const NAMESPACE = "cdktf-cloudflare-tenant";

/** A misuse of a construct, thrown from its constructor. */
export class TenantValidationError extends Error {
  /** A stable identifier of the kind of mistake, e.g. `invalid-zone-name`. */
  public readonly code: string;
  /** The path of the construct that was given the bad value. */
  public readonly constructPath: string;

  constructor(code: string, constructPath: string, message: string) {
    super(`[${NAMESPACE}:${code}] ${constructPath}: ${message}`);
    this.name = "TenantValidationError";
    this.code = code;
    this.constructPath = constructPath;
  }
}

/**
 * A value as it appears in a message: JSON where possible. Shared with the
 * gap and fleet error modules; not part of the package's API.
 */
export function q(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** A TenantValidationError whose message ends with the fix. */
export function fail(
  code: string,
  path: string,
  what: string,
  fix: string,
): TenantValidationError {
  return new TenantValidationError(code, path, `${what} Fix: ${fix}`);
}

function list(values: readonly string[]): string {
  return values.map((v) => q(v)).join(", ");
}

export function emptyName(
  path: string,
  prop: string,
  value: string,
): TenantValidationError {
  return fail(
    "empty-name",
    path,
    `prop "${prop}" is empty or only whitespace (got ${q(value)}).`,
    `give "${prop}" a non-empty value.`,
  );
}

export function invalidZoneName(
  path: string,
  value: string,
  problem: string,
  fix: string,
): TenantValidationError {
  return fail(
    "invalid-zone-name",
    path,
    `prop "name" ${q(value)} is not a valid zone name: ${problem}.`,
    fix,
  );
}

export function unicodeZoneName(
  path: string,
  value: string,
  punycode: string,
): TenantValidationError {
  return fail(
    "invalid-zone-name",
    path,
    `prop "name" ${q(value)} holds non-ASCII characters; Cloudflare takes internationalized names in their punycode (ASCII) form.`,
    punycode
      ? `write name: ${q(punycode)}.`
      : "write the name in its punycode form (it could not be converted, so check its characters).",
  );
}

export function duplicateZone(
  path: string,
  name: string,
  otherPath: string,
): TenantValidationError {
  return fail(
    "duplicate-zone",
    path,
    `prop "name" ${q(name)} is already used by the zone at ${otherPath} in this stack; a zone name can exist only once.`,
    "remove one of the two zones, or give this one a different name.",
  );
}

export function invalidEmail(
  path: string,
  prop: string,
  value: string,
): TenantValidationError {
  return fail(
    "invalid-email",
    path,
    `prop "${prop}" ${q(value)} is not an email address.`,
    `write a single address of the form "user@example.com" in "${prop}".`,
  );
}

export function duplicateMember(
  path: string,
  email: string,
): TenantValidationError {
  return fail(
    "duplicate-member",
    path,
    `member email ${q(email)} is added twice to this customer.`,
    "add each member once, with all of its roles in one roles list.",
  );
}

export function unknownAccountType(
  path: string,
  value: string,
  allowed: readonly string[],
): TenantValidationError {
  return fail(
    "unknown-account-type",
    path,
    `prop "type" ${q(value)} is not an account type.`,
    `use one of ${list(allowed)} (AccountType.STANDARD or AccountType.ENTERPRISE).`,
  );
}

export function unknownZoneType(
  path: string,
  value: string,
  allowed: readonly string[],
): TenantValidationError {
  return fail(
    "unknown-zone-type",
    path,
    `prop "type" ${q(value)} is not a zone type.`,
    `use one of ${list(allowed)} (ZoneType).`,
  );
}

export function unknownPartnerProgram(
  path: string,
  value: string,
  allowed: readonly string[],
): TenantValidationError {
  return fail(
    "unknown-partner-program",
    path,
    `prop "partnerProgram" ${q(value)} is not a partner program.`,
    `use one of ${list(allowed)} (PartnerProgram), or leave it out to allow every zone plan.`,
  );
}

export function unknownFrequency(
  path: string,
  prop: string,
  value: string,
  allowed: readonly string[],
): TenantValidationError {
  return fail(
    "unknown-frequency",
    path,
    `prop "${prop}" ${q(value)} is not a billing frequency.`,
    `use one of ${list(allowed)} (Frequency); "annual" is also accepted and written as "yearly".`,
  );
}

export function invalidRoleId(
  path: string,
  email: string,
  value: string,
): TenantValidationError {
  return fail(
    "invalid-role-id",
    path,
    `prop "roles" of member ${q(email)} holds ${q(value)}, which is not a role id (32 hexadecimal characters).`,
    "pass role ids, not names: Role.ADMINISTRATOR, or an id from GET /accounts/{account_id}/roles.",
  );
}

export function emptyRoles(path: string, email: string): TenantValidationError {
  return fail(
    "empty-roles",
    path,
    `prop "roles" of member ${q(email)} is an empty list; a member needs at least one role.`,
    "leave roles out (Administrator) or list at least one role id.",
  );
}

export function unknownZonePlan(
  path: string,
  prop: string,
  value: string,
): TenantValidationError {
  return fail(
    "unknown-plan",
    path,
    `prop "${prop}" ${q(value)} is not a zone plan of the catalog.`,
    "use a ZonePlan value, or set allowUncataloguedPlan: true if your tenant offers this id (GET /zones/{zone_id}/available_rate_plans lists them).",
  );
}

export function unknownAddonPlan(
  path: string,
  prop: string,
  value: string,
): TenantValidationError {
  return fail(
    "unknown-plan",
    path,
    `prop "${prop}" ${q(value)} is not an add-on rate plan of the catalog.`,
    "use an AddonPlan value, or set allowUncataloguedPlan: true if your tenant offers this id (GET /accounts/{account_id}/subscriptions shows what an account has).",
  );
}

export function addonPlanAsZonePlan(
  path: string,
  prop: string,
  value: string,
  family: string,
): TenantValidationError {
  return fail(
    "wrong-plan-family",
    path,
    `prop "${prop}" ${q(value)} is an add-on rate plan (family ${q(family)}), not a zone plan.`,
    "subscribe add-ons on the account with customer.addAddon(...) or AddonSubscription, and give the zone a ZonePlan.",
  );
}

export function zonePlanAsAddon(
  path: string,
  prop: string,
  value: string,
): TenantValidationError {
  return fail(
    "wrong-plan-family",
    path,
    `prop "${prop}" ${q(value)} is a zone plan, not an add-on rate plan.`,
    "set zone plans on the zone (customer.addZone(..., { plan })), and give the add-on an AddonPlan.",
  );
}

export function planOutsideProgram(
  path: string,
  value: string,
  program: string,
  planProgram: string,
  allowed: readonly string[],
): TenantValidationError {
  return fail(
    "plan-outside-program",
    path,
    `prop "plan" ${q(value)} belongs to the ${q(planProgram)} partner program, but the customer's partnerProgram is ${q(program)}.`,
    `use one of ${list(allowed)}, or change the customer's partnerProgram.`,
  );
}

export function unitNeedsNewerProvider(
  path: string,
  unitId: string,
  version: string,
): TenantValidationError {
  return fail(
    "unit-needs-provider-5.17",
    path,
    `prop "unitId" ${q(unitId)} is set, but the stack pins cloudflare/cloudflare ${version}, which cannot apply an account on a unit (the apply ends in "Provider produced inconsistent result"; fixed in 5.17.0).`,
    'use new TenantProvider(stack, "cloudflare", { providerVersion: "5.22.0" }) (the default), or leave unitId out.',
  );
}

export function unitNeedsKnownProvider(
  path: string,
  unitId: string,
): TenantValidationError {
  return fail(
    "unit-needs-tenant-provider",
    path,
    `prop "unitId" ${q(unitId)} is set, but the stack has no TenantProvider yet, so the provider version (which decides whether accounts on units can be applied) is unknown.`,
    "create the TenantProvider before the customers, or pass it as the customer's provider prop.",
  );
}

export function missingAccount(
  path: string,
  what: string,
): TenantValidationError {
  return fail(
    "missing-account",
    path,
    `a ${what} needs exactly one of the props "customer" and "accountId".`,
    "pass customer: aManagedCustomer (or use its addZone/addAddon), or accountId for an account managed elsewhere.",
  );
}

export function credentialRefused(
  path: string,
  prop: string,
  envVars: string,
): TenantValidationError {
  return fail(
    "credential-refused",
    path,
    `prop "${prop}" was given a credential. The provider configuration is written in clear into cdk.tf.json (and from there into plans, logs and version control), so TenantProvider never takes one (the value is not shown here).`,
    `remove "${prop}" and set ${envVars} in the environment of terraform (or cdktf deploy); the provider reads it from there.`,
  );
}

export function baseUrlWithCredentials(path: string): TenantValidationError {
  return fail(
    "credential-refused",
    path,
    'prop "baseUrl" carries a user name or password (the value is not shown here), which would be written in clear into cdk.tf.json.',
    "pass the base URL without user information, e.g. https://api.cloudflare.com/client/v4; credentials come from CLOUDFLARE_API_TOKEN.",
  );
}

export function unknownProviderVersion(
  path: string,
  value: string,
  allowed: readonly string[],
): TenantValidationError {
  return fail(
    "unknown-provider-version",
    path,
    `prop "providerVersion" ${q(value)} is not a provider version this library knows the schema of.`,
    `use one of ${list(allowed)}.`,
  );
}

export function conflictingProviderVersion(
  path: string,
  value: string,
  otherPath: string,
  other: string,
): TenantValidationError {
  return fail(
    "conflicting-provider-version",
    path,
    `prop "providerVersion" ${q(value)} differs from ${q(other)} of the TenantProvider at ${otherPath}; one stack runs one provider version.`,
    "give every TenantProvider of the stack the same providerVersion.",
  );
}

/** The warning annotation for a plan id outside the catalog. */
export function uncataloguedPlanWarning(
  prop: string,
  value: string,
  kind: "zone plan" | "add-on rate plan",
): string {
  return `[${NAMESPACE}:uncatalogued-plan] prop "${prop}" ${q(value)} is not ${kind === "zone plan" ? "a" : "an"} ${kind} of the catalog and was let through by allowUncataloguedPlan; the API rejects it at apply time (code 1225) if the tenant is not entitled to it.`;
}
