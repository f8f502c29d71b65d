import { Account } from "@cdktf/provider-cloudflare/lib/account";
import { AccountMember } from "@cdktf/provider-cloudflare/lib/account-member";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { AddonSubscription } from "./addon-subscription";
import type { AddonSubscriptionOptions } from "./addon-subscription";
import { AccountType } from "./catalog/account-types";
import { Role } from "./catalog/roles";
import { PartnerProgram, isPartnerProgram } from "./catalog/zone-plans";
import { CustomerZone } from "./customer-zone";
import type { CustomerZoneOptions } from "./customer-zone";
import {
  duplicateMember,
  emptyRoles,
  unitNeedsKnownProvider,
  unitNeedsNewerProvider,
  unknownAccountType,
  unknownPartnerProgram,
} from "./errors";
import {
  checkEmail,
  checkName,
  checkOneOf,
  checkRoleId,
  isToken,
} from "./private/validation";
import { withoutTokenStackTraces } from "./fleet/token-stack-traces";
import { providerVersionFor } from "./tenant-provider";
import { AccountKyc } from "./gaps/account-kyc";
import type { KycFields } from "./gaps/account-kyc";
import { ServiceUser } from "./gaps/service-user";
import type { ServiceUserOptions } from "./gaps/service-user";

/** Options of a member invited to a customer's account. */
export interface AddMemberOptions {
  /**
   * Role ids (32 hexadecimal characters) the member gets.
   *
   * @see https://developers.cloudflare.com/api/resources/accounts/subresources/roles/
   * @default [Role.ADMINISTRATOR]
   */
  readonly roles?: string[];
}

/** A member of a customer's account: who, and with which roles. */
export interface MemberOptions extends AddMemberOptions {
  /** The email address the invitation goes to. */
  readonly email: string;
}

/** Props of {@link ManagedCustomer}. */
export interface ManagedCustomerProps {
  /** The account's name, as the dashboard shows it. */
  readonly name: string;
  /**
   * The account's type. Only `enterprise` is written to the JSON: standard
   * is the API's default (see the class doc).
   *
   * @default "standard"
   */
  readonly type?: AccountType;
  /**
   * The tenant unit to create the account on: the unit's `unit_tag` from
   * the tenant details. Needs provider 5.17 or later (the default 5.22.0).
   *
   * @see https://developers.cloudflare.com/tenant/how-to/get-tenant-details/
   * @default - the API's choice (the admin's only unit)
   */
  readonly unitId?: string;
  /**
   * Whether members must use two-factor authentication.
   *
   * @default false
   */
  readonly enforceTwoFactor?: boolean;
  /**
   * Where abuse reports for the account go.
   *
   * @default - none
   */
  readonly abuseContactEmail?: string;
  /**
   * Members invited to the account.
   *
   * @default - none; add them later with addMember
   */
  readonly members?: MemberOptions[];
  /**
   * The partner program the customer is sold under; zone plans of other
   * programs are refused.
   *
   * @default - zone plans of every program are allowed
   */
  readonly partnerProgram?: PartnerProgram;
  /**
   * Allow `terraform destroy` to delete the account. Deleting an account
   * deletes its zones and cannot be undone, so by default the account has
   * `lifecycle.prevent_destroy`.
   *
   * @default false
   */
  readonly allowDestroy?: boolean;
  /**
   * Know-your-customer fields of the account (business name, address,
   * email, phone, external metadata; at most 120 characters each). The
   * provider cannot send them, so they are set at apply time, right after
   * the account is created, by the library's gap runner ({@link AccountKyc}).
   *
   * @see https://developers.cloudflare.com/tenant/get-started/
   * @default - none set by the stack
   */
  readonly kyc?: KycFields;
  /**
   * The provider configuration for the customer's resources; its zones and
   * add-ons use it too.
   *
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

const ACCOUNT_TYPES: readonly AccountType[] = Object.values(AccountType);
const PROGRAMS: readonly string[] = Object.values(PartnerProgram);

/**
 * One customer account under the tenant, with its members, zones and
 * add-ons.
 *
 * It makes a `cloudflare_account` (on the given tenant unit) and a
 * `cloudflare_account_member` per member. Zones and add-ons are created
 * with {@link addZone} and {@link addAddon} and live under the customer in
 * the construct tree.
 *
 * The account is protected from destroy (`lifecycle.prevent_destroy`):
 * deleting it deletes its zones and cannot be undone. Set `allowDestroy`
 * to lift that.
 *
 * Account type: only `enterprise` is written. Standard is the API's
 * default, and provider 5.19 and later deprecate the `type` attribute and
 * read it back from the API, so writing `standard` would only add a warning.
 * With `enterprise`, 5.22 sends the type on create (with a deprecation
 * warning) and fails the apply if the API answers another type; 5.14 never
 * sends it, so there the account's type is whatever Cloudflare sets.
 *
 * Members always get `roles` (5.22 requires exactly one of roles and
 * policies) and never `status`, which follows the invitation.
 *
 * Know-your-customer fields (business name, address, email, phone,
 * external metadata) have no provider attributes; with `kyc` they are set
 * at apply time by the library's gap runner.
 *
 * The provider resources of the customer, its members, zones and add-ons
 * are made without cdktf's per-token creation stack traces
 * ({@link withoutTokenStackTraces}): at thousands of customers those traces
 * are a quarter of the CPU time and most of the construct tree's memory.
 *
 * @see https://developers.cloudflare.com/tenant/how-to/manage-accounts/
 */
export class ManagedCustomer extends Construct {
  /** The account's id (a token until apply). */
  public readonly accountId: string;
  /** The `cloudflare_account` resource. */
  public readonly account: Account;
  /** The partner program that restricts zone plans, if any. */
  public readonly partnerProgram?: PartnerProgram;
  /** The provider configuration the customer's resources use, if given. */
  public readonly provider?: TerraformProvider;
  /** The apply-time know-your-customer fields, when `kyc` is given. */
  public readonly kyc?: AccountKyc;

