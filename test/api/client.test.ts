import {
  CloudflareApiError,
  CloudflareClient,
  CloudflareConfigurationError,
  CloudflareCredentialsError,
  DEFAULT_BASE_URL,
} from "../../src/api";
import {
  ADMINISTRATOR_ROLE_ID,
  DEFAULT_EMULATOR_API_KEY,
  DEFAULT_EMULATOR_EMAIL,
  DEFAULT_EMULATOR_TOKEN,
  DEFAULT_UNIT_TAGS,
  TenantApiEmulator,
} from "../../src/testing";
import { caught, clientFor } from "./helpers";

describe("CloudflareClient", () => {
  let emulator: TenantApiEmulator;

  beforeAll(async () => {
    emulator = await TenantApiEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  test("answers the envelope's result for a request", async () => {
    const client = clientFor(emulator);
    try {
      const account = await client.request<{ id: string; name: string }>(
        "POST",
        "/accounts",
        { body: { name: "Acme", unit: { id: DEFAULT_UNIT_TAGS.Default } } },
      );
      expect(account.id).toMatch(/^[0-9a-f]{32}$/);
      const member = await client.request<{ status: string }>(
        "POST",
        `accounts/${account.id}/members`,
        { body: { email: "a@acme.example", roles: [ADMINISTRATOR_ROLE_ID] } },
      );
      expect(member.status).toBe("pending");
      const envelope = await client.requestEnvelope("GET", "/accounts", {
        query: { per_page: 5, name: "Acme" },
      });
      expect(envelope.result_info).toMatchObject({ per_page: 5, count: 1 });
    } finally {
      await client.close();
    }
  });

  test("reads the token and base URL from the environment", async () => {
    const client = CloudflareClient.fromEnvironment({
      CLOUDFLARE_API_TOKEN: DEFAULT_EMULATOR_TOKEN,
      CLOUDFLARE_BASE_URL: emulator.baseUrl,
    });
    try {
      expect(client.scheme).toBe("token");
      expect(client.baseUrl).toBe(emulator.baseUrl);
      const tenants = await client.request<unknown[]>("GET", "/user/tenants");
      expect(tenants).toHaveLength(1);
      expect(emulator.requests.entries[0].auth).toBe("token");
    } finally {
      await client.close();
    }
  });

  test("sends CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY as X-Auth headers", async () => {
    const client = CloudflareClient.fromEnvironment({
      CLOUDFLARE_EMAIL: DEFAULT_EMULATOR_EMAIL,
      CLOUDFLARE_API_KEY: DEFAULT_EMULATOR_API_KEY,
      CLOUDFLARE_BASE_URL: emulator.baseUrl,
    });
    try {
      expect(client.scheme).toBe("key");
      await client.request("GET", "/user/tenants");
      expect(emulator.requests.entries[0].auth).toBe("key");
    } finally {
      await client.close();
    }
  });

  test("uses Cloudflare's API root when CLOUDFLARE_BASE_URL is unset", async () => {
    const client = CloudflareClient.fromEnvironment({
      CLOUDFLARE_API_TOKEN: DEFAULT_EMULATOR_TOKEN,
    });
    expect(client.baseUrl).toBe(DEFAULT_BASE_URL);
    await client.close();
  });

  test("throws CloudflareApiError with status, codes, method and path", async () => {
    const client = clientFor(emulator);
    try {
      const { error } = await caught(
        client.request(
          "GET",
          "/zones/0123456789abcdef0123456789abcdef/subscription?x=1",
        ),
      );
      expect(error).toBeInstanceOf(CloudflareApiError);
      const apiError = error as CloudflareApiError;
      expect(apiError.status).toBe(404);
      expect(apiError.method).toBe("GET");
      expect(apiError.path).toBe(
        "/zones/0123456789abcdef0123456789abcdef/subscription",
      );
      expect(apiError.codes).toEqual([7003]);
      expect(apiError.message).toContain("answered HTTP 404");
    } finally {
      await client.close();
    }
  });

  test("reports 1225 for a plan the tenant is not entitled to", async () => {
    const client = clientFor(emulator);
    try {
      const account = await client.request<{ id: string }>(
        "POST",
        "/accounts",
        {
          body: { name: "Acme" },
        },
      );
      const zone = await client.request<{ id: string }>("POST", "/zones", {
        body: { name: "acme.example", account: { id: account.id } },
      });
      const { error } = await caught(
        client.request("POST", `/zones/${zone.id}/subscription`, {
          body: { rate_plan: { id: "enterprise" } },
        }),
      );
      expect((error as CloudflareApiError).hasCode(1225)).toBe(true);
      expect(error.message).toContain(
        "Your account does not have access to this product.",
      );
      const free = await caught(
        client.request("GET", `/zones/${zone.id}/subscription`),
      );
      expect((free.error as CloudflareApiError).codes).toEqual([1207]);
      expect((free.error as CloudflareApiError).status).toBe(404);
    } finally {
      await client.close();
    }
  });

  test("reports 401 for a token the API does not know, without the token", async () => {
    const token = "unknown-token-9999999999999999999999999999999";
    const client = clientFor(emulator, { credentials: { apiToken: token } });
    try {
      const { error, texts } = await caught(client.request("GET", "/accounts"));
      expect((error as CloudflareApiError).status).toBe(401);
      expect(texts).not.toContain(token);
    } finally {
      await client.close();
    }
  });

  test("throws if the key is malformed before any request is sent", () => {
    const key = "0123456789abcdef0123456789abcdef0123g";
    expect(
      () =>
        new CloudflareClient({
          baseUrl: emulator.baseUrl,
          credentials: { email: DEFAULT_EMULATOR_EMAIL, apiKey: key },
        }),
    ).toThrow(/CLOUDFLARE_API_KEY is not a Cloudflare global API key/);
    expect(emulator.requests.count).toBe(0);
  });

  test("throws CloudflareCredentialsError naming the variable when no credential is set", () => {
    expect(() => CloudflareClient.fromEnvironment({})).toThrow(
      CloudflareCredentialsError,
    );
    expect(() => CloudflareClient.fromEnvironment({})).toThrow(
      /set CLOUDFLARE_API_TOKEN/,
    );
    expect(() =>
      CloudflareClient.fromEnvironment({ CLOUDFLARE_EMAIL: "a@b.example" }),
    ).toThrow(/CLOUDFLARE_API_KEY is not/);
  });

  test("throws if a credential is malformed, without quoting it", () => {
    const badToken = "has spaces in it, which no token has at all ok";
    const badKey = "secret-looking-value-that-is-not-hex!!!";
    for (const env of [
      { CLOUDFLARE_API_TOKEN: badToken },
      { CLOUDFLARE_API_TOKEN: "short" },
      { CLOUDFLARE_EMAIL: "a@b.example", CLOUDFLARE_API_KEY: badKey },
      { CLOUDFLARE_EMAIL: "not an email", CLOUDFLARE_API_KEY: "f".repeat(37) },
    ]) {
      let error: unknown;
      try {
        CloudflareClient.fromEnvironment(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CloudflareCredentialsError);
      const text = `${(error as Error).message} ${JSON.stringify(error)}`;
      expect(text).not.toContain(badToken);
      expect(text).not.toContain(badKey);
      expect(text).not.toContain("short");
      expect((error as CloudflareCredentialsError).variable).toMatch(
        /^CLOUDFLARE_/,
      );
    }
  });

  test("throws if the base URL holds a password or is not http(s)", () => {
    const env = { CLOUDFLARE_API_TOKEN: DEFAULT_EMULATOR_TOKEN };
    expect(() =>
      CloudflareClient.fromEnvironment({
        ...env,
        CLOUDFLARE_BASE_URL: "https://user:hunter2@api.example/client/v4",
      }),
    ).toThrow(CloudflareConfigurationError);
    let message = "";
    try {
      CloudflareClient.fromEnvironment({
        ...env,
        CLOUDFLARE_BASE_URL: "https://user:hunter2@api.example/client/v4",
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain("hunter2");
    expect(() =>
      CloudflareClient.fromEnvironment({
        ...env,
        CLOUDFLARE_BASE_URL: "ftp://x",
      }),
    ).toThrow(/not http or https/);
  });

  test("refuses requests after close()", async () => {
    const client = clientFor(emulator);
    await client.close();
    await expect(client.request("GET", "/accounts")).rejects.toThrow(/closed/);
  });
});
