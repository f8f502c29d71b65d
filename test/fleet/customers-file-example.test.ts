import { Testing } from "cdktf";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CUSTOMERS_FILE,
  buildCustomersApp,
} from "../../examples/customers-file/fleet";
import { CustomersFileError } from "../../src";
import { checkStack } from "../support/provider-schema";

describe("examples/customers-file", () => {
  it("builds every customer of customers.json into the stack its key picks", () => {
    const fleet = buildCustomersApp(Testing.app());
    expect(fleet.shardCount).toBe(12);
    const keys = fleet.stacks.flatMap((s) => s.customers.map((c) => c.node.id));
    expect(keys.sort()).toEqual([
      "acme-ltd",
      "globex",
      "initech",
      "umbrella-42",
    ]);
    expect(fleet.customer("globex")?.zones.map((z) => z.name)).toEqual([
      "globex.example",
      "globex-cdn.example",
    ]);
  });

  it("passes the provider schema check in every stack", () => {
    const fleet = buildCustomersApp(Testing.app());
    for (const stack of fleet.stacks) {
      const { pinErrors, results } = checkStack(
        JSON.parse(Testing.synth(stack)),
      );
      expect(pinErrors).toEqual([]);
      for (const result of results) expect(result.errors).toEqual([]);
    }
  });

  it("throws pointing at the file, entry and field of a plan outside the catalog", () => {
    const dir = mkdtempSync(join(tmpdir(), "customers-example-"));
    try {
      const data = JSON.parse(readFileSync(CUSTOMERS_FILE, "utf8"));
      data.customers[1].zones[0].plan = "PARTNERS_XYZ";
      const file = join(dir, "customers.json");
      writeFileSync(file, JSON.stringify(data));
      let error: unknown;
      try {
        buildCustomersApp(Testing.app(), file);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CustomersFileError);
      expect((error as Error).message).toContain(
        `${file}: customers[1].zones[0].plan: prop "plan" "PARTNERS_XYZ" is not a zone plan of the catalog.`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
