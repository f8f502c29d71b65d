import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ADMINISTRATOR_ROLE_ID,
  DEFAULT_TENANT_TAG,
  DEFAULT_UNIT_TAGS,
  EmulatorSeed,
  TenantApiEmulator,
  ZONE_PLANS,
  seedWithAccounts,
} from "../../src/testing";
import { call } from "./http";

describe("TenantApiEmulator seeds", () => {
  test("starts by default with Example Partner, its units, the roles and every catalog plan", async () => {
    const emulator = await TenantApiEmulator.start();
    try {
      const tenants = await call(emulator.baseUrl, "GET", "/user/tenants");
      const tenant = tenants.body.result[0];
      expect(tenant).toMatchObject({
        tenant_tag: DEFAULT_TENANT_TAG,
        tenant_name: "Example Partner",
      });
      expect(
        tenant.tenant_units.map((u: { unit_name: string }) => u.unit_name),
      ).toEqual(["Default", "Europe"]);
      for (const unit of tenant.tenant_units) {
        expect(unit.unit_tag).toMatch(/^[0-9a-f]{32}$/);
      }
      expect(DEFAULT_UNIT_TAGS.Europe).toBe(tenant.tenant_units[1].unit_tag);

      const account = await call(emulator.baseUrl, "POST", "/accounts", {
        name: "Acme",
      });
      const roles = await call(
        emulator.baseUrl,
        "GET",
        `/accounts/${account.body.result.id}/roles?per_page=50`,
      );
      expect(roles.body.result).toContainEqual(
        expect.objectContaining({
          id: ADMINISTRATOR_ROLE_ID,
          name: "Administrator",
        }),
      );

      const zone = await call(emulator.baseUrl, "POST", "/zones", {
        name: "acme.example",
        account: { id: account.body.result.id },
      });
      const plans = await call(
        emulator.baseUrl,
        "GET",
        `/zones/${zone.body.result.id}/available_rate_plans`,
      );
      expect(plans.body.result.map((p: { id: string }) => p.id)).toEqual(
        ZONE_PLANS.map((p) => p.id),
      );
      expect(
        plans.body.result[1].components.map((c: { name: string }) => c.name),
      ).toEqual([
        "zones",
        "page_rules",
        "dedicated_certificates",
        "dedicated_certificates_custom",
      ]);

      const entitlements = await call(
        emulator.baseUrl,
        "GET",
        `/tenants/${DEFAULT_TENANT_TAG}/entitlements`,
      );
      expect(entitlements.body.result).toHaveProperty("custom_entitlements");
    } finally {
      await emulator.close();
    }
  });

  test("reads a seed file and answers 1225 for plans outside the tenant's list", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-seed-"));
    const seed: EmulatorSeed = {
      tenants: [
        {
          name: "Agency Co",
          units: [{ name: "Main" }],
          ratePlans: ["CF_FREE", "CF_PRO_20_20", "CF_BIZ"],
          nsPool: {
            primary: "ns1.agency.example",
            secondary: "ns2.agency.example",
          },
        },
      ],
      accounts: [{ id: "a".repeat(32), name: "Seeded Customer" }],
      zones: [
        {
          id: "b".repeat(32),
          name: "seeded.example",
          accountId: "a".repeat(32),
          status: "active",
          ratePlanId: "CF_PRO_20_20",
        },
      ],
    };
    const file = join(dir, "seed.json");
    writeFileSync(file, JSON.stringify(seed));
    const emulator = await TenantApiEmulator.start({ seed: file });
    try {
      const zone = await call(
        emulator.baseUrl,
        "GET",
        `/zones/${"b".repeat(32)}`,
      );
      expect(zone.body.result).toMatchObject({
        status: "active",
        name_servers: ["ns1.agency.example", "ns2.agency.example"],
      });
      const sub = await call(
        emulator.baseUrl,
        "GET",
        `/zones/${"b".repeat(32)}/subscription`,
      );
      expect(sub.body.result.rate_plan.id).toBe("CF_PRO_20_20");

      const refused = await call(
        emulator.baseUrl,
        "PUT",
        `/zones/${"b".repeat(32)}/subscription`,
        { rate_plan: { id: "PARTNERS_BIZ" } },
      );
      expect(refused.body.errors[0].code).toBe(1225);
      const addon = await call(
        emulator.baseUrl,
        "POST",
        `/accounts/${"a".repeat(32)}/subscriptions`,
        { rate_plan: { id: "TEAMS_ENT" } },
      );
      expect(addon.body.errors[0].code).toBe(1225);
    } finally {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("throws if a seeded id is not 32 hex characters", async () => {
    await expect(
      TenantApiEmulator.start({
        seed: { accounts: [{ id: "short", name: "X" }] },
      }),
    ).rejects.toThrow(/account id "short" is not 32 lowercase hex/);
  });

  test("seedWithAccounts adds accounts that the tenant lists in order", async () => {
    const emulator = await TenantApiEmulator.start({
      seed: seedWithAccounts(30),
    });
    try {
      const answer = await call(
        emulator.baseUrl,
        "GET",
        `/tenants/${DEFAULT_TENANT_TAG}/accounts?page=2&per_page=25&order=name&direction=1`,
      );
      expect(answer.body.result_info).toEqual({
        page: 2,
        per_page: 25,
        count: 5,
        total_count: 30,
        total_pages: 2,
      });
      expect(answer.body.result[0].name).toBe("Customer 00005");
      expect(Object.keys(answer.body.result[0]).sort()).toEqual([
        "created_on",
        "id",
        "name",
        "settings",
        "type",
      ]);
    } finally {
      await emulator.close();
    }
  });
});
