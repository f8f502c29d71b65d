import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { TerraformProvider, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import {
  baseUrlWithCredentials,
  conflictingProviderVersion,
  credentialRefused,
  unknownProviderVersion,
} from "./errors";
import { stackStateOf } from "./private/stack-state";
import { isToken } from "./private/validation";

/** A cloudflare/cloudflare provider version whose schema the library holds. */
export type CloudflareProviderVersion = "5.14.0" | "5.22.0";

/** The provider versions a TenantProvider can pin, oldest first. */
export const CLOUDFLARE_PROVIDER_VERSIONS: readonly CloudflareProviderVersion[] =
  ["5.14.0", "5.22.0"];

/** The version TenantProvider pins unless told otherwise. */
export const DEFAULT_CLOUDFLARE_PROVIDER_VERSION: CloudflareProviderVersion =
  "5.22.0";

/**
 * The version @cdktf/provider-cloudflare 13.9.1 was generated for, and so the
 * one a stack pins when it uses the bindings' CloudflareProvider directly.
 */
export const BINDINGS_PROVIDER_VERSION: CloudflareProviderVersion = "5.14.0";

/** Props of {@link TenantProvider}. None of them is a credential. */
export interface TenantProviderProps {
  /**
   * The exact cloudflare/cloudflare version the stack pins in
   * `terraform.required_providers`.
   *
   * 5.14.0 is the version the cdktf bindings were generated for, but it
   * cannot apply an account on a tenant unit; 5.17.0 fixed that, and 5.22.0
   * is the newest version whose schema this library checks against.
   *
   * @default "5.22.0"
   */
  readonly providerVersion?: CloudflareProviderVersion;
  /**
   * Alias of this provider configuration, for stacks with more than one.
   *
   * @default - the default (unaliased) configuration
   */
  readonly alias?: string;
  /**
   * Base URL of the Cloudflare API, for example an emulator on loopback.
   * It is not a secret and is written into the JSON.
   *
   * @default - the provider's default, or CLOUDFLARE_BASE_URL
   */
  readonly baseUrl?: string;
  /**
   * A value the provider appends to its User-Agent header.
   *
   * @default - none
   */
  readonly userAgentOperatorSuffix?: string;
}

const CREDENTIALS: Readonly<Record<string, string>> = {
  apiToken: "CLOUDFLARE_API_TOKEN",
  apiKey: "CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL",
  email: "CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY",
  apiUserServiceKey: "CLOUDFLARE_API_USER_SERVICE_KEY",
};

const REQUIRED_VERSION_PATH = "terraform.required_providers.cloudflare.version";

/**
 * The Cloudflare provider configuration for a tenant stack.
 *
 * It never holds a credential: everything a provider block holds is written
 * in clear into `cdk.tf.json`, so the provider reads its credentials from its
 * own environment variables at plan and apply time (`CLOUDFLARE_API_TOKEN`,
 * or `CLOUDFLARE_EMAIL` with `CLOUDFLARE_API_KEY`). Passing `apiToken`,
 * `apiKey`, `email` or `apiUserServiceKey` throws.
 *
 * It pins the stack to one exact provider version by overriding
 * `terraform.required_providers.cloudflare.version` (the bindings alone pin
 * 5.14.0). The default, 5.22.0, can apply accounts on tenant units; with
 * `providerVersion: "5.14.0"` a customer with a `unitId` is an error.
 * Stacks that already hold zone state written by 5.14 must apply once with
 * 5.17 or 5.18 before moving to 5.22 (the provider's upgrade guide).
 *
 * @see https://registry.terraform.io/providers/cloudflare/cloudflare/latest/docs
 */
export class TenantProvider extends CloudflareProvider {
  /** The exact provider version this stack pins. */
  public readonly providerVersion: CloudflareProviderVersion;

  constructor(scope: Construct, id: string, props: TenantProviderProps = {}) {
    super(scope, id, checkedConfig(scope, id, props));

    const version =
      props.providerVersion ?? DEFAULT_CLOUDFLARE_PROVIDER_VERSION;
    const state = stackStateOf(this);
    if (
      state.providerVersion !== undefined &&
      state.providerVersion !== version
    ) {
      throw conflictingProviderVersion(
        this.node.path,
        version,
        state.providerPath ?? "",
        state.providerVersion,
      );
    }

    this.providerVersion = version;
    state.providerVersion = version;
    state.providerPath = this.node.path;
    TerraformStack.of(this).addOverride(REQUIRED_VERSION_PATH, version);
  }

  /** Always undefined: the provider reads CLOUDFLARE_API_TOKEN. */
  public get apiToken(): string | undefined {
    return undefined;
  }

  /** Refused: a credential would be written in clear into the JSON. */
  public set apiToken(_value: string | undefined) {
    if (_value !== undefined) this.refuse("apiToken");
  }

  /** Always undefined: the provider reads CLOUDFLARE_API_KEY. */
  public get apiKey(): string | undefined {
    return undefined;
  }

  /** Refused: a credential would be written in clear into the JSON. */
  public set apiKey(_value: string | undefined) {
    if (_value !== undefined) this.refuse("apiKey");
  }

  /** Always undefined: the provider reads CLOUDFLARE_EMAIL. */
  public get email(): string | undefined {
    return undefined;
  }

  /** Refused: the provider reads CLOUDFLARE_EMAIL with CLOUDFLARE_API_KEY. */
  public set email(_value: string | undefined) {
    if (_value !== undefined) this.refuse("email");
  }

  /** Always undefined: the provider reads CLOUDFLARE_API_USER_SERVICE_KEY. */
  public get apiUserServiceKey(): string | undefined {
    return undefined;
  }

  /** Refused: a credential would be written in clear into the JSON. */
  public set apiUserServiceKey(_value: string | undefined) {
    if (_value !== undefined) this.refuse("apiUserServiceKey");
  }

  private refuse(prop: string): never {
    throw credentialRefused(this.node.path, prop, CREDENTIALS[prop]);
  }
}

/**
 * The provider version that resources under `scope` will run with: the one
 * the stack's TenantProvider pins, the bindings' pin for a plain
 * CloudflareProvider, or `undefined` while the stack has no provider yet.
 */
export function providerVersionFor(
  scope: Construct,
  provider: TerraformProvider | undefined,
): string | undefined {
  const pinned = stackStateOf(scope).providerVersion;
  if (pinned !== undefined) return pinned;
  if (provider instanceof TenantProvider) return provider.providerVersion;
  if (provider !== undefined) return BINDINGS_PROVIDER_VERSION;
  return undefined;
}

function checkedConfig(
  scope: Construct,
  id: string,
  props: TenantProviderProps,
): TenantProviderProps {
  const path = scope.node.path ? `${scope.node.path}/${id}` : id;
  const given = props as Record<string, unknown>;
  for (const prop of Object.keys(CREDENTIALS)) {
    if (given[prop] !== undefined) {
      throw credentialRefused(path, prop, CREDENTIALS[prop]);
    }
  }
  const version = props.providerVersion;
  if (
    version !== undefined &&
    !CLOUDFLARE_PROVIDER_VERSIONS.includes(version)
  ) {
    throw unknownProviderVersion(path, version, CLOUDFLARE_PROVIDER_VERSIONS);
  }
  if (props.baseUrl !== undefined && !isToken(props.baseUrl)) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(props.baseUrl);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined && (parsed.username || parsed.password)) {
      throw baseUrlWithCredentials(path);
    }
  }
  return {
    alias: props.alias,
    baseUrl: props.baseUrl,
    userAgentOperatorSuffix: props.userAgentOperatorSuffix,
  };
}
