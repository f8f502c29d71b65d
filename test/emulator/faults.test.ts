import { DEFAULT_TENANT_TAG, TenantApiEmulator } from "../../src/testing";
import { call } from "./http";

describe("TenantApiEmulator faults and rate limit", () => {
  let emulator: TenantApiEmulator;

  beforeAll(async () => {
    emulator = await TenantApiEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  test("answers the injected status for the next N matching requests only", async () => {
    const fault = emulator.injectFault({
      kind: "status",
      status: 502,
      count: 2,
      match: { method: "GET", path: "/accounts" },
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await call(emulator.baseUrl, "GET", "/accounts")).status);
    }
    expect(statuses).toEqual([502, 502, 200]);
    expect(fault.triggered).toBe(2);
    expect(fault.active).toBe(false);
  });

  test("leaves requests outside the route match alone", async () => {
    emulator.injectFault({
      kind: "status",
      status: 500,
      match: { path: "/zones/*/subscription" },
    });
    expect((await call(emulator.baseUrl, "GET", "/accounts")).status).toBe(200);
    expect(
      (await call(emulator.baseUrl, "GET", "/zones/abc/subscription")).status,
    ).toBe(500);
  });

  test("hits about the given fraction of requests", async () => {
    emulator.injectFault({ kind: "status", status: 503, fraction: 0.5 });
    let failed = 0;
    for (let i = 0; i < 200; i++) {
      if (
        (await call(emulator.baseUrl, "GET", "/user/tenants")).status === 503
      ) {
        failed++;
      }
    }
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
  });

  test("adds latency", async () => {
    emulator.injectFault({ kind: "latency", ms: 150, count: 1 });
    const started = Date.now();
    await call(emulator.baseUrl, "GET", "/user/tenants");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  test("resets the connection without an answer", async () => {
    emulator.injectFault({ kind: "reset", count: 1 });
    await expect(
      call(emulator.baseUrl, "GET", "/user/tenants"),
    ).rejects.toThrow();
    expect((await call(emulator.baseUrl, "GET", "/user/tenants")).status).toBe(
      200,
    );
  });

  test("answers a malformed body", async () => {
    emulator.injectFault({ kind: "malformed", count: 1 });
    const answer = await call(emulator.baseUrl, "GET", "/user/tenants");
    expect(answer.status).toBe(200);
    expect(answer.body).toBeUndefined();
    expect(answer.text.length).toBeGreaterThan(0);
  });

  test("answers 429 with Retry-After past the rate limit, then lets requests through after the block", async () => {
    const limited = await TenantApiEmulator.start({
      rateLimit: { requests: 3, windowSeconds: 1 },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (await call(limited.baseUrl, "GET", "/user/tenants")).status,
        );
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const blocked = await call(limited.baseUrl, "GET", "/user/tenants");
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(blocked.body.errors[0].code).toBe(971);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await call(limited.baseUrl, "GET", "/user/tenants")).status).toBe(
        200,
      );
    } finally {
      await limited.close();
    }
  });

  test("reset() restores the seed and clears faults and the log", async () => {
    await call(emulator.baseUrl, "POST", "/accounts", { name: "Temp" });
    emulator.injectFault({ kind: "status", status: 500 });
    emulator.reset();
    expect(emulator.state.accounts).toEqual({});
    expect(emulator.requests.count).toBe(0);
    const answer = await call(
      emulator.baseUrl,
      "GET",
      `/tenants/${DEFAULT_TENANT_TAG}/accounts?page=1&per_page=5`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.result).toEqual([]);
  });
});
