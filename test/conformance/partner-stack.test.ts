import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TenantApiEmulator } from "../../src/testing";
import { App } from "cdktf";
import { PartnerStack, UNITS } from "../../examples/partner-stack/stack";
import { WalkthroughStack } from "../../examples/walkthrough/stack";
import { describeRuns, runTerraformCycle, TerraformState } from "./harness";
import {
  CYCLE_TIMEOUT_MS,
  describeWithTerraform,
  findResource,
  synthStack,
} from "./support";

type Json = Record<string, unknown>;

const accountsByName = (emu: TenantApiEmulator) =>
  new Map(Object.values(emu.state.accounts).map((a) => [a.name, a]));

function stateOf(state: TerraformState, type: string) {
  return [...state.byAddress.values()].filter((r) => r.type === type);
}

/** Renames the bakery and moves its shop zone to a yearly plan. */
function renameBakeryAndGoYearly(json: Json): Json {
  findResource(json, "cloudflare_account", "name", "Northside Bakery").name =
    "Northside Bakery & Cafe";
  const shopZone = Object.entries(
    (json.resource as Record<string, Record<string, Json>>).cloudflare_zone,
  ).find(([, b]) => b.name === "northside-bakery.example")![0];
  const subs = (json.resource as Record<string, Record<string, Json>>)
    .cloudflare_zone_subscription;
  const shopSub = Object.values(subs).find(
    (b) => b.zone_id === `\${cloudflare_zone.${shopZone}.id}`,
  )!;
  shopSub.frequency = "yearly";
  return json;
}

function checkPartnerAccounts(emu: TenantApiEmulator, v522: boolean) {
  const accounts = accountsByName(emu);
  expect([...accounts.keys()].sort()).toEqual([
    "Lily & Rose Florists",
    "Meridian Logistics",
    "Northside Bakery",
  ]);
  // 5.14 never sends `type`, so the API keeps its default "standard".
  expect(accounts.get("Meridian Logistics")!.type).toBe(
    v522 ? "enterprise" : "standard",
  );
  if (v522) {
    expect(accounts.get("Northside Bakery")!.unitTag).toBe(UNITS.retail);
    expect(accounts.get("Meridian Logistics")!.unitTag).toBe(UNITS.enterprise);
  }
  const members = Object.values(emu.state.members).map((m) => m.email);
  expect(members.sort()).toEqual([
    "ana@lilyandrose.example",
    "books@lilyandrose.example",
    "it@meridian-logistics.example",
    "owner@northside-bakery.example",
  ]);
  expect(Object.values(emu.state.zones)).toHaveLength(5);
  const plans = Object.values(emu.state.zoneSubscriptions)
    .map((s) => s.ratePlanId.toLowerCase())
    .sort();
  expect(plans).toEqual([
    "partners_ent",
    "partners_ent",
    "partners_free",
    "partners_pro",
  ]);
  expect(Object.values(emu.state.accountSubscriptions)).toHaveLength(3);
}

