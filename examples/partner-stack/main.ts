import { App } from "cdktf";
import { lookupProgressReporter, synthWithLookups } from "../../src";
import { PartnerStack } from "./stack";

// The stack looks up tenant units and a role by name. synthWithLookups
// answers them from cdktf-tenant.lookups.json (beside cdktf.json), fetches
// any missing one when API credentials are set (never in CI), and then
// synthesizes. It may call the builder more than once, so the builder makes
// the whole app from scratch each time.
synthWithLookups(
  () => {
    const app = new App();
    new PartnerStack(app, "partner");
    return app;
  },
  { onProgress: lookupProgressReporter((line) => process.stderr.write(line)) },
).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
