import {
  DEFAULT_EMULATOR_API_KEY,
  DEFAULT_EMULATOR_EMAIL,
  DEFAULT_EMULATOR_TOKEN,
  DEFAULT_TENANT_TAG,
  TenantApiEmulator,
} from "../../src/testing";
import { call } from "./http";

describe("TenantApiEmulator credentials and envelope", () => {
  let emulator: TenantApiEmulator;

  beforeAll(async () => {
    emulator = await TenantApiEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });

  test("answers 401 with code 10000 when no credential is sent", async () => {
    const answer = await call(
      emulator.baseUrl,
      "GET",
      "/accounts",
      undefined,
      {},
    );
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      success: false,
      errors: [{ code: 10000, message: "Authentication error" }],
      messages: [],
      result: null,
    });
  });

  test("answers 401 for a token it does not know", async () => {
    const answer = await call(emulator.baseUrl, "GET", "/accounts", undefined, {
      authorization: `Bearer ${"z".repeat(40)}`,
    });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].code).toBe(1000);
  });

  test("answers 400 with 6003 and 6103 for a malformed X-Auth-Key", async () => {
    const answer = await call(emulator.baseUrl, "GET", "/accounts", undefined, {
      "x-auth-email": DEFAULT_EMULATOR_EMAIL,
      "x-auth-key": "not-a-key",
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        code: 6003,
        message: "Invalid request headers",
        error_chain: [
          { code: 6103, message: "Invalid format for X-Auth-Key header" },
        ],
      },
    ]);
  });

  test("accepts the default X-Auth-Email and X-Auth-Key pair", async () => {
    const answer = await call(
      emulator.baseUrl,
      "GET",
      "/user/tenants",
      undefined,
      {
        "x-auth-email": DEFAULT_EMULATOR_EMAIL,
        "x-auth-key": DEFAULT_EMULATOR_API_KEY,
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.result[0].tenant_tag).toBe(DEFAULT_TENANT_TAG);
  });

  test("answers 401 for a well-formed key that belongs to nobody", async () => {
    const answer = await call(emulator.baseUrl, "GET", "/accounts", undefined, {
      "x-auth-email": DEFAULT_EMULATOR_EMAIL,
      "x-auth-key": "f".repeat(37),
    });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].code).toBe(9103);
  });

  test("accepts only the credentials it was started with", async () => {
    const custom = await TenantApiEmulator.start({
      credentials: {
        tokens: ["custom-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
      },
    });
    try {
      const refused = await call(
        custom.baseUrl,
        "GET",
        "/accounts",
        undefined,
        {
          authorization: `Bearer ${DEFAULT_EMULATOR_TOKEN}`,
        },
      );
      expect(refused.status).toBe(401);
      const accepted = await call(
        custom.baseUrl,
        "GET",
        "/accounts",
        undefined,
        {
          authorization:
            "Bearer custom-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        },
      );
      expect(accepted.status).toBe(200);
    } finally {
      await custom.close();
    }
  });

  test("keeps no credential in its request log", async () => {
    await call(emulator.baseUrl, "GET", "/accounts");
    const log = JSON.stringify(emulator.requests.entries);
    expect(log).not.toContain(DEFAULT_EMULATOR_TOKEN);
    expect(log).not.toContain(DEFAULT_EMULATOR_API_KEY);
    expect(emulator.requests.filter("GET", "/accounts").length).toBeGreaterThan(
      0,
    );
  });

  test("answers 404 with 7003 for an unknown route and 405 for a wrong method", async () => {
    const unknown = await call(emulator.baseUrl, "GET", "/nothing/here");
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].code).toBe(7003);
    const wrong = await call(emulator.baseUrl, "PATCH", "/accounts");
    expect(wrong.status).toBe(405);
  });

  test("answers 400 with 6007 for a body that is not JSON", async () => {
    const { request } = await import("undici");
    const answer = await request(`${emulator.baseUrl}/accounts`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${DEFAULT_EMULATOR_TOKEN}`,
        "content-type": "application/json",
      },
      body: "{name:",
    });
    const body = (await answer.body.json()) as { errors: { code: number }[] };
    expect(answer.statusCode).toBe(400);
    expect(body.errors[0].code).toBe(6007);
  });

  test("requires page and per_page on tenant accounts", async () => {
    const answer = await call(
      emulator.baseUrl,
      "GET",
      `/tenants/${DEFAULT_TENANT_TAG}/accounts`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toContain("page and per_page");
  });

  test("uses page 1 and per_page 20 by default", async () => {
    const answer = await call(emulator.baseUrl, "GET", "/accounts");
    expect(answer.body.result_info).toMatchObject({ page: 1, per_page: 20 });
  });
});
