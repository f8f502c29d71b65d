import { runFleet } from "./fixtures/run-fleet";

describe("CustomerFleet at scale", () => {
  it("synthesizes 10,000 customers in stacks of 500 in one process with Node's default heap", async () => {
    const run = await runFleet([
      "10000",
      "--capacity",
      "10000",
      "--stack-size",
      "500",
    ]);
    expect(run.stacks).toBe(24);
    let accounts = 0;
    for (const text of run.json.values()) {
      const tf = JSON.parse(text);
      const inStack = Object.keys(tf.resource.cloudflare_account).length;
      expect(inStack).toBeLessThanOrEqual(500);
      accounts += inStack;
    }
    expect(accounts).toBe(10000);
    // Well under the smallest default heap a 64-bit Node 20 picks (about
    // 2 GB on a machine with 8 GB of memory).
    expect(run.maxRssMb).toBeLessThan(2048);
  }, 240_000);
});