describeWithTerraform("the examples under terraform", () => {
  jest.setTimeout(CYCLE_TIMEOUT_MS);

  it("passes the full cycle with provider 5.22.0 (the library's default)", async () => {
    const stackJson = synthStack((app) => new PartnerStack(app, "partner"));
    expect(
      (stackJson.terraform as { required_providers: Record<string, Json> })
        .required_providers.cloudflare.version,
    ).toBe("5.22.0");
    const result = await runTerraformCycle({
      stackJson,
      change: renameBakeryAndGoYearly,
      expect: {
        afterApply: (emu, state) => {
          checkPartnerAccounts(emu, true);
          // 5.22 maps unit.id from managed_by.parent_org_id.
          for (const acct of stateOf(state, "cloudflare_account")) {
            const unit = acct.attributes.unit as { id: string } | null;
            const managedBy = acct.attributes.managed_by as {
              parent_org_id: string;
            };
            expect(unit?.id).toBe(managedBy.parent_org_id);
          }
          const shop = stateOf(state, "cloudflare_zone").find(
            (z) => z.attributes.name === "meridian-logistics.example",
          )!;
          expect(shop.attributes.name_servers).toEqual(
            emu.state.zones[String(shop.attributes.id)].name_servers,
          );
        },
        afterChange: (emu) => {
          const accounts = accountsByName(emu);
          expect(accounts.has("Northside Bakery & Cafe")).toBe(true);
          const shop = Object.values(emu.state.zones).find(
            (z) => z.name === "northside-bakery.example",
          )!;
          const sub = Object.values(emu.state.zoneSubscriptions).find(
            (s) => s.ownerId === shop.id,
          )!;
          expect(sub.frequency).toBe("yearly");
        },
        afterDestroy: (emu) => {
          expect(Object.keys(emu.state.accounts)).toHaveLength(0);
          expect(Object.keys(emu.state.zones)).toHaveLength(0);
          // zone_subscription's delete makes no API call.
          expect(emu.requests.filter("DELETE", /\/subscription$/)).toEqual([]);
        },
      },
    });
    expect(result.standInVersions).toEqual(["5.22.0"]);
    process.stdout.write(
      `PartnerStack 5.22.0 cycle: ${result.totalMs} ms\n${describeRuns(result.runs)}\n`,
    );
  });

  it("passes the full cycle with provider 5.14.0 (the bindings' version)", async () => {
    const stackJson = synthStack(
      (app) => new PartnerStack(app, "partner", { providerVersion: "5.14.0" }),
    );
    // This one goes in the way `cdktf synth` leaves it: a stack directory.
    const stackDir = mkdtempSync(join(tmpdir(), "partner-514-"));
    writeFileSync(join(stackDir, "cdk.tf.json"), JSON.stringify(stackJson));
    const result = await runTerraformCycle(stackDir, {
      change: renameBakeryAndGoYearly,
      expect: {
        afterApply: (emu, state) => {
          checkPartnerAccounts(emu, false);
          // 5.14 keeps the configured type in state (the API says
          // "standard") and never refreshes unit.
          const logistics = stateOf(state, "cloudflare_account").find(
            (a) => a.attributes.name === "Meridian Logistics",
          )!;
          expect(logistics.attributes.type).toBe("enterprise");
          expect(logistics.attributes.unit).toBeNull();
        },
        change: { add: 0, change: 2, destroy: 0 },
      },
    });
    rmSync(stackDir, { recursive: true, force: true });
    expect(result.standInVersions).toEqual(["5.14.0"]);
    process.stdout.write(
      `PartnerStack 5.14.0 cycle: ${result.totalMs} ms\n${describeRuns(result.runs)}\n`,
    );
  });

  it("passes the cycle with the walk-through stack, whose gap resources need hashicorp/external and assets", async () => {
    const out = mkdtempSync(join(tmpdir(), "walkthrough-"));
    const keyDir = mkdtempSync(join(tmpdir(), "walkthrough-key-"));
    try {
      const app = new App({ outdir: out });
      new WalkthroughStack(app, "walkthrough", {
        apiKeyFile: join(keyDir, "customer.key"),
      });
      app.synth();
      const result = await runTerraformCycle(
        join(out, "stacks", "walkthrough"),
        {
          expect: {
            afterApply: (emu) => {
              const zone = Object.values(emu.state.zones)[0];
              const sub = Object.values(emu.state.zoneSubscriptions).find(
                (x) => x.ownerId === zone.id,
              );
              expect(sub?.ratePlanId).toBe("PARTNERS_BIZ");
            },
          },
        },
      );
      expect(result.standInVersions).toEqual(["5.22.0"]);
      process.stdout.write(
        `Walk-through cycle: ${result.totalMs} ms\n${describeRuns(result.runs)}\n`,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(keyDir, { recursive: true, force: true });
    }
  });
});
