/**
 * The benchmark's customers: the same N customers for every case, so that
 * the library's constructs and the raw provider classes synthesize the same
 * resources. Each customer has one account, one member, one zone on a paid
 * partner plan and one add-on: five provider resources.
 */

/** The administrator role id, as Cloudflare defines it. */
export const ADMINISTRATOR_ROLE = "05784afa30c1afe1440e79d9351c7430";

/** The zone plan every benchmark zone is on (accepted by provider 5.14). */
export const ZONE_PLAN = "PARTNERS_PRO";

/** The add-on every benchmark customer subscribes to. */
export const ADDON_PLAN = "PARTNERS_ACCESS_BASIC";

/** One benchmark customer, in the customers file's shape. */
export interface BenchCustomer {
  readonly key: string;
  readonly name: string;
  readonly abuseContactEmail: string;
  readonly members: { email: string; roles: string[] }[];
  readonly zones: { id: string; name: string; plan: string }[];
  readonly addons: { id: string; ratePlan: string }[];
}

/** The i-th benchmark customer (0-based); the same for every run. */
export function benchCustomer(i: number): BenchCustomer {
  const n = String(i).padStart(5, "0");
  return {
    key: `c${n}`,
    name: `Customer ${n}`,
    abuseContactEmail: `abuse@customer${n}.example`,
    members: [
      { email: `admin@customer${n}.example`, roles: [ADMINISTRATOR_ROLE] },
    ],
    zones: [{ id: "web", name: `customer${n}.example`, plan: ZONE_PLAN }],
    addons: [{ id: "access", ratePlan: ADDON_PLAN }],
  };
}

/** The first n benchmark customers. */
export function benchCustomers(n: number): BenchCustomer[] {
  const customers: BenchCustomer[] = [];
  for (let i = 0; i < n; i++) {
    customers.push(benchCustomer(i));
  }
  return customers;
}
