/**
 * The seed's walk-through, applied with the real terraform binary against
 * the emulator, through the conformance harness (the Cloudflare provider
 * stand-in plus the hashicorp/external stand-in), and then changed,
 * drifted and destroyed.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  WALKTHROUGH_UNIT,
  WalkthroughStack,
} from "../../examples/walkthrough/stack";
import { DEFAULT_EMULATOR_TOKEN } from "../../src/testing";
import {
  applySummary,
  stripPreventDestroy,
  TerraformRun,
} from "../conformance/harness";
import {
  CYCLE_TIMEOUT_MS,
  describeWithTerraform,
} from "../conformance/support";
import { api, tempDir } from "./support";
import {
  filesUnder,
  gapWorkspace,
  install,
  Json,
  Synthesized,
  synthInto,
} from "./terraform";

/** Synthesizes the walk-through into its own cdktf.out. */
function synthWalkthrough(
  outdir: string,
  props: {
    apiKeyFile: string;
    pageRules?: number;
    zeroTrustSeats?: number;
    businessPhone?: string;
  },
): Synthesized {
  return synthInto(
    outdir,
    "walkthrough",
    (app, name) => new WalkthroughStack(app, name, props),
  );
}

const FLAGS = ["-no-color", "-input=false"];

describeWithTerraform("the walk-through stack under terraform", () => {
  jest.setTimeout(CYCLE_TIMEOUT_MS * 2);

  it("applies, changes component values in place, reports drift and destroys as docs/gaps.md says", async () => {
    // GIVEN the walk-through, synthesized with a key file outside cdktf.out
    const work = tempDir("walkthrough");
    const keyDir = path.join(work, "keys");
    fs.mkdirSync(keyDir, { mode: 0o700 });
    const keyFile = path.join(keyDir, "acme.key");
    const outdir = path.join(work, "cdktf.out");
    const first = synthWalkthrough(outdir, { apiKeyFile: keyFile });

    const logFile = path.join(work, "terraform.log");
    const ws = await gapWorkspace(first, { logFile });
    const emu = ws.emulator;
    const runs: TerraformRun[] = ws.runs;

    try {
      // WHEN it is applied
      install(ws, first);
      await ws.mustRun("init", ["init", ...FLAGS]);
      await ws.mustRun("validate", ["validate", "-no-color"]);
      await ws.mustRun("plan", ["plan", ...FLAGS, "-out=wt.tfplan"]);
      await ws.mustRun("apply", ["apply", ...FLAGS, "wt.tfplan"]);

      // THEN the emulator holds exactly the walk-through
      const s = emu.state;
      const accounts = Object.values(s.accounts);
      expect(accounts).toHaveLength(1);
      const account = accounts[0];
      expect(account).toMatchObject({
        name: "Acme Widgets",
        unitTag: WALKTHROUGH_UNIT,
        business_name: "Acme Widgets Ltd",
        business_address: "1 Market Street, San Francisco, CA",
        business_email: "billing@acme-widgets.example",
        business_phone: "+1 415 555 0100",
        external_metadata: '{"crm_id": "ACME-0042"}',
      });
      const members = Object.values(s.members)
        .map((m) => `${m.email}:${m.roles.join(",")}`)
        .sort();
      expect(members).toEqual([
        "owner@acme-widgets.example:05784afa30c1afe1440e79d9351c7430",
        "svc-acme-widgets@partner.example:05784afa30c1afe1440e79d9351c7430",
      ]);
      const users = Object.values(s.users);
      expect(users.map((u) => u.email)).toEqual([
        "svc-acme-widgets@partner.example",
      ]);
      const apiKey = fs.readFileSync(keyFile, "utf8").trim();
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(createHash("sha256").update(apiKey).digest("hex")).toBe(
        users[0].apiKeySha256,
      );
      const zones = Object.values(s.zones);
      expect(zones.map((z) => z.name)).toEqual(["acme-widgets.example"]);
      const zoneSubs = Object.values(s.zoneSubscriptions);
      expect(zoneSubs).toHaveLength(1);
      expect(zoneSubs[0]).toMatchObject({
        ratePlanId: "PARTNERS_BIZ",
        frequency: "yearly",
        componentValues: [{ name: "page_rules", value: 50 }],
      });
      const addons = Object.values(s.accountSubscriptions);
      expect(addons).toHaveLength(1);
      expect(addons[0]).toMatchObject({
        ownerId: account.id,
        ratePlanId: "TEAMS_ENT",
        frequency: "monthly",
        componentValues: [{ name: "users", value: 75 }],
      });
      const zoneSubId = zoneSubs[0].id;
      const addonId = addons[0].id;
      // the subscription id reached Terraform through data "external"
      const idRead = ws
        .readState()
        .resources.find((r) => r.address.includes("GapSubscription_Id"));
      expect((idRead?.attributes.result as Json).id).toBe(addonId);

      // AND a second plan is empty, without drift warnings
      const noop = await ws.terraform("plan (empty)", [
        "plan",
        ...FLAGS,
        "-detailed-exitcode",
      ]);
      expect(noop.exitCode).toBe(0);
      expect(noop.stdout + noop.stderr).not.toContain("Check block assertion");

      // WHEN the page rules, the seats and a KYC field change
      const before = emu.requests.entries.length;
      const second = synthWalkthrough(path.join(work, "cdktf.out.2"), {
        apiKeyFile: keyFile,
        pageRules: 60,
        zeroTrustSeats: 80,
        businessPhone: "+1 415 555 0199",
      });
      install(ws, second);
      const change = await ws.mustRun("apply change", [
        "apply",
        ...FLAGS,
        "-auto-approve",
      ]);
      // THEN only the three Settings resources are replaced, and the
      // subscriptions and the account are updated in place: one PUT each,
      // no DELETE, no POST
      expect(applySummary(change)).toEqual({ add: 3, change: 0, destroy: 3 });
      const during = emu.requests.entries.slice(before);
      const writes = during
        .filter((e) => e.method !== "GET")
        .map((e) => `${e.method} ${e.path}`);
      expect(writes.sort()).toEqual(
        [
          `PUT /accounts/${account.id}`,
          `PUT /accounts/${account.id}/subscriptions/${addonId}`,
          `PUT /zones/${zones[0].id}/subscription`,
        ].sort(),
      );
      expect(emu.state.accounts[account.id]).toMatchObject({
        name: "Acme Widgets",
        business_phone: "+1 415 555 0199",
        business_name: "Acme Widgets Ltd",
      });
      expect(Object.values(emu.state.zoneSubscriptions)[0]).toMatchObject({
        id: zoneSubId,
        componentValues: [{ name: "page_rules", value: 60 }],
      });
      expect(Object.values(emu.state.accountSubscriptions)).toEqual([
        expect.objectContaining({
          id: addonId,
          componentValues: [{ name: "users", value: 80 }],
        }),
      ]);
      const settled = await ws.terraform("plan after change (empty)", [
        "plan",
        ...FLAGS,
        "-detailed-exitcode",
      ]);
      expect(settled.exitCode).toBe(0);

      // WHEN someone changes the seats and the page rules outside Terraform
      await api(
        emu,
        "PUT",
        `/accounts/${account.id}/subscriptions/${addonId}`,
        {
          component_values: [{ name: "users", value: 10 }],
        },
      );
      await api(emu, "PUT", `/zones/${zones[0].id}/subscription`, {
        component_values: [{ name: "page_rules", value: 5 }],
      });
      const drift = await ws.terraform("plan after drift", [
        "plan",
        ...FLAGS,
        "-detailed-exitcode",
      ]);
      // THEN the plan warns, and changes nothing
      expect(drift.exitCode).toBe(0);
      const driftText = (drift.stdout + drift.stderr).replace(/\s+/g, " ");
      expect(driftText).toContain("Check block assertion failed");
      expect(driftText).toContain(
        'the add-on\'s component values are "users=10", not the declared users=80',
      );

      expect(driftText).toContain(
        'the zone plan\'s component values are "page_rules=5", not the declared page_rules=60',
      );

      // WHEN the stack is destroyed
      const destroyFrom = emu.requests.entries.length;
      ws.writeConfig(stripPreventDestroy(second.json));
      await ws.mustRun("destroy", ["destroy", ...FLAGS, "-auto-approve"]);
      // THEN docs/gaps.md holds: the add-on is cancelled (DELETE) before the
      // account goes, the zone plan goes with its zone, KYC with the
      // account, the service user stays (no API deletes users), its key
      // file stays, and its membership is removed
      const deletes = emu.requests.entries
        .slice(destroyFrom)
        .filter((e) => e.method === "DELETE")
        .map((e) => e.path);
      expect(deletes).toContain(
        `/accounts/${account.id}/subscriptions/${addonId}`,
      );
      expect(
        deletes.indexOf(`/accounts/${account.id}/subscriptions/${addonId}`),
      ).toBeLessThan(deletes.indexOf(`/accounts/${account.id}`));
      expect(Object.values(emu.state.accounts)).toHaveLength(0);
      expect(Object.values(emu.state.accountSubscriptions)).toHaveLength(0);
      expect(Object.values(emu.state.zoneSubscriptions)).toHaveLength(0);
      expect(Object.values(emu.state.members)).toHaveLength(0);
      expect(Object.values(emu.state.users)).toHaveLength(1);
      expect(fs.existsSync(keyFile)).toBe(true);

      // AND the API key appears nowhere: cdktf.out, state, logs, output
      const places = [
        ...filesUnder(outdir),
        ...filesUnder(path.join(work, "cdktf.out.2")),
        ...filesUnder(ws.dir).filter((f) => !f.includes(".terraform/")),
        logFile,
      ];
      expect(places.some((f) => f.endsWith("terraform.tfstate"))).toBe(true);
      expect(fs.statSync(logFile).size).toBeGreaterThan(10_000);
      for (const file of places) {
        const text = fs.readFileSync(file, "utf8");
        expect({ file, leaks: text.includes(apiKey) }).toEqual({
          file,
          leaks: false,
        });
        if (file !== logFile) {
          // nor the credentials, in what synthesis and terraform wrote
          expect({
            file,
            token: text.includes(DEFAULT_EMULATOR_TOKEN),
          }).toEqual({ file, token: false });
        }
      }
      for (const run of runs) {
        expect(run.stdout.includes(apiKey) || run.stderr.includes(apiKey)).toBe(
          false,
        );
      }
    } finally {
      await ws.close();
    }
  });
});
