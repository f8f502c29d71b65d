import { RequestBudget } from "../../src/api";
import { TenantApiEmulator } from "../../src/testing";
import { clientFor } from "./helpers";

describe("RequestBudget", () => {
  test("holds requests back so that the window limit is never passed", async () => {
    const budget = new RequestBudget({
      requests: 5,
      windowSeconds: 0.5,
      marginMs: 0,
    });
    const started = Date.now();
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, () =>
        budget.acquire().then(() => times.push(Date.now() - started)),
      ),
    );
    times.sort((a, b) => a - b);
    expect(times[4]).toBeLessThan(100);
    expect(times[5]).toBeGreaterThanOrEqual(490);
    expect(times[10]).toBeGreaterThanOrEqual(990);
    for (let i = 5; i < times.length; i++) {
      expect(times[i] - times[i - 5]).toBeGreaterThanOrEqual(490);
    }
  });

  test("throws if requests is not a positive integer", () => {
    expect(() => new RequestBudget({ requests: 0 })).toThrow(
      /requests is 0; expected a positive integer/,
    );
  });

  test("keeps two clients that share it under the emulator's rate limit", async () => {
    const emulator = await TenantApiEmulator.start({
      rateLimit: { requests: 6, windowSeconds: 1 },
    });
    const budget = new RequestBudget({
      requests: 6,
      windowSeconds: 1,
      marginMs: 300,
    });
    const a = clientFor(emulator, { requestBudget: budget });
    const b = clientFor(emulator, { requestBudget: budget });
    try {
      await Promise.all(
        Array.from({ length: 14 }, (_, i) =>
          (i % 2 ? a : b).request("GET", "/user/tenants"),
        ),
      );
      expect(emulator.requests.filter().every((e) => e.status === 200)).toBe(
        true,
      );
      expect(emulator.requests.count).toBe(14);
      expect(a.requestBudget).toBe(budget);
    } finally {
      await a.close();
      await b.close();
      await emulator.close();
    }
  });

  test("gives every client a default budget of 1,200 requests per 300 seconds plus a second of margin", async () => {
    const emulator = await TenantApiEmulator.start();
    const client = clientFor(emulator);
    try {
      expect(client.requestBudget?.requests).toBe(1200);
      expect(client.requestBudget?.windowMs).toBe(301_000);
    } finally {
      await client.close();
      await emulator.close();
    }
  });
});
