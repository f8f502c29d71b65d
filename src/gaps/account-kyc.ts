import { TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { kycNotText, kycTooLong } from "./errors";
import {
  addDriftCheck,
  DriftAssertion,
  hclString,
  literalText,
  RunnerReadData,
  templateText,
} from "./external-data";
import { GapData } from "./gap-data";
import { GapRunner } from "./gap-runner";
import { KYC_MAX_LENGTH, KycField, Operation } from "./runner/protocol";
import { withBaseUrl } from "./values";

/**
 * An account's know-your-customer fields. Each is text of at most 120
 * characters; all are optional unless the tenant enforces them.
 *
 * @see https://developers.cloudflare.com/tenant/get-started/#know-your-customer-optional
 */
export interface KycFields {
  /**
   * The name of the business.
   *
   * @default - not set by the stack
   */
  readonly businessName?: string;
  /**
   * The business's address.
   *
   * @default - not set by the stack
   */
  readonly businessAddress?: string;
  /**
   * The business's email address.
   *
   * @default - not set by the stack
   */
  readonly businessEmail?: string;
  /**
   * The business's phone number.
   *
   * @default - not set by the stack
   */
  readonly businessPhone?: string;
  /**
   * Free text for the partner's own use, e.g. a JSON object as a string.
   *
   * @default - not set by the stack
   */
  readonly externalMetadata?: string;
}

/** Props of {@link AccountKyc}. */
export interface AccountKycProps {
  /** The account's id (usually a token: `account.id`). */
  readonly accountId: string;
  /**
   * The account's name as the stack declares it: a rename sets the fields
   * again after the provider's update.
   */
  readonly accountName: string;
  /** The fields to set. */
  readonly fields: KycFields;
  /**
   * The Cloudflare provider whose literal `base_url` the runner should
   * follow.
   *
   * @default - the stack's default Cloudflare provider
   */
  readonly provider?: TerraformProvider;
}

const FIELD_OF_PROP: ReadonlyArray<[keyof KycFields, KycField]> = [
  ["businessName", "business_name"],
  ["businessAddress", "business_address"],
  ["businessEmail", "business_email"],
  ["businessPhone", "business_phone"],
  ["externalMetadata", "external_metadata"],
];

/**
 * Checks KYC fields (text, at most 120 characters) and returns them by
 * their API names; `prefix` names the prop in errors (e.g. `kyc.`).
 */
export function toKycInput(
  path: string,
  fields: KycFields,
  prefix = "",
): Partial<Record<KycField, string>> {
  const out: Partial<Record<KycField, string>> = {};
  for (const [prop, field] of FIELD_OF_PROP) {
    const value = fields[prop];
    if (value === undefined) continue;
    if (!Token.isUnresolved(value)) {
      if (typeof value !== "string") {
        throw kycNotText(path, `${prefix}${prop}`, value);
      }
      if ([...value].length > KYC_MAX_LENGTH) {
        throw kycTooLong(
          path,
          `${prefix}${prop}`,
          [...value].length,
          KYC_MAX_LENGTH,
        );
      }
    }
    out[field] = value;
  }
  return out;
}

/**
 * An account's know-your-customer fields, set at apply time: the provider's
 * `cloudflare_account` cannot send them, so a `terraform_data` whose
 * `triggers_replace` holds them PUTs them on the account after it exists,
 * and again whenever one changes (in place: the account is not touched
 * otherwise). Destroy does nothing: the fields live and die with the
 * account. Fields removed from the declaration keep their live value. A
 * `check` block warns when the live fields differ from the declaration, for
 * the fields the API's account answer (GET /accounts/{id}) includes; where
 * it leaves them out, drift of these fields cannot be seen.
 * `ManagedCustomer` makes one when given `kyc`.
 */
export class AccountKyc extends Construct {
  /** The `terraform_data` whose creation PUTs the fields. */
  public readonly settings: GapData;
  /** The read of the live fields. */
  public readonly live: RunnerReadData;

  constructor(scope: Construct, id: string, props: AccountKycProps) {
    super(scope, id);
    const path = this.node.path;

    const fields = toKycInput(path, props.fields);
    const written: Partial<Record<KycField, string>> = {};
    for (const [field, value] of Object.entries(fields)) {
      written[field as KycField] = literalText(value as string);
    }

    const runner = GapRunner.of(this);
    const baseUrl = runner.baseUrlFor(props.provider);
    this.settings = new GapData(this, "Settings", {
      input: {
        account_id: props.accountId,
        fields: written,
        base_url: baseUrl,
      },
      triggersReplace: {
        account_id: props.accountId,
        account_name: literalText(props.accountName),
        fields: written,
      },
      provisioners: [runner.provisioner(Operation.KYC_APPLY)],
    });

    this.live = new RunnerReadData(this, "Live", {
      operation: Operation.KYC_READ,
      query: withBaseUrl({ account_id: props.accountId }, baseUrl),
      dependsOn: [this.settings],
    });
    const where = templateText(this.live.node.path);
    const assertions: DriftAssertion[] = [];
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined || Token.isUnresolved(value)) continue;
      // Judged only when the API's account answer includes the field.
      assertions.push({
        condition: `!contains(split(",", ${this.live.address("reported")}), ${hclString(field)}) || ${this.live.address(field)} == ${hclString(value)}`,
        errorMessage: `${where}: the account's ${field} is "\${${this.live.address(field)}}", not the declared value. Apply to set it again, or change the declaration.`,
      });
    }
    addDriftCheck(this.live, assertions);
  }
}
