/**
 * An add-on that the provider made gains component values: the stack moves
 * it to the gap resource without cancelling the paid subscription.
 */
import { TerraformStack } from "cdktf";
import * as path from "node:path";
import { AddonPlan, ManagedCustomer, TenantProvider } from "../../src";
import {
  CYCLE_TIMEOUT_MS,
  describeWithTerraform,
} from "../conformance/support";
import { tempDir } from "./support";
import { gapWorkspace, install, synthInto } from "./terraform";

const FLAGS = ["-no-color", "-input=false"];

function addonStack(work: string, name: string, seats?: number) {
  return synthInto(path.join(work, name), "migrate", (app, stackName) => {
    const s = new TerraformStack(app, stackName);
    new TenantProvider(s, "Cloudflare");
    new ManagedCustomer(s, "Customer", {
      name: "Migrate Ltd",
      allowDestroy: true,
    }).addAddon("ZeroTrust", {
      ratePlan: AddonPlan.TEAMS_ENT,
      componentValues: seats === undefined ? undefined : { users: seats },
    });
    return s;
  });
}

describeWithTerraform("an add-on moving to the gap resource", () => {
  jest.setTimeout(CYCLE_TIMEOUT_MS);

  it("keeps the subscription when an add-on made by the provider gains component values", async () => {
    const work = tempDir("migrate");
    const before = addonStack(work, "v1");
    const ws = await gapWorkspace(before);
    const emu = ws.emulator;
    try {
      // GIVEN the add-on applied through cloudflare_account_subscription
      install(ws, before);
      await ws.mustRun("init", ["init", ...FLAGS]);
      await ws.mustRun("apply", ["apply", ...FLAGS, "-auto-approve"]);
      const subs = Object.values(emu.state.accountSubscriptions);
      expect(subs).toHaveLength(1);
      const id = subs[0].id;
      expect(ws.readState().byAddress.size).toBeGreaterThan(1);

      // WHEN it gains 80 seats
      const after = addonStack(work, "v2", 80);
      install(ws, after);
      await ws.mustRun("init", ["init", ...FLAGS]);
      const from = emu.requests.entries.length;
      const run = await ws.mustRun("apply", [
        "apply",
        ...FLAGS,
        "-auto-approve",
      ]);

      // THEN Terraform forgets the provider resource, the gap resource
      // adopts the subscription and PUTs the seats: no DELETE, no POST
      expect(run.stdout).toContain("will no longer be managed by Terraform");
      const writes = emu.requests.entries
        .slice(from)
        .filter((e) => e.method !== "GET")
        .map((e) => `${e.method} ${e.path}`);
      expect(writes).toEqual([
        `PUT /accounts/${subs[0].ownerId}/subscriptions/${id}`,
      ]);
      expect(Object.values(emu.state.accountSubscriptions)).toEqual([
        expect.objectContaining({
          id,
          componentValues: [{ name: "users", value: 80 }],
        }),
      ]);
      const types = [...ws.readState().byAddress.values()].map((r) => r.type);
      expect(types).not.toContain("cloudflare_account_subscription");
      const noop = await ws.terraform("plan (empty)", [
        "plan",
        ...FLAGS,
        "-detailed-exitcode",
      ]);
      expect(noop.exitCode).toBe(0);
    } finally {
      await ws.close();
    }
  });
});
