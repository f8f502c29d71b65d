import { FleetRun, runFleet } from "./fixtures/run-fleet";

/**
 * Each synthesis runs in its own node process, as a user's `cdktf synth`
 * does, and the per-stack JSON files are compared byte for byte.
 */
function changedStacks(a: FleetRun, b: FleetRun): string[] {
  expect([...b.json.keys()].sort()).toEqual([...a.json.keys()].sort());
  return [...a.json.keys()]
    .filter((name) => a.json.get(name) !== b.json.get(name))
    .sort();
}

describe("CustomerFleet placement", () => {
  let base: FleetRun;
  let added: FleetRun;
  let removed: FleetRun;
  beforeAll(async () => {
    const fleet = ["--capacity", "2000", "--stack-size", "500"];
    [base, added] = await Promise.all([
      runFleet(["2000", ...fleet]),
      runFleet(["2000", ...fleet, "--add", "newcomer"]),
    ]);
    removed = await runFleet(["2000", ...fleet, "--remove", "700"]);
  }, 240_000);

  it("spreads 2,000 customers over 5 stacks of at most 500", () => {
    expect([...base.json.keys()].sort()).toEqual([
      "customers-00",
      "customers-01",
      "customers-02",
      "customers-03",
      "customers-04",
    ]);
    for (const text of base.json.values()) {
      const accounts = JSON.parse(text).resource.cloudflare_account;
      expect(Object.keys(accounts).length).toBeLessThanOrEqual(500);
    }
  });

  it("changes exactly one stack's JSON when a customer is added to a 2,000-customer fleet", () => {
    const changed = changedStacks(base, added);
    expect(changed).toHaveLength(1);
    expect(added.json.get(changed[0])).toContain("newcomer.example");
    expect(base.json.get(changed[0])).not.toContain("newcomer.example");
  });

  it("changes exactly one stack's JSON when a customer is removed", () => {
    const changed = changedStacks(base, removed);
    expect(changed).toHaveLength(1);
    expect(base.json.get(changed[0])).toContain("customer-00700.example");
    expect(removed.json.get(changed[0])).not.toContain(
      "customer-00700.example",
    );
  });
});
