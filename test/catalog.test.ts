import * as fs from "node:fs";
import * as path from "node:path";
import {
  ADDON_PLANS,
  AddonFamily,
  AddonPlan,
  ComponentName,
  Frequency,
  PartnerProgram,
  Role,
  ZONE_PLANS_BY_PROGRAM,
  ZonePlan,
  addonPlansOf,
  findAddonPlan,
  findZonePlan,
  partnerProgramOf,
} from "../src";

const SEED = path.join(
  __dirname,
  "..",
  "..",
  "shared",
  "seed",
  "000_911e41acfe013137.txt",
);

/** The plan ids of the docs' "Available subscriptions" page. */
function idsOnSubscriptionsPage(): Set<string> {
  const text = fs.readFileSync(SEED, "utf8");
  const start = text.indexOf("# Available subscriptions");
  const end = text.indexOf("## Getting new subscriptions", start);
  const page = text.slice(start, end).replace(/\\_/g, "_");
  const ids = new Set<string>();
  for (const line of page.split("\n")) {
    if (!line.startsWith("|")) continue;
    const last = line.split("|").slice(-2, -1)[0] ?? "";
    for (const id of last.split(",")) {
      const trimmed = id.trim();
      if (/^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+$/.test(trimmed)) ids.add(trimmed);
    }
  }
  return ids;
}

describe("catalog", () => {
  it("holds exactly the plan ids of the docs' Available subscriptions page", () => {
    const catalogued = [
      ...Object.values(ZonePlan),
      ...Object.values(AddonPlan),
    ];
    expect(new Set(catalogued)).toEqual(idsOnSubscriptionsPage());
    expect(catalogued).toHaveLength(new Set(catalogued).size);
  });

  it("gives each partner program its zone plans", () => {
    expect(ZONE_PLANS_BY_PROGRAM[PartnerProgram.RESELLER]).toEqual([
      "PARTNERS_FREE",
      "PARTNERS_PRO",
      "PARTNERS_BIZ",
      "PARTNERS_ENT",
    ]);
    expect(ZONE_PLANS_BY_PROGRAM[PartnerProgram.AGENCY]).toEqual([
      "CF_FREE",
      "CF_PRO_20_20",
      "CF_BIZ",
    ]);
    expect(ZONE_PLANS_BY_PROGRAM[PartnerProgram.MSP]).toEqual(["msp_biz"]);
    expect(partnerProgramOf(ZonePlan.MSP_BIZ)).toBe("msp");
  });

  it("files every add-on plan under one of the four families", () => {
    const families = Object.values(AddonFamily);
    expect(ADDON_PLANS).toHaveLength(Object.keys(AddonPlan).length);
    for (const info of ADDON_PLANS) expect(families).toContain(info.family);
    expect(addonPlansOf(AddonFamily.NETWORK_SERVICES)).toEqual([
      "MAGIC_FIREWALL_BASIC",
      "MAGIC_FIREWALL_ADVANCED",
      "MAGIC_WAN",
    ]);
    expect(findAddonPlan("workers_paid")).toEqual({
      id: "WORKERS_PAID",
      family: "developer_platform",
      feature: "Workers",
    });
  });

  it("finds zone plans without regard to case and nothing else", () => {
    expect(findZonePlan("MSP_BIZ")).toBe("msp_biz");
    expect(findZonePlan("partners_ent")).toBe("PARTNERS_ENT");
    expect(findZonePlan("WORKERS_PAID")).toBeUndefined();
  });

  it("knows the frequencies, the Administrator role and the component names", () => {
    expect(Object.values(Frequency)).toEqual([
      "weekly",
      "monthly",
      "quarterly",
      "yearly",
    ]);
    expect(Role.ADMINISTRATOR).toBe("05784afa30c1afe1440e79d9351c7430");
    expect(Object.values(ComponentName)).toEqual([
      "zones",
      "page_rules",
      "dedicated_certificates",
      "dedicated_certificates_custom",
    ]);
  });
});
