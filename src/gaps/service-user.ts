import { AccountMember } from "@cdktf/provider-cloudflare/lib/account-member";
import { TerraformProvider, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import * as path from "node:path";
import { Role } from "../catalog/roles";
import { checkEmail, checkRoleId } from "../private/validation";
import {
  duplicateServiceUser,
  emptyKeyCommand,
  keyFileInSynthOutput,
  keyFileRelative,
  keyInCommandLine,
} from "./errors";
import { literalText } from "./external-data";
import { GapData } from "./gap-data";
import { GapRunner } from "./gap-runner";
import { ApiKeySinkInput, Operation } from "./runner/protocol";

/**
 * Where a service user's API key goes. Cloudflare shows the key once, in
 * the answer to POST /users; the runner hands it to the sink and nowhere
 * else: not to Terraform's state, its logs, the terminal or cdktf.out.
 */
export class ApiKeySink {
  /**
   * A file that only its owner can read (mode 0600), written at apply time
   * on the machine that runs Terraform. The path must be absolute or start
   * with `~/` (the home folder of the user running Terraform), and lie
   * outside cdktf.out. Its folder must exist.
   */
  public static toFile(file: string): ApiKeySink {
    return new ApiKeySink({ kind: "file", path: file });
  }

  /**
   * A program that receives the key on its standard input, e.g. a secret
   * store's command-line tool. Its arguments are written into the
   * synthesized JSON as they are, so they hold no secret; the program runs
   * without a shell.
   */
  public static toCommand(argv: string[]): ApiKeySink {
    return new ApiKeySink({ kind: "command", argv: [...argv] });
  }

  private constructor(private readonly input: ApiKeySinkInput) {}

  /** @internal Checks the sink and returns what the runner gets. */
  public _bind(constructPath: string, outdir: string): ApiKeySinkInput {
    if (this.input.kind === "command") {
      if (this.input.argv.length === 0 || !this.input.argv[0]) {
        throw emptyKeyCommand(constructPath);
      }
      if (this.input.argv.some((a) => a.includes("${") || a.includes("%{"))) {
        throw keyInCommandLine(constructPath);
      }
      return this.input;
    }
    const file = this.input.path;
    if (Token.isUnresolved(file)) return this.input;
    if (!(file === "~" || file.startsWith("~/")) && !path.isAbsolute(file)) {
      throw keyFileRelative(constructPath, file);
    }
    const absolute = path.resolve(file.replace(/^~(?=\/|$)/, "/~home"));
    const out = path.resolve(outdir);
    if (
      absolute.split(path.sep).includes("cdktf.out") ||
      absolute === out ||
      absolute.startsWith(out + path.sep)
    ) {
      throw keyFileInSynthOutput(constructPath, file);
    }
    return this.input;
  }
}

/** Props of {@link ServiceUser}. */
export interface ServiceUserProps {
  /**
   * The service user's email address, which also serves as its login name.
   */
  readonly email: string;
  /**
   * Where the API key goes: an `ApiKeySink`, or a string, which is a file
   * path (see `ApiKeySink.toFile`).
   */
  readonly apiKeySink: ApiKeySink | string;
  /**
   * The account the user becomes a member of.
   *
   * @default - no membership
   */
  readonly accountId?: string;
  /**
   * Role ids of the membership, when `accountId` is given.
   *
   * @default [Role.ADMINISTRATOR]
   */
  readonly roles?: string[];
  /**
   * The Cloudflare provider for the membership, and whose literal
   * `base_url` the runner follows.
   *
   * @default - the stack's default Cloudflare provider
   */
  readonly provider?: TerraformProvider;
}

/** What a service user is, for `ManagedCustomer.addServiceUser`. */
export type ServiceUserOptions = Omit<
  ServiceUserProps,
  "accountId" | "provider"
>;

/**
 * A service user (POST /users): a user no one logs in as, for partners who
 * run their own dashboard and call the API as one user per customer.
 * Cloudflare enables this per partner. The provider has no resource for it.
 *
 * `Lifecycle`, a `terraform_data`, creates the user at apply time and hands
 * its API key to the sink; when the user already exists and the file sink
 * holds a key, it adopts it. With `accountId`, a `cloudflare_account_member`
 * (the provider's) makes the user a member of that account, after the user
 * exists. Destroy removes the membership and leaves the user and the key
 * file: the API has no call to delete a user.
 *
 * @see https://developers.cloudflare.com/tenant/get-started/
 */
export class ServiceUser extends Construct {
  /** The user's email, a token that orders its users after the user. */
  public readonly email: string;
  /** The `terraform_data` that creates the user. */
  public readonly lifecycle: GapData;
  /** The membership, when `accountId` is given. */
  public readonly member?: AccountMember;

  constructor(scope: Construct, id: string, props: ServiceUserProps) {
    super(scope, id);
    const constructPath = this.node.path;

    checkEmail(constructPath, "email", props.email);
    claimEmail(this, props.email);
    const sinkSpec =
      typeof props.apiKeySink === "string"
        ? ApiKeySink.toFile(props.apiKeySink)
        : props.apiKeySink;
    const sink = sinkSpec._bind(constructPath, appOutdir(this));
    const roles = props.roles ?? [Role.ADMINISTRATOR];
    if (!Token.isUnresolved(roles)) {
      for (const role of roles) checkRoleId(constructPath, props.email, role);
    }

    const runner = GapRunner.of(this);
    this.lifecycle = new GapData(this, "Lifecycle", {
      input: {
        email: literalText(props.email),
        sink:
          sink.kind === "file"
            ? { kind: "file", path: literalText(sink.path) }
            : sink,
        base_url: runner.baseUrlFor(props.provider),
      },
      triggersReplace: { email: literalText(props.email) },
      provisioners: [runner.provisioner(Operation.SERVICE_USER_CREATE)],
    });
    this.email = this.lifecycle.outputValue("email");

    if (props.accountId !== undefined) {
      this.member = new AccountMember(this, "Member", {
        accountId: props.accountId,
        email: this.email,
        roles,
        provider: props.provider,
      });
    }
  }
}

const EMAILS_BY_STACK = new WeakMap<TerraformStack, Map<string, string>>();

/** Refuses a second service user with the same email in one stack. */
function claimEmail(scope: Construct, email: string): void {
  if (Token.isUnresolved(email)) return;
  const stack = TerraformStack.of(scope);
  let claimed = EMAILS_BY_STACK.get(stack);
  if (claimed === undefined) {
    claimed = new Map();
    EMAILS_BY_STACK.set(stack, claimed);
  }
  const key = email.toLowerCase();
  const other = claimed.get(key);
  if (other !== undefined) {
    throw duplicateServiceUser(scope.node.path, email, other);
  }
  claimed.set(key, scope.node.path);
}

function appOutdir(scope: Construct): string {
  const root = scope.node.root as { outdir?: unknown };
  return typeof root.outdir === "string" ? root.outdir : "cdktf.out";
}
