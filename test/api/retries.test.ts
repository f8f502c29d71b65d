import {
  CloudflareApiError,
  CloudflareClient,
  CloudflareNetworkError,
  CloudflareRateLimitError,
  CloudflareResponseError,
} from "../../src/api";
import {
  DEFAULT_EMULATOR_API_KEY,
  DEFAULT_EMULATOR_EMAIL,
  DEFAULT_EMULATOR_TOKEN,
  TenantApiEmulator,
} from "../../src/testing";
import { caught, clientFor } from "./helpers";

describe("CloudflareClient retries and faults", () => {
  let emulator: TenantApiEmulator;
  const texts: string[] = [];

  beforeAll(async () => {
    emulator = await TenantApiEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  async function failure(client: CloudflareClient, promise: Promise<unknown>) {
    try {
      const result = await caught(promise);
      texts.push(result.texts);
      return result.error;
    } finally {
      await client.close();
    }
  }

  test("waits out a 429 with Retry-After, then succeeds", async () => {
    emulator.injectFault({
      kind: "status",
      status: 429,
      retryAfterSeconds: 0.3,
      count: 1,
    });
    const client = clientFor(emulator);
    try {
      const started = Date.now();
      await client.request("GET", "/user/tenants");
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(client.stats).toEqual({ requests: 2, retries: 1 });
    } finally {
      await client.close();
    }
  });

  test("honours a Retry-After given as an HTTP date", async () => {
    emulator.injectFault({
      kind: "status",
      status: 429,
      retryAfterDate: new Date(Date.now() + 2_000),
      count: 1,
    });
    const client = clientFor(emulator);
    try {
      const started = Date.now();
      await client.request("GET", "/user/tenants");
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(client.stats.retries).toBe(1);
    } finally {
      await client.close();
    }
  });

  test("recovers from the emulator's real rate limit after its block", async () => {
    const limited = await TenantApiEmulator.start({
      rateLimit: { requests: 2, windowSeconds: 1 },
    });
    const client = clientFor(limited, { requestBudget: false });
    try {
      for (let i = 0; i < 3; i++) {
        await client.request("GET", "/user/tenants");
      }
      expect(limited.requests.filter().map((e) => e.status)).toEqual([
        200, 200, 429, 200,
      ]);
    } finally {
      await client.close();
      await limited.close();
    }
  });

  test("throws CloudflareRateLimitError at once when Retry-After is past the budget", async () => {
    emulator.injectFault({
      kind: "status",
      status: 429,
      retryAfterSeconds: 300,
    });
    const client = clientFor(emulator, { retry: { maxElapsedMs: 2_000 } });
    const started = Date.now();
    const error = await failure(client, client.request("GET", "/accounts"));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(CloudflareRateLimitError);
    const limited = error as CloudflareRateLimitError;
    expect(limited.status).toBe(429);
    expect(limited.retryAfterMs).toBe(300_000);
    expect(limited.codes).toEqual([10002]);
    expect(limited.message).toContain(
      "kept answering 429 (rate limited) for longer than the retry budget",
    );
  });

  test("throws CloudflareRateLimitError after the attempts run out on 429s", async () => {
    emulator.injectFault({
      kind: "status",
      status: 429,
      retryAfterSeconds: 0.05,
    });
    const client = clientFor(emulator, { retry: { maxAttempts: 3 } });
    const error = await failure(client, client.request("GET", "/accounts"));
    expect(error).toBeInstanceOf(CloudflareRateLimitError);
    expect((error as CloudflareRateLimitError).attempts).toBe(3);
    expect(emulator.requests.count).toBe(3);
  });

  test("recovers from a burst of 503s", async () => {
    emulator.injectFault({ kind: "status", status: 503, count: 3 });
    const client = clientFor(emulator);
    try {
      const tenants = await client.request<unknown[]>("GET", "/user/tenants");
      expect(tenants).toHaveLength(1);
      expect(client.stats.retries).toBe(3);
    } finally {
      await client.close();
    }
  });

  test("retries a 409 and a 408, POST included", async () => {
    emulator.injectFault({ kind: "status", status: 409, count: 1 });
    emulator.injectFault({ kind: "status", status: 408, count: 1 });
    const client = clientFor(emulator);
    try {
      const account = await client.request<{ name: string }>(
        "POST",
        "/accounts",
        {
          body: { name: "Conflicted" },
        },
      );
      expect(account.name).toBe("Conflicted");
      expect(client.stats.retries).toBe(2);
      expect(Object.keys(emulator.state.accounts)).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  test("throws CloudflareApiError with the attempt count when 5xx outlasts the attempts", async () => {
    emulator.injectFault({ kind: "status", status: 500 });
    const client = clientFor(emulator, { retry: { maxAttempts: 2 } });
    const error = await failure(client, client.request("GET", "/accounts"));
    expect(error).toBeInstanceOf(CloudflareApiError);
    expect((error as CloudflareApiError).status).toBe(500);
    expect(error.message).toContain("after 2 attempts");
  });

  test("does not retry a 4xx other than 408, 409 and 429", async () => {
    const client = clientFor(emulator);
    const error = await failure(
      client,
      client.request("POST", "/zones", { body: { name: "x" } }),
    );
    expect((error as CloudflareApiError).status).toBe(400);
    expect(emulator.requests.count).toBe(1);
  });

  test("recovers from a reset connection on GET", async () => {
    emulator.injectFault({ kind: "reset", count: 2 });
    const client = clientFor(emulator);
    try {
      await client.request("GET", "/user/tenants");
      expect(client.stats.retries).toBe(2);
    } finally {
      await client.close();
    }
  });

  test("does not repeat a POST after a reset connection", async () => {
    emulator.injectFault({ kind: "reset", count: 1 });
    const client = clientFor(emulator);
    const error = await failure(
      client,
      client.request("POST", "/accounts", { body: { name: "Once" } }),
    );
    expect(error).toBeInstanceOf(CloudflareNetworkError);
    expect(error.message).toContain("failed before an answer arrived");
    expect(emulator.requests.count).toBe(1);
  });

  test("throws CloudflareResponseError for a malformed body", async () => {
    emulator.injectFault({ kind: "malformed", count: 1 });
    const client = clientFor(emulator);
    const error = await failure(client, client.request("GET", "/user/tenants"));
    expect(error).toBeInstanceOf(CloudflareResponseError);
    expect(error.message).toContain("not a Cloudflare envelope (not JSON)");
  });

  test("times out waiting for headers and retries", async () => {
    // undici checks its timers about once a second, so the latency must
    // outlast a second for a short headers timeout to fire.
    emulator.injectFault({ kind: "latency", ms: 2500, count: 1 });
    const client = clientFor(emulator, { timeouts: { headersMs: 200 } });
    try {
      await client.request("GET", "/user/tenants");
      expect(client.stats.retries).toBe(1);
    } finally {
      await client.close();
    }
  });

  test("throws CloudflareNetworkError when every attempt times out", async () => {
    emulator.injectFault({ kind: "latency", ms: 2500 });
    const client = clientFor(emulator, {
      timeouts: { headersMs: 200 },
      retry: { maxAttempts: 2 },
    });
    const error = await failure(client, client.request("GET", "/user/tenants"));
    expect(error).toBeInstanceOf(CloudflareNetworkError);
    expect((error as CloudflareNetworkError).code).toBe(
      "UND_ERR_HEADERS_TIMEOUT",
    );
  });

  test("never shows a credential in any error, whatever the scheme", async () => {
    const schemes = [
      { apiToken: DEFAULT_EMULATOR_TOKEN },
      { email: DEFAULT_EMULATOR_EMAIL, apiKey: DEFAULT_EMULATOR_API_KEY },
    ];
    const closed = await TenantApiEmulator.start();
    const closedUrl = closed.baseUrl;
    await closed.close();
    const seen: string[] = [];
    for (const credentials of schemes) {
      const scenarios: Array<[string | undefined, () => void]> = [
        [undefined, () => undefined],
        [
          undefined,
          () =>
            emulator.injectFault({
              kind: "status",
              status: 429,
              retryAfterSeconds: 600,
              count: 1,
            }),
        ],
        [
          undefined,
          () => emulator.injectFault({ kind: "malformed", count: 1 }),
        ],
        [undefined, () => emulator.injectFault({ kind: "reset", count: 1 })],
        [
          undefined,
          () => emulator.injectFault({ kind: "status", status: 502, count: 1 }),
        ],
        [closedUrl, () => undefined],
      ];
      for (const [baseUrl, arrange] of scenarios) {
        arrange();
        const client = new CloudflareClient({
          baseUrl: baseUrl ?? emulator.baseUrl,
          credentials,
          retry: { maxAttempts: 1 },
        });
        try {
          seen.push(
            (
              await caught(
                client.request("POST", "/accounts/nope", { body: {} }),
              )
            ).texts,
          );
        } finally {
          await client.close();
        }
      }
    }
    const wrong = clientFor(emulator, {
      credentials: {
        apiToken: "wrong-token-000000000000000000000000000000000",
      },
    });
    seen.push((await caught(wrong.request("GET", "/accounts"))).texts);
    await wrong.close();

    expect(seen).toHaveLength(13);
    for (const text of [...seen, ...texts]) {
      expect(text).not.toContain(DEFAULT_EMULATOR_TOKEN);
      expect(text).not.toContain("wrong-token-0000");
      expect(text).not.toContain(DEFAULT_EMULATOR_API_KEY);
      expect(text).not.toContain(DEFAULT_EMULATOR_EMAIL);
      expect(text.toLowerCase()).not.toContain("bearer");
    }
  });
});
