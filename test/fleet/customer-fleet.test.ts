import { App, S3Backend, TerraformStack, Testing, Tokenization } from "cdktf";
import {
  CustomerFleet,
  CustomerFleetProps,
  CustomersFile,
  CustomersFileError,
  FleetCustomer,
  FleetError,
  shardOf,
} from "../../src";

function customers(n: number, prefix = "c"): FleetCustomer[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `${prefix}${i}`,
    name: `Customer ${i}`,
    members: [{ email: `admin@${prefix}${i}.example` }],
    zones: [{ name: `${prefix}${i}.example`, plan: "PARTNERS_PRO" }],
    addons: [{ id: "access", ratePlan: "PARTNERS_ACCESS_BASIC" }],
  }));
}

function fleet(props: Partial<CustomerFleetProps> = {}) {
  const app = Testing.app();
  const f = new CustomerFleet(app, "customers", {
    customers: customers(20),
    shards: 4,
    ...props,
  });
  return { app, fleet: f };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function json(stack: TerraformStack): Record<string, any> {
  return JSON.parse(Testing.synth(stack));
}

function thrown<T extends Error>(
  type: abstract new (...args: never[]) => T,
  fn: () => unknown,
): T {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error("expected an error, none was thrown");
}

describe("CustomerFleet", () => {
  it("places every customer in the stack its key hashes to", () => {
    const { fleet: f } = fleet();
    expect(f.stacks.map((s) => s.stackName)).toEqual([
      "customers-00",
      "customers-01",
      "customers-02",
      "customers-03",
    ]);
    for (let i = 0; i < 20; i++) {
      expect(f.stackOf(`c${i}`)?.shard).toBe(shardOf(`c${i}`, 4));
    }
    const total = f.stacks.reduce((n, s) => n + s.customers.length, 0);
    expect(total).toBe(20);
  });

  it("gives every stack its own TenantProvider pinned to the version", () => {
    const { fleet: f } = fleet({ providerVersion: "5.14.0" });
    for (const stack of f.stacks) {
      const tf = json(stack);
      expect(tf.provider.cloudflare).toHaveLength(1);
      expect(tf.terraform.required_providers.cloudflare.version).toBe("5.14.0");
      expect(Object.keys(tf.resource.cloudflare_account ?? {})).toHaveLength(
        stack.customers.length,
      );
    }
  });

  it("creates every stack even while it holds no customer", () => {
    const { fleet: f } = fleet({
      customers: customers(1),
      shards: undefined,
      capacity: 5000,
    });
    expect(f.shardCount).toBe(12);
    expect(f.stacks).toHaveLength(12);
    const empty = f.stacks.find((s) => s.customers.length === 0);
    expect(json(empty as TerraformStack).provider.cloudflare).toHaveLength(1);
  });

  it("gives each stack the backend the factory makes for its name", () => {
    const names: string[] = [];
    const { fleet: f } = fleet({
      backend: (stack, name) => {
        names.push(name);
        return new S3Backend(stack, {
          bucket: "partner-state",
          key: `tenants/${name}.tfstate`,
          region: "eu-central-1",
        });
      },
    });
    expect(names).toEqual(f.stacks.map((s) => s.stackName));
    expect(json(f.stacks[2]).terraform.backend.s3).toEqual({
      bucket: "partner-state",
      key: "tenants/customers-02.tfstate",
      region: "eu-central-1",
    });
  });

  it("keeps cdktf's local backend, one state file per stack, by default", () => {
    const { app, fleet: f } = fleet();
    app.synth();
    expect(json(f.stacks[1]).terraform.backend.local.path).toMatch(
      /terraform\.customers-01\.tfstate$/,
    );
  });

  it("builds the customers of a customers file", () => {
    const file = CustomersFile.parse({ customers: customers(3) }, "x.json");
    const { fleet: f } = fleet({ customers: file });
    const acme = f.customer("c1");
    expect(acme?.zones.map((z) => z.name)).toEqual(["c1.example"]);
    expect(acme?.addons.map((a) => a.ratePlan)).toEqual([
      "PARTNERS_ACCESS_BASIC",
    ]);
    expect(acme?.node.path).toBe(`customers/${f.stackOf("c1")?.stackName}/c1`);
  });

  it("throws pointing at the zone's plan if the plan is not in the catalog", () => {
    const list = customers(20);
    list[17] = {
      ...list[17],
      zones: [{ name: "c17.example", plan: "PARTNERS_XYZ" }],
    };
    const file = CustomersFile.parse({ customers: list }, "customers.json");
    const error = thrown(CustomersFileError, () => fleet({ customers: file }));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain(
      'customers.json: customers[17].zones[0].plan: prop "plan" "PARTNERS_XYZ" is not a zone plan of the catalog.',
    );
    expect(error.message).toMatch(
      /\[unknown-plan at customers\/customers-\d\d\/c17\/c17\.example\]/,
    );
  });

  it("throws pointing at the member if its email is not an address", () => {
    const list = customers(3);
    list[2] = {
      ...list[2],
      members: [{ email: "ok@x.example" }, { email: "nope" }],
    };
    const error = thrown(CustomersFileError, () => fleet({ customers: list }));
    expect(error.problems.map((p) => p.path)).toEqual([
      "customers[2].members[1].email",
    ]);
  });

  it("throws pointing at every bad entry at once", () => {
    const list = customers(5);
    list[1] = { ...list[1], type: "premium" };
    list[3] = { ...list[3], addons: [{ ratePlan: "PARTNERS_PRO" }] };
    const error = thrown(CustomersFileError, () => fleet({ customers: list }));
    expect(error.problems.map((p) => p.path)).toEqual([
      "customers[1].type",
      "customers[3].addons[0].ratePlan",
    ]);
  });

  it("throws if a stack grows past stackSize, naming the stack and the fixes", () => {
    const error = thrown(FleetError, () =>
      fleet({ customers: customers(20), shards: 2, stackSize: 8 }),
    );
    expect(error.code).toBe("fleet-stack-full");
    expect(error.message).toMatch(
      /stack "customers-0[01]" holds \d+ customers, more than stackSize 8\. Fix: raise stackSize \(it is a limit only: raising it moves no customer\); or pin the newest customers/,
    );
  });

  it("says to pin the stack count first if the size came from capacity", () => {
    const error = thrown(FleetError, () =>
      fleet({
        customers: customers(20),
        shards: undefined,
        capacity: 4,
        stackSize: 6,
      }),
    );
    expect(error.message).toContain('replace "capacity" by shards: ');
  });

  it("keeps a pinned customer in the stack it is pinned to", () => {
    const list = customers(4);
    const home = shardOf("c3", 4);
    const other = `customers-0${(home + 1) % 4}`;
    list[3] = { ...list[3], stack: other };
    const { fleet: f } = fleet({ customers: list });
    expect(f.stackOf("c3")?.stackName).toBe(other);
  });

  it("throws if a customer is pinned to a stack the fleet does not have", () => {
    const list = customers(4);
    list[2] = { ...list[2], stack: "customers-09" };
    const error = thrown(CustomersFileError, () => fleet({ customers: list }));
    expect(error.message).toContain(
      'customers: customers[2].stack: "customers-09" is not a stack of this fleet. Fix: pin the customer to one of "customers-00" ... "customers-03"',
    );
  });

  it("records no creation stack for its tokens, and restores Error.captureStackTrace", () => {
    const capture = Error.captureStackTrace;
    const { fleet: f } = fleet();
    expect(Error.captureStackTrace).toBe(capture);
    const token = Tokenization.reverseString(f.customer("c1")?.accountId ?? "");
    expect(token.firstToken?.creationStack).toEqual([]);
  });

  it("restores Error.captureStackTrace when a customer is bad", () => {
    const capture = Error.captureStackTrace;
    const list = customers(2);
    list[1] = { ...list[1], zones: [{ name: "not a zone" }] };
    expect(() => fleet({ customers: list })).toThrow(CustomersFileError);
    expect(Error.captureStackTrace).toBe(capture);
  });

  it("throws if both capacity and shards are set", () => {
    const error = thrown(FleetError, () => fleet({ capacity: 100 }));
    expect(error.code).toBe("conflicting-fleet-size");
  });

  it("throws if neither capacity nor shards is set", () => {
    const error = thrown(FleetError, () => fleet({ shards: undefined }));
    expect(error.message).toContain(
      '[cdktf-cloudflare-tenant:missing-fleet-capacity] customers: set exactly one of the props "capacity"',
    );
  });

  it("throws if stackSize is not a positive integer", () => {
    const error = thrown(FleetError, () => fleet({ stackSize: 0 }));
    expect(error.message).toContain(
      'prop "stackSize" must be a positive integer, but is 0',
    );
  });

  it("throws if created inside a stack", () => {
    const stack = new TerraformStack(new App(), "main");
    const error = thrown(
      FleetError,
      () => new CustomerFleet(stack, "customers", { customers: [], shards: 1 }),
    );
    expect(error.code).toBe("fleet-scope-not-app");
  });

  it("throws if one of its stack names is already taken", () => {
    const app = Testing.app();
    new TerraformStack(app, "customers-01");
    const error = thrown(
      FleetError,
      () => new CustomerFleet(app, "customers", { customers: [], shards: 2 }),
    );
    expect(error.message).toContain('stack name "customers-01" is already');
  });
});
