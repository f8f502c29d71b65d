/**
 * The runner inside a stack: one asset per stack that holds the bundled
 * runner, and the pieces of Terraform JSON that call it (local-exec
 * provisioners of `terraform_data`, programs of hashicorp/external data
 * sources).
 */
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import {
  AssetType,
  Fn,
  Lazy,
  LocalExecProvisioner,
  TerraformAsset,
  TerraformProvider,
  TerraformStack,
  Token,
} from "cdktf";
import { Construct, IConstruct } from "constructs";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runnerBundle } from "./bundle";
import { templateText } from "./values";
import { INPUT_ENV, Operation, RUNNER_FILE } from "./runner/protocol";

/** The construct id of the runner asset at the root of each stack. */
export const GAP_RUNNER_ID = "CloudflareTenantGapRunner";

/**
 * The hashicorp/external provider version range the stack asks for. The
 * data source's interface (program, query, result) has not changed since
 * 2.0.
 */
export const EXTERNAL_PROVIDER_VERSION = "~> 2.3";

/**
 * The hashicorp/external provider block, which cdktf wants for the gap
 * data sources. It has no settings.
 */
class ExternalProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: "external",
      terraformProviderSource: "hashicorp/external",
      terraformGeneratorMetadata: {
        providerName: "external",
        providerVersionConstraint: EXTERNAL_PROVIDER_VERSION,
      },
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

/**
 * Writes the bundle where TerraformAsset can copy it from: a folder named
 * after the bundle's digest under the system's temporary folder, so that
 * synthesizing many stacks writes it once.
 */
function bundleFile(): string {
  const text = runnerBundle();
  const digest = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const folder = path.join(os.tmpdir(), `cdktf-cloudflare-tenant-${digest}`);
  const file = path.join(folder, RUNNER_FILE);
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) {
    fs.mkdirSync(folder, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text, { mode: 0o644 });
    fs.renameSync(temp, file);
  }
  return file;
}

/**
 * The gap runner of one stack. Created on first use by {@link GapRunner.of};
 * its asset puts the runner at `assets/<id>/<hash>/cftenant-gaps-runner.js`
 * in the synthesized stack folder, next to cdk.tf.json.
 */
export class GapRunner extends Construct {
  /** The stack's runner, created at the stack's root on first use. */
  public static of(scope: IConstruct): GapRunner {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(GAP_RUNNER_ID);
    if (existing instanceof GapRunner) return existing;
    return new GapRunner(stack, GAP_RUNNER_ID);
  }

  /** The runner's path as Terraform sees it (`${path.module}/...`). */
  public readonly runnerPath: string;

  private readonly stack: TerraformStack;
  private externalDeclared = false;
  private cachedDefault?: { provider?: TerraformProvider };
  private readonly baseUrls = new Map<object, string>();

  private constructor(scope: TerraformStack, id: string) {
    super(scope, id);
    this.stack = scope;
    const asset = new TerraformAsset(this, "Runner", {
      path: bundleFile(),
      type: AssetType.FILE,
    });
    this.runnerPath = `\${path.module}/${asset.path}`;
  }

  /**
   * A local-exec provisioner that runs `op` with the resource's input (and
   * `extra`, merged over it) as JSON in the environment. Credentials are not
   * passed: the runner reads them from Terraform's own environment.
   */
  public provisioner(
    op: Operation,
    options: {
      readonly when?: "create" | "destroy";
      readonly extra?: string;
    } = {},
  ): LocalExecProvisioner {
    const environment: Record<string, string> = {
      [INPUT_ENV]: "${jsonencode(self.input)}",
    };
    if (options.extra !== undefined) {
      environment[`${INPUT_ENV}_EXTRA`] = options.extra;
    }
    return {
      type: "local-exec",
      interpreter: ["node", this.runnerPath],
      command: op,
      environment,
      when: options.when,
    };
  }

  /**
   * The body of a `local-exec` provisioner as Terraform JSON spells it, for
   * blocks cdktf has no class for (`removed`).
   */
  public localExecBody(
    op: Operation,
    when?: "create" | "destroy",
  ): Record<string, unknown> {
    const p = this.provisioner(op, { when });
    return {
      interpreter: p.interpreter,
      command: p.command,
      environment: p.environment,
      ...(when === undefined ? {} : { when }),
    };
  }

  /** The `program` of a hashicorp/external data source that runs `op`. */
  public program(op: Operation): string[] {
    this.declareExternalProvider();
    return ["node", this.runnerPath, op];
  }

  /**
   * The base URL the runner must use: the provider's literal `base_url`
   * when it has one, else "" (the runner then reads CLOUDFLARE_BASE_URL,
   * as the provider does). Resolved at synth, when every provider exists.
   */
  public baseUrlFor(provider?: TerraformProvider): string {
    const key = provider ?? this;
    let token = this.baseUrls.get(key);
    if (token === undefined) {
      token = Lazy.stringValue({
        produce: () => {
          const chosen = provider ?? this.defaultProvider();
          const url =
            chosen instanceof CloudflareProvider ? chosen.baseUrl : undefined;
          return typeof url === "string" && !Token.isUnresolved(url) ? url : "";
        },
      });
      this.baseUrls.set(key, token);
    }
    return token;
  }

  /**
   * The JSON of a value for a provisioner's environment: a plain string
   * when the value holds no token (the common case, and cheap to
   * synthesize), else a `jsonencode(...)` expression.
   */
  public jsonText(value: unknown, holdsToken: boolean): string {
    const text = JSON.stringify(value);
    return holdsToken || Token.isUnresolved(text)
      ? Fn.jsonencode(value)
      : templateText(text);
  }

  private defaultProvider(): TerraformProvider | undefined {
    if (this.cachedDefault === undefined) {
      const provider = this.stack.node
        .findAll()
        .find(
          (c): c is CloudflareProvider =>
            c instanceof CloudflareProvider && c.alias === undefined,
        );
      this.cachedDefault = { provider };
    }
    return this.cachedDefault.provider;
  }

  /**
   * Adds the hashicorp/external provider block, unless the stack already
   * has a default one (e.g. from @cdktf/provider-external).
   */
  private declareExternalProvider(): void {
    if (this.externalDeclared) return;
    this.externalDeclared = true;
    const existing = this.stack.node
      .findAll()
      .some(
        (c) =>
          c instanceof TerraformProvider &&
          c.terraformResourceType === "external" &&
          c.alias === undefined,
      );
    if (!existing) new ExternalProvider(this, "External");
  }
}
