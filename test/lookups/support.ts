import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  EmulatorSeed,
  TenantApiEmulator,
  seedWithAccounts,
  stableId,
} from "../../src/testing";

/** A token no test would write on purpose; tests grep for it. */
export const FAKE_TOKEN = "cftest-SECRET-do-not-leak-7f3a9c1e5b2d4a6f8e0c";

export const TENANT = "Acme Partners";
export const TEMPLATE_ACCOUNT = "Acme Template";
export const ZONE_ID = stableId("zone:existing.example");

export const UNIT_TAGS = {
  Retail: stableId("unit:acme:Retail"),
  Enterprise: stableId("unit:acme:Enterprise"),
  Twin1: stableId("unit:acme:Twin:1"),
  Twin2: stableId("unit:acme:Twin:2"),
};

/**
 * One tenant with four units (two named alike), a template account, 120
 * customer accounts (three pages of 50), one existing zone, and
 * entitlements that name two zone plans, one of them not granted.
 */
export function lookupSeed(extraTenants: EmulatorSeed["tenants"] = []) {
  const base: EmulatorSeed = {
    tenants: [
      {
        name: TENANT,
        tag: stableId("tenant:acme"),
        units: [
          { name: "Retail", tag: UNIT_TAGS.Retail },
          { name: "Enterprise", tag: UNIT_TAGS.Enterprise },
          { name: "Twin", tag: UNIT_TAGS.Twin1 },
          { name: "Twin", tag: UNIT_TAGS.Twin2 },
        ],
        entitlements: {
          "accounts.max_count": { type: "max_count", value: 500 },
          "zones.partners_pro": { type: "bool", value: true },
          "zones.partners_ent": { type: "bool", value: true },
          "zones.partners_biz": { type: "bool", value: false },
        },
        ratePlans: ["PARTNERS_FREE", "PARTNERS_PRO", "PARTNERS_ENT"],
      },
      ...(extraTenants ?? []),
    ],
    accounts: [
      {
        id: stableId("account:template"),
        name: TEMPLATE_ACCOUNT,
        unitTag: UNIT_TAGS.Retail,
        createdOn: "2025-06-01T00:00:00.000Z",
      },
    ],
    zones: [
      {
        id: ZONE_ID,
        name: "existing.example",
        accountId: stableId("account:template"),
      },
    ],
  };
  const withMany = seedWithAccounts(120, base);
  for (const account of withMany.accounts ?? []) {
    account.unitTag = account.unitTag ?? UNIT_TAGS.Retail;
  }
  return withMany;
}

export async function startEmulator(
  seed: EmulatorSeed = lookupSeed(),
): Promise<TenantApiEmulator> {
  return TenantApiEmulator.start({
    seed,
    credentials: { tokens: [FAKE_TOKEN] },
  });
}

/** The environment a partner's shell would have. */
export function apiEnv(emulator: TenantApiEmulator): NodeJS.ProcessEnv {
  return {
    CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
    CLOUDFLARE_BASE_URL: emulator.baseUrl,
  };
}

export function tempDir(prefix = "lookups-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every file under a folder, as text. */
export function readTree(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) {
        walk(p);
      } else {
        out.push(fs.readFileSync(p, "utf8"));
      }
    }
  };
  if (fs.existsSync(dir)) {
    walk(dir);
  }
  return out.join("\n");
}
