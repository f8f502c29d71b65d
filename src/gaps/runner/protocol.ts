/**
 * What the gap constructs write into the synthesized stack for the runner,
 * and what the runner answers: the operation names, the input of each one
 * (snake case, as it travels through Terraform) and the names of the
 * environment variables. Shared by the constructs and the runner, so this
 * module imports nothing.
 */

/** The environment variable that carries an operation's input as JSON. */
export const INPUT_ENV = "CFTENANT_GAP_INPUT";

/** The file name of the runner inside the synthesized stack folder. */
export const RUNNER_FILE = "cftenant-gaps-runner.js";

/** The folder, next to cdk.tf.json, that holds the runner. */
export const RUNNER_DIR = "gaps";

/** The operations the runner knows. */
export const Operation = {
  ZONE_PLAN_ENSURE: "zone-plan.ensure",
  ZONE_PLAN_RELEASE: "zone-plan.release",
  ZONE_PLAN_READ: "zone-plan.read",
  ADDON_ENSURE: "addon.ensure",
  ADDON_DELETE: "addon.delete",
  ADDON_READ: "addon.read",
  KYC_APPLY: "kyc.apply",
  KYC_READ: "kyc.read",
  SERVICE_USER_CREATE: "service-user.create",
} as const;

/** An operation the runner knows. */
export type Operation = (typeof Operation)[keyof typeof Operation];

/** One component value as the API takes it. */
export interface ComponentValueInput {
  readonly name: string;
  readonly value: number;
}

/** Where the runner sends requests, when not CLOUDFLARE_BASE_URL. */
export interface ConnectionInput {
  /** A literal base URL from the stack (not a secret), or null. */
  readonly base_url?: string | null;
}

/** zone-plan.ensure: the zone's subscription as declared. */
export interface ZonePlanInput extends ConnectionInput {
  readonly zone_id: string;
  readonly rate_plan_id: string;
  readonly frequency: string;
  readonly component_values: readonly ComponentValueInput[];
}

/** zone-plan.release: what to do with the zone's plan on destroy. */
export interface ZonePlanReleaseInput extends ConnectionInput {
  readonly zone_id: string;
  /** The plan to move the zone to on destroy. */
  readonly release_rate_plan_id: string;
}

/** addon.ensure: the account subscription as declared. */
export interface AddonInput extends ConnectionInput {
  readonly account_id: string;
  readonly rate_plan_id: string;
  readonly frequency: string;
  readonly component_values: readonly ComponentValueInput[];
}

/** addon.delete: which subscription to cancel on destroy. */
export interface AddonDeleteInput extends ConnectionInput {
  readonly account_id: string;
  readonly rate_plan_id: string;
}

/** The know-your-customer fields, as the API names them. */
export const KYC_FIELDS = [
  "business_name",
  "business_address",
  "business_email",
  "business_phone",
  "external_metadata",
] as const;

/** A know-your-customer field, as the API names it. */
export type KycField = (typeof KYC_FIELDS)[number];

/** The longest value Cloudflare takes in a know-your-customer field. */
export const KYC_MAX_LENGTH = 120;

/** kyc.apply: the declared know-your-customer fields of an account. */
export interface KycInput extends ConnectionInput {
  readonly account_id: string;
  readonly fields: Partial<Record<KycField, string>>;
}

/** Where a service user's API key goes. */
export type ApiKeySinkInput =
  | {
      /** A file, created with mode 0600; `~/` means the home folder. */
      readonly kind: "file";
      readonly path: string;
    }
  | {
      /** A program that gets the key on its standard input. */
      readonly kind: "command";
      readonly argv: readonly string[];
    };

/** service-user.create: the service user and where its key goes. */
export interface ServiceUserInput extends ConnectionInput {
  readonly email: string;
  readonly sink: ApiKeySinkInput;
}

/**
 * The query of a read operation (hashicorp/external sends a string map on
 * standard input): the ids, plus the component names to report, joined by
 * commas.
 */
export interface ReadQuery {
  readonly [key: string]: string;
}