  private readonly _members: AccountMember[] = [];
  private readonly _zones: CustomerZone[] = [];
  private readonly _addons: AddonSubscription[] = [];

  constructor(scope: Construct, id: string, props: ManagedCustomerProps) {
    super(scope, id);
    const path = this.node.path;

    checkName(path, "name", props.name);
    const type = checkOneOf(
      props.type ?? AccountType.STANDARD,
      ACCOUNT_TYPES,
      () => unknownAccountType(path, String(props.type), ACCOUNT_TYPES),
    );
    if (
      props.partnerProgram !== undefined &&
      !isToken(props.partnerProgram) &&
      !isPartnerProgram(props.partnerProgram)
    ) {
      throw unknownPartnerProgram(path, props.partnerProgram, PROGRAMS);
    }
    if (props.abuseContactEmail !== undefined) {
      checkEmail(path, "abuseContactEmail", props.abuseContactEmail);
    }
    if (props.unitId !== undefined) {
      checkName(path, "unitId", props.unitId);
      const version = providerVersionFor(this, props.provider);
      if (version === undefined) {
        throw unitNeedsKnownProvider(path, props.unitId);
      }
      if (version === "5.14.0") {
        throw unitNeedsNewerProvider(path, props.unitId, version);
      }
    }

    // The provider resources are made without cdktf's per-token creation
    // stacks (see withoutTokenStackTraces): at thousands of customers those
    // traces cost a quarter of the CPU time and most of the tree's memory.
    const account = withoutTokenStackTraces(
      () =>
        new Account(this, "Account", {
          name: props.name,
          type: type === AccountType.STANDARD ? undefined : type,
          unit: props.unitId === undefined ? undefined : { id: props.unitId },
          settings: {
            enforceTwofactor: props.enforceTwoFactor ?? false,
            abuseContactEmail: props.abuseContactEmail,
          },
          lifecycle: props.allowDestroy ? undefined : { preventDestroy: true },
          provider: props.provider,
        }),
    );

    this.account = account;
    this.accountId = withoutTokenStackTraces(() => account.id);
    this.partnerProgram = props.partnerProgram;
    this.provider = props.provider;
    if (props.kyc !== undefined) {
      this.kyc = new AccountKyc(this, "Kyc", {
        accountId: this.accountId,
        accountName: props.name,
        fields: props.kyc,
        provider: props.provider,
      });
    }

    for (const member of props.members ?? []) {
      this.addMember(member.email, member);
    }
  }

  /** The members added so far, in order. */
  public get members(): readonly AccountMember[] {
    return this._members;
  }

  /** The zones created under this customer so far, in order. */
  public get zones(): readonly CustomerZone[] {
    return this._zones;
  }

  /** The add-ons created for this customer so far, in order. */
  public get addons(): readonly AddonSubscription[] {
    return this._addons;
  }

  /**
   * Invites a member to the account. Its construct id is derived from the
   * email (`Member-<email in lower case>`), so reordering members replaces
   * nothing.
   */
  public addMember(
    email: string,
    options: AddMemberOptions = {},
  ): AccountMember {
    const path = this.node.path;
    checkEmail(path, "email", email);
    const roles = options.roles ?? [Role.ADMINISTRATOR];
    if (!isToken(roles)) {
      if (roles.length === 0) throw emptyRoles(path, email);
      for (const role of roles) checkRoleId(path, email, role);
    }
    let memberId = `Member${this._members.length}`;
    if (!isToken(email)) {
      memberId = `Member-${email.toLowerCase()}`;
      if (this.node.tryFindChild(memberId) !== undefined) {
        throw duplicateMember(path, email);
      }
    }

    const member = withoutTokenStackTraces(
      () =>
        new AccountMember(this, memberId, {
          accountId: this.accountId,
          email,
          roles,
          provider: this.provider,
        }),
    );
    this._members.push(member);
    return member;
  }

  /** Creates a zone in the account, as a child of this customer. */
  public addZone(id: string, options: CustomerZoneOptions): CustomerZone {
    return withoutTokenStackTraces(
      () => new CustomerZone(this, id, { ...options, customer: this }),
    );
  }

  /** Subscribes the account to an add-on, as a child of this customer. */
  public addAddon(
    id: string,
    options: AddonSubscriptionOptions,
  ): AddonSubscription {
    return withoutTokenStackTraces(
      () => new AddonSubscription(this, id, { ...options, customer: this }),
    );
  }

  /**
   * Creates a service user (POST /users, for partners Cloudflare enabled)
   * and makes it a member of this account, with its API key delivered to
   * the sink given in `options`.
   */
  public addServiceUser(id: string, options: ServiceUserOptions): ServiceUser {
    return new ServiceUser(this, id, {
      ...options,
      accountId: this.accountId,
      provider: this.provider,
    });
  }

  /** @internal Called by CustomerZone; not for users. */
  public _registerZone(zone: CustomerZone): void {
    this._zones.push(zone);
  }

  /** @internal Called by AddonSubscription; not for users. */
  public _registerAddon(addon: AddonSubscription): void {
    this._addons.push(addon);
  }
}
