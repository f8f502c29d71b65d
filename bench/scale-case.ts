/**
 * One benchmark case in its own process: synthesizes N customers one way
 * and prints one JSON line with the times and the peak memory.
 *
 *   node node_modules/.cache/cdktf-tenant-bench/scale/bench/scale-case.js \
 *     <case> <n> <outdir>
 *
 * Cases:
 *   raw          one stack, provider classes (deep imports)
 *   library      one stack, ManagedCustomer
 *   library-no-traces  the same inside withoutTokenStackTraces
 *   raw-sharded  stacks of 500, provider classes, one provider per stack
 *   fleet        CustomerFleet, stacks of at most 500
 *
 * Run by bench/synth-scale.ts; not meant to be started by hand, though it
 * can be.
 */
import { performance } from "node:perf_hooks";
import type { Construct } from "constructs";
import { benchCustomers, BenchCustomer } from "./workload";

const SHARD_SIZE = 500;

interface CaseResult {
  readonly stacks: number;
}

async function runRaw(
  outdir: string,
  customers: BenchCustomer[],
  stackSize: number,
): Promise<CaseResult> {
  const { App, TerraformStack } = await import("cdktf");
  const { CloudflareProvider } =
    await import("@cdktf/provider-cloudflare/lib/provider");
  const { Account } = await import("@cdktf/provider-cloudflare/lib/account");
  const { AccountMember } =
    await import("@cdktf/provider-cloudflare/lib/account-member");
  const { Zone } = await import("@cdktf/provider-cloudflare/lib/zone");
  const { ZoneSubscription } =
    await import("@cdktf/provider-cloudflare/lib/zone-subscription");
  const { AccountSubscription } =
    await import("@cdktf/provider-cloudflare/lib/account-subscription");
  mark("loaded");

  const app = new App({ outdir, skipValidation: false });
  let stacks = 0;
  let stack: Construct = app;
  customers.forEach((c, i) => {
    if (i % stackSize === 0) {
      const name = `customers-${String(stacks).padStart(2, "0")}`;
      stack = new TerraformStack(app, name);
      stacks++;
      new CloudflareProvider(stack, "cloudflare", {});
    }
    const customer: Construct = stack;
    const account = new Account(customer, c.key, {
      name: c.name,
      settings: {
        abuseContactEmail: c.abuseContactEmail,
        enforceTwofactor: false,
      },
      lifecycle: { preventDestroy: true },
    });
    for (const m of c.members) {
      new AccountMember(customer, `${c.key}-member-${m.email}`, {
        accountId: account.id,
        email: m.email,
        roles: m.roles,
      });
    }
    for (const z of c.zones) {
      const zone = new Zone(customer, `${c.key}-${z.id}`, {
        account: { id: account.id },
        name: z.name,
        type: "full",
      });
      new ZoneSubscription(customer, `${c.key}-${z.id}-plan`, {
        zoneId: zone.id,
        ratePlan: { id: z.plan },
        frequency: "monthly",
      });
    }
    for (const a of c.addons) {
      new AccountSubscription(customer, `${c.key}-${a.id}`, {
        accountId: account.id,
        ratePlan: { id: a.ratePlan },
        frequency: "monthly",
      });
    }
  });
  mark("built");
  app.synth();
  return { stacks };
}

async function runLibrary(
  outdir: string,
  customers: BenchCustomer[],
  skipTraces = false,
): Promise<CaseResult> {
  const { App, TerraformStack } = await import("cdktf");
  const lib = await import("../src");
  mark("loaded");

  const app = new App({ outdir });
  const stack = new TerraformStack(app, "customers-00");
  new lib.TenantProvider(stack, "cloudflare", {});
  if (skipTraces) {
    lib.withoutTokenStackTraces(() => buildLibrary(lib, stack, customers));
  } else {
    // The same loop inline: a helper frame would make every captured token
    // stack trace one line longer (docs/benchmarks.md).
    for (const c of customers) {
      const customer = new lib.ManagedCustomer(stack, c.key, {
        name: c.name,
        abuseContactEmail: c.abuseContactEmail,
        members: c.members,
      });
      for (const z of c.zones) {
        customer.addZone(z.id, { name: z.name, plan: z.plan });
      }
      for (const a of c.addons) {
        customer.addAddon(a.id, { ratePlan: a.ratePlan });
      }
    }
  }
  mark("built");
  app.synth();
  return { stacks: 1 };
}

