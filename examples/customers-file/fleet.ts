import { App } from "cdktf";
import { join } from "node:path";
import { CustomerFleet, CustomersFile } from "../../src";

/** The customers file beside this example. */
export const CUSTOMERS_FILE = join(__dirname, "customers.json");

/**
 * A reseller's customers, as its sales system writes them into
 * customers.json, spread over stacks of at most 500 customers.
 *
 * `capacity` is the most customers this fleet is planned for: with
 * `stackSize` it fixes the number of stacks (12 here), and so which stack
 * every customer lives in. Never change either once deployed.
 *
 * Each stack keeps cdktf's local backend (`terraform.<stack>.tfstate`);
 * pass `backend: (stack, name) => new S3Backend(stack, {...})` for shared
 * state (docs/fleet.md).
 */
export function buildCustomersApp(
  app: App,
  file: string = CUSTOMERS_FILE,
): CustomerFleet {
  return new CustomerFleet(app, "customers", {
    customers: CustomersFile.load(file),
    capacity: 5000,
    stackSize: 500,
  });
}
