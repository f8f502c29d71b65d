/**
 * An add-on that the provider made gains component values: the stack moves
 * it to the gap resource without cancelling the paid subscription.
 */
import { TerraformStack } from "cdktf";
import * as path from "node:path";
import {
  AddonPlan,
  ManagedCustomer,
  retireAddonSubscription,
  TenantProvider,
} from "../../src";
import {
  CYCLE_TIMEOUT_MS,
  describeWithTerraform,
} from "../conformance/support";
import { tempDir } from "./support";
import { gapWorkspace, install, synthInto } from "./terraform";

const FLAGS = ["-no-color", "-input=false"];

function addonStack(work: string, name: string, seats?: number | "retired") {
  return synthInto(path.join(work, name), "migrate", (app, stackName) => {
    const s = new TerraformStack(app, stackName);
    new TenantProvider(s, "Cloudflare");
    const customer = new ManagedCustomer(s, "Customer", {
      name: "Migrate Ltd",
      allowDestroy: true,
    });
    if (seats === "retired") {
      retireAddonSubscription(customer, "ZeroTrust");
    } else {
      customer.addAddon("ZeroTrust", {
        ratePlan: AddonPlan.TEAMS_ENT,
        componentValues: seats === undefined ? undefined : { users: seats },
      });
    }
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

  it("cancels a gap add-on that was removed from the code and retired", async () => {
    const work = tempDir("retire");
    const before = addonStack(work, "v1", 75);
    const ws = await gapWorkspace(before);
    const emu = ws.emulator;
    try {
      // GIVEN a gap add-on, applied
      install(ws, before);
      await ws.mustRun("init", ["init", ...FLAGS]);
      await ws.mustRun("apply", ["apply", ...FLAGS, "-auto-approve"]);
      const [sub] = Object.values(emu.state.accountSubscriptions);
      expect(sub.componentValues).toEqual([{ name: "users", value: 75 }]);

      // WHEN the add-on is removed from the code and retired in its place
      const after = addonStack(work, "v2", "retired");
      install(ws, after);
      const run = await ws.mustRun("apply", [
        "apply",
        ...FLAGS,
        "-auto-approve",
      ]);

      // THEN the subscription is cancelled, as destroy would have done
      expect(run.stdout).toContain("cancelled subscription");
      expect(emu.requests.filter("DELETE")).toEqual([
        expect.objectContaining({
          path: `/accounts/${sub.ownerId}/subscriptions/${sub.id}`,
        }),
      ]);
      expect(Object.values(emu.state.accountSubscriptions)).toHaveLength(0);
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
