import {
  DEFAULT_TENANT_TAG,
  TenantApiEmulator,
  seedWithAccounts,
} from "../../src/testing";
import { CloudflareResponseError } from "../../src/api";
import { caught, clientFor } from "./helpers";

describe("CloudflareClient.paginate", () => {
  let emulator: TenantApiEmulator;
  const path = `/tenants/${DEFAULT_TENANT_TAG}/accounts`;

  beforeAll(async () => {
    emulator = await TenantApiEmulator.start({
      seed: seedWithAccounts(10_000),
    });
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  test("returns all 10,000 tenant accounts in order with one request per page", async () => {
    const client = clientFor(emulator);
    try {
      const accounts = await client.paginate<{ id: string; name: string }>(
        path,
        {
          perPage: 100,
        },
      );
      expect(accounts).toHaveLength(10_000);
      expect(new Set(accounts.map((a) => a.id)).size).toBe(10_000);
      expect(accounts[0].name).toBe("Customer 00001");
      expect(accounts[9_999].name).toBe("Customer 10000");
      expect(emulator.requests.count).toBe(100);
      expect(client.stats.requests).toBe(100);
      const pages = emulator.requests.entries.map((e) => Number(e.query.page));
      expect([...pages].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
    } finally {
      await client.close();
    }
  });

  test("keeps at most `concurrency` pages in flight", async () => {
    emulator.injectFault({ kind: "latency", ms: 30 });
    const client = clientFor(emulator, { concurrency: 3 });
    let inFlight = 0;
    let peak = 0;
    const original = client.requestEnvelope.bind(client);
    client.requestEnvelope = async (...args: Parameters<typeof original>) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        return await original(...args);
      } finally {
        inFlight--;
      }
    };
    try {
      const accounts = await client.paginate(path, {
        perPage: 100,
        query: { order: "name" },
      });
      expect(accounts).toHaveLength(10_000);
      expect(peak).toBe(3);
    } finally {
      await client.close();
    }
  });

  test("falls back to page after page until a short page when total_pages is absent", async () => {
    const pageOnly = await TenantApiEmulator.start({
      seed: seedWithAccounts(120),
      paginationInfo: "page-only",
    });
    const client = clientFor(pageOnly);
    try {
      const accounts = await client.paginate(path, { perPage: 50 });
      expect(accounts).toHaveLength(120);
      expect(pageOnly.requests.count).toBe(3);
    } finally {
      await client.close();
      await pageOnly.close();
    }
  });

  test("stops at an empty page when the count divides evenly", async () => {
    const pageOnly = await TenantApiEmulator.start({
      seed: seedWithAccounts(100),
      paginationInfo: "page-only",
    });
    const client = clientFor(pageOnly);
    try {
      const accounts = await client.paginate(path, { perPage: 50 });
      expect(accounts).toHaveLength(100);
      expect(pageOnly.requests.count).toBe(3);
    } finally {
      await client.close();
      await pageOnly.close();
    }
  });

  test("returns one empty page's worth for an empty list", async () => {
    const empty = await TenantApiEmulator.start();
    const client = clientFor(empty);
    try {
      expect(await client.paginate(path)).toEqual([]);
      expect(empty.requests.count).toBe(1);
    } finally {
      await client.close();
      await empty.close();
    }
  });

  test("throws if the result is not a list", async () => {
    const client = clientFor(emulator);
    try {
      const { error } = await caught(
        client.paginate(`/tenants/${DEFAULT_TENANT_TAG}`),
      );
      expect(error).toBeInstanceOf(CloudflareResponseError);
      expect(error.message).toContain("not a list");
    } finally {
      await client.close();
    }
  });
});
