/**
 * An apply whose runner is killed half-way, under the real terraform
 * binary: the next apply converges on one subscription.
 */
import { TerraformStack } from "cdktf";
import * as path from "node:path";
import { AddonPlan, ManagedCustomer, TenantProvider } from "../../src";
import {
  CYCLE_TIMEOUT_MS,
  describeWithTerraform,
} from "../conformance/support";
import { tempDir, waitFor } from "./support";
import { gapWorkspace, install, processesWith, synthInto } from "./terraform";

const FLAGS = ["-no-color", "-input=false"];

describeWithTerraform("a gap apply killed half-way", () => {
  jest.setTimeout(CYCLE_TIMEOUT_MS);

  it("leaves one subscription after the runner is killed after its POST and apply runs again", async () => {
    // GIVEN a customer with an add-on that has component values
    const stack = synthInto(
      path.join(tempDir("rerun"), "cdktf.out"),
      "rerun",
      (app, name) => {
        const s = new TerraformStack(app, name);
        new TenantProvider(s, "Cloudflare");
        new ManagedCustomer(s, "Customer", {
          name: "Rerun Ltd",
          allowDestroy: true,
        }).addAddon("LoadBalancing", {
          ratePlan: AddonPlan.PARTNERS_LOAD_BALANCING,
          componentValues: { endpoints: 5 },
        });
        return s;
      },
    );
    const ws = await gapWorkspace(stack);
    const emu = ws.emulator;
    try {
      install(ws, stack);
      await ws.mustRun("init", ["init", ...FLAGS]);
      // WHEN the emulator holds the add-on's POST and the runner is killed
      // while it waits for the answer
      const fault = emu.injectFault({
        kind: "latency",
        ms: 3000,
        match: { method: "POST", path: "/accounts/*/subscriptions" },
        count: 1,
      });
      const posts = () =>
        emu.requests.filter("POST", /^\/accounts\/[0-9a-f]+\/subscriptions$/);
      const apply = ws.terraform("apply (killed)", [
        "apply",
        ...FLAGS,
        "-auto-approve",
      ]);
      await waitFor(() => posts().length === 1, 60_000, "the runner's POST");
      const runners = processesWith("cftenant-gaps-runner.js", ws.dir);
      expect(runners.length).toBeGreaterThan(0);
      for (const pid of runners) process.kill(pid, "SIGKILL");
      const killed = await apply;
      expect(killed.exitCode).not.toBe(0);
      await waitFor(
        () => Object.keys(emu.state.accountSubscriptions).length === 1,
        10_000,
        "the held POST to land",
      );
      fault.remove();
      expect(JSON.stringify(ws.readState().resources)).toContain(
        "GapSubscription_Lifecycle",
      );

      // THEN applying again adopts the subscription instead of buying another
      const again = await ws.mustRun("apply again", [
        "apply",
        ...FLAGS,
        "-auto-approve",
      ]);
      expect(again.stdout).toContain("is tainted, so must be replaced");
      expect(again.stdout).toContain("is already as declared");
      const subs = Object.values(emu.state.accountSubscriptions);
      expect(subs).toHaveLength(1);
      expect(subs[0]).toMatchObject({
        ratePlanId: "PARTNERS_LOAD_BALANCING",
        componentValues: [{ name: "endpoints", value: 5 }],
      });
      expect(posts()).toHaveLength(1);
      const noop = await ws.terraform("plan (empty)", [
        "plan",
        ...FLAGS,
        "-detailed-exitcode",
      ]);
      expect(noop.exitCode).toBe(0);

      // AND destroy cancels it
      await ws.mustRun("destroy", ["destroy", ...FLAGS, "-auto-approve"]);
      expect(Object.values(emu.state.accountSubscriptions)).toHaveLength(0);
    } finally {
      await ws.close();
    }
  });
});
