import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  CloudflareProviderVersion,
  TenantProvider,
  TenantProviderProps,
  TenantValidationError,
} from "../src";
import type { TfJson } from "./support/provider-schema";
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();

function synth(props: TenantProviderProps = {}): TfJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new TenantProvider(stack, "cloudflare", props);
  return JSON.parse(Testing.synth(stack));
}

function thrown(fn: () => unknown): TenantValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TenantValidationError);
    return error as TenantValidationError;
  }
  throw new Error("expected an error, none was thrown");
}

const SECRET = "s3cr3t-v4lue-0123456789abcdef0123456789abcdef";

describe("TenantProvider", () => {
  it("writes an empty provider block and pins cloudflare/cloudflare 5.22.0", () => {
    const json = synth();
    expect(json.provider.cloudflare).toEqual([{}]);
    expect(json.terraform.required_providers.cloudflare).toEqual({
      source: "cloudflare/cloudflare",
      version: "5.22.0",
    });
  });

  it("pins 5.14.0 when asked to", () => {
    const json = synth({ providerVersion: "5.14.0" });
    expect(json.terraform.required_providers.cloudflare.version).toBe("5.14.0");
  });

  it("writes the alias, base URL and user agent suffix", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const provider = new TenantProvider(stack, "cloudflare", {
      alias: "emulator",
      baseUrl: "http://127.0.0.1:8787/client/v4",
      userAgentOperatorSuffix: "partner-pipeline",
    });
    expect(Testing.synth(stack)).toHaveProviderWithProperties(
      CloudflareProvider,
      {
        alias: "emulator",
        base_url: "http://127.0.0.1:8787/client/v4",
        user_agent_operator_suffix: "partner-pipeline",
      },
    );
    expect(provider.providerVersion).toBe("5.22.0");
  });

  it("accepts two configurations of the same version in one stack", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new TenantProvider(stack, "a");
    new TenantProvider(stack, "b", { alias: "b" });
    expect(JSON.parse(Testing.synth(stack)).provider.cloudflare).toHaveLength(
      2,
    );
  });

  it.each(["apiToken", "apiKey", "email", "apiUserServiceKey"])(
    "throws if %s is passed, without repeating the value",
    (prop) => {
      const stack = new TerraformStack(Testing.app(), "test");
      const props = { [prop]: SECRET } as unknown as TenantProviderProps;
      const error = thrown(
        () => new TenantProvider(stack, "cloudflare", props),
      );
      expect(error.code).toBe("credential-refused");
      expect(error.message).toContain(`test/cloudflare: prop "${prop}"`);
      expect(error.message).toContain("written in clear into cdk.tf.json");
      expect(error.message).toMatch(/Fix: remove .* and set CLOUDFLARE_/);
      expect(error.message).not.toContain(SECRET);
    },
  );

  it("throws if a credential is given as a variable reference too", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const token = new TerraformVariable(stack, "token", { sensitive: true });
    const props = { apiToken: token.stringValue } as TenantProviderProps;
    expect(thrown(() => new TenantProvider(stack, "cf", props)).code).toBe(
      "credential-refused",
    );
  });

  it("throws if a credential is set after construction", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const provider = new TenantProvider(stack, "cloudflare");
    const error = thrown(() => {
      provider.apiToken = SECRET;
    });
    expect(error.code).toBe("credential-refused");
    expect(JSON.stringify(JSON.parse(Testing.synth(stack)))).not.toContain(
      SECRET,
    );
  });

  it("throws if the base URL carries a user name or password", () => {
    const error = thrown(() =>
      synth({ baseUrl: `https://user:${SECRET}@api.cloudflare.com/client/v4` }),
    );
    expect(error.code).toBe("credential-refused");
    expect(error.message).not.toContain(SECRET);
  });

  it("throws if the provider version is not one whose schema is held", () => {
    const error = thrown(() =>
      synth({ providerVersion: "5.9.0" as CloudflareProviderVersion }),
    );
    expect(error.code).toBe("unknown-provider-version");
    expect(error.message).toContain('use one of "5.14.0", "5.22.0"');
  });

  it("throws if two configurations of one stack pin different versions", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new TenantProvider(stack, "a");
    const error = thrown(
      () =>
        new TenantProvider(stack, "b", {
          alias: "b",
          providerVersion: "5.14.0",
        }),
    );
    expect(error.code).toBe("conflicting-provider-version");
    expect(error.message).toContain("TenantProvider at test/a");
  });
});