function buildLibrary(
  lib: typeof import("../src"),
  stack: Construct,
  customers: BenchCustomer[],
): void {
  for (const c of customers) {
    const customer = new lib.ManagedCustomer(stack, c.key, {
      name: c.name,
      abuseContactEmail: c.abuseContactEmail,
      members: c.members,
    });
    for (const z of c.zones) {
      customer.addZone(z.id, { name: z.name, plan: z.plan });
    }
    for (const a of c.addons) {
      customer.addAddon(a.id, { ratePlan: a.ratePlan });
    }
  }
}

async function runFleet(
  outdir: string,
  customers: BenchCustomer[],
): Promise<CaseResult> {
  const { App } = await import("cdktf");
  const lib = await import("../src");
  mark("loaded");

  const app = new App({ outdir });
  const fleet = new lib.CustomerFleet(app, "customers", {
    customers: customers.map((c) => ({
      key: c.key,
      name: c.name,
      abuseContactEmail: c.abuseContactEmail,
      members: c.members,
      zones: c.zones.map((z) => ({ id: z.id, name: z.name, plan: z.plan })),
      addons: c.addons.map((a) => ({ id: a.id, ratePlan: a.ratePlan })),
    })),
    stackSize: SHARD_SIZE,
    capacity: Math.max(customers.length, SHARD_SIZE),
  });
  mark("built");
  app.synth();
  return { stacks: fleet.stacks.length };
}

const marks: Record<string, number> = {};
let heapAfterBuildMb: number | undefined;
function mark(name: string): void {
  marks[name] = performance.now();
  // With `node --expose-gc`, also record the live heap once the tree is
  // built (the construct tree's own size, before synthesis).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (name === "built" && gc !== undefined) {
    gc();
    heapAfterBuildMb = process.memoryUsage().heapUsed / 2 ** 20;
    marks[name] = performance.now();
  }
}

async function main(): Promise<void> {
  const [kind, nText, outdir] = process.argv.slice(2);
  const n = Number(nText);
  if (!kind || !Number.isInteger(n) || n < 1 || !outdir) {
    throw new Error("usage: scale-case <case> <n> <outdir>");
  }
  const customers = benchCustomers(n);
  mark("start");
  const cpuAtStart = process.cpuUsage();
  let result: CaseResult;
  switch (kind) {
    case "raw":
      result = await runRaw(outdir, customers, Number.MAX_SAFE_INTEGER);
      break;
    case "raw-sharded":
      result = await runRaw(outdir, customers, SHARD_SIZE);
      break;
    case "library":
      result = await runLibrary(outdir, customers);
      break;
    case "library-no-traces":
      result = await runLibrary(outdir, customers, true);
      break;
    case "fleet":
      result = await runFleet(outdir, customers);
      break;
    default:
      throw new Error(`unknown case ${kind}`);
  }
  mark("synthesized");
  const cpu = process.cpuUsage(cpuAtStart);
  const usage = process.resourceUsage();
  process.stdout.write(
    JSON.stringify({
      case: kind,
      n,
      stacks: result.stacks,
      startMs: marks.start,
      loadMs: marks.loaded - marks.start,
      buildMs: marks.built - marks.loaded,
      synthMs: marks.synthesized - marks.built,
      totalMs: marks.synthesized - marks.start,
      wallSinceProcessStartMs: marks.synthesized,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssKb: usage.maxRSS,
      heapAfterBuildMb,
      heapLimitMb: Math.round(
        (await import("node:v8")).getHeapStatistics().heap_size_limit / 1e6,
      ),
    }) + "\n",
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
