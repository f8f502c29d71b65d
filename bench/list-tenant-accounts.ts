/**
 * Listing 10,000 tenant accounts from the emulator: `paginate()` (page 1,
 * then the other pages at once, a few in flight) beside the same listing
 * page after page in sequence. Run once with no added latency and once
 * with a per-request latency that stands in for the round trip to
 * Cloudflare.
 *
 *   npx ts-node --transpile-only bench/list-tenant-accounts.ts \
 *     [--accounts 10000] [--per-page 50] [--concurrency 4] \
 *     [--latency 0,50] [--repeats 3]
 *
 * Prints a Markdown table: requests per listing (expected: the page
 * count), median time, and the sequential/paginate ratio.
 */
import { parseArgs } from "node:util";
import { CloudflareClient } from "../src/api";
import {
  DEFAULT_EMULATOR_TOKEN,
  DEFAULT_TENANT_TAG,
  TenantApiEmulator,
  seedWithAccounts,
} from "../src/testing";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "10000" },
    "per-page": { type: "string", default: "50" },
    concurrency: { type: "string", default: "4" },
    latency: { type: "string", default: "0,50" },
    repeats: { type: "string", default: "3" },
  },
});
const accounts = Number(values.accounts);
const perPage = Number(values["per-page"]);
const concurrency = Number(values.concurrency);
const latencies = String(values.latency).split(",").map(Number);
const repeats = Number(values.repeats);
const path = `/tenants/${DEFAULT_TENANT_TAG}/accounts`;

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function sequential(client: CloudflareClient): Promise<number> {
  let total = 0;
  for (let page = 1; ; page++) {
    const envelope = await client.requestEnvelope<unknown[]>("GET", path, {
      query: { page, per_page: perPage },
    });
    total += envelope.result.length;
    if (envelope.result.length < perPage) {
      return total;
    }
  }
}

async function concurrent(client: CloudflareClient): Promise<number> {
  return (await client.paginate(path, { perPage, concurrency })).length;
}

interface Row {
  latency: number;
  method: string;
  requests: number;
  ms: number;
}

async function measure(
  emulator: TenantApiEmulator,
  method: string,
  list: (client: CloudflareClient) => Promise<number>,
  latency: number,
): Promise<Row> {
  const times: number[] = [];
  let requests = 0;
  for (let i = 0; i < repeats; i++) {
    const client = new CloudflareClient({
      baseUrl: emulator.baseUrl,
      credentials: { apiToken: DEFAULT_EMULATOR_TOKEN },
      concurrency,
    });
    const before = emulator.requests.count;
    const started = process.hrtime.bigint();
    const count = await list(client);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    requests = emulator.requests.count - before;
    await client.close();
    if (count !== accounts) {
      throw new Error(`${method} listed ${count} accounts, not ${accounts}`);
    }
  }
  return { latency, method, requests, ms: median(times) };
}

async function main(): Promise<void> {
  const emulator = await TenantApiEmulator.start({
    seed: seedWithAccounts(accounts),
    requestLogLimit: 1000,
  });
  const pages = Math.ceil(accounts / perPage);
  const rows: Row[] = [];
  try {
    for (const latency of latencies) {
      emulator.clearFaults();
      if (latency > 0) {
        emulator.injectFault({ kind: "latency", ms: latency });
      }
      rows.push(await measure(emulator, "sequential", sequential, latency));
      rows.push(
        await measure(
          emulator,
          `paginate (x${concurrency})`,
          concurrent,
          latency,
        ),
      );
    }
  } finally {
    await emulator.close();
  }

  console.log(
    `Listing ${accounts} tenant accounts, per_page ${perPage} (${pages} pages), median of ${repeats}, Node ${process.version}`,
  );
  console.log("");
  console.log("| added latency | method | requests | time (ms) | ratio |");
  console.log("|---:|---|---:|---:|---:|");
  for (const latency of latencies) {
    const [seq, par] = rows.filter((r) => r.latency === latency);
    for (const row of [seq, par]) {
      console.log(
        `| ${latency} ms | ${row.method} | ${row.requests} | ${row.ms.toFixed(0)} | ${(seq.ms / row.ms).toFixed(2)}x |`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
