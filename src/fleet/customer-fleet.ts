import { TerraformStack } from "cdktf";
import type { TerraformBackend } from "cdktf";
import { Construct } from "constructs";
import { AddonSubscription } from "../addon-subscription";
import type { AddonSubscriptionOptions } from "../addon-subscription";
import type { AccountType } from "../catalog/account-types";
import type { PartnerProgram } from "../catalog/zone-plans";
import { CustomerZone } from "../customer-zone";
import type { CustomerZoneOptions } from "../customer-zone";
import { TenantValidationError } from "../errors";
import { ManagedCustomer } from "../managed-customer";
import { TenantProvider } from "../tenant-provider";
import type {
  CloudflareProviderVersion,
  TenantProviderProps,
} from "../tenant-provider";
import { CustomersFile } from "./customers-file";
import type { FleetCustomer } from "./customers-file";
import {
  CustomersFileError,
  CustomersFileProblem,
  bothCapacityAndShards,
  fileMessages,
  invalidCount,
  missingCapacity,
  notAnApp,
  stackNameTaken,
  stackOverflow,
} from "./errors";
import { shardName, shardOf, shardsFor } from "./placement";
import { withoutTokenStackTraces } from "./token-stack-traces";

/**
 * Makes the backend of one fleet stack: create it in `stack` (for example
 * `new S3Backend(stack, { ..., key: `tenants/${stackName}.tfstate` })`).
 */
export type FleetBackendFactory = (
  stack: TerraformStack,
  stackName: string,
) => TerraformBackend | void;

/** Props of {@link CustomerFleet}. */
export interface CustomerFleetProps {
  /**
   * The customers: a checked {@link CustomersFile}, or a list given in code
   * (checked the same way).
   */
  readonly customers: CustomersFile | readonly FleetCustomer[];
  /**
   * The most customers one stack may hold. A stack past it fails synthesis
   * with an error that says how to fix it.
   *
   * @default 500
   */
  readonly stackSize?: number;
  /**
   * The most customers the fleet is planned to hold. With `stackSize` it
   * fixes the number of stacks ({@link shardsFor}), and so where every
   * customer lives: never change it after the first deploy. Give this or
   * `shards`.
   *
   * @default - `shards` must be given
   */
  readonly capacity?: number;
  /**
   * The number of stacks, given directly. Never change it after the first
   * deploy. Unlike `capacity`, it keeps every customer in place when
   * `stackSize` changes. Give this or `capacity`.
   *
   * @default - derived from `capacity` and `stackSize`
   */
  readonly shards?: number;
  /**
   * Makes each stack's backend, so that every stack has its own state.
   *
   * @default - cdktf's local backend: `terraform.<stack name>.tfstate`
   */
  readonly backend?: FleetBackendFactory;
  /**
   * The provider version every stack pins.
   *
   * @default "5.22.0"
   */
  readonly providerVersion?: CloudflareProviderVersion;
  /**
   * Other settings of each stack's TenantProvider (base URL, user agent
   * suffix). `providerVersion` above wins over the one given here.
   *
   * @default - TenantProvider's defaults
   */
  readonly providerProps?: TenantProviderProps;
}

/** One stack of a fleet, with its provider and its customers. */
export class FleetStack extends TerraformStack {
  /** The stack's index in the fleet, from 0. */
  public readonly shard: number;
  /** The stack's TenantProvider. */
  public readonly provider: TenantProvider;

  private readonly _customers: ManagedCustomer[] = [];

  constructor(
    scope: Construct,
    id: string,
    shard: number,
    providerProps: TenantProviderProps,
  ) {
    super(scope, id);
    this.shard = shard;
    this.provider = new TenantProvider(this, "cloudflare", providerProps);
  }

  /** The stack's name, as `cdktf deploy` and cdktf.out/stacks know it. */
  public get stackName(): string {
    return this.node.id;
  }

  /** The customers placed in this stack, in the order they were given. */
  public get customers(): readonly ManagedCustomer[] {
    return this._customers;
  }

  /** @internal Called by CustomerFleet. */
  public _addCustomer(customer: ManagedCustomer): void {
    this._customers.push(customer);
  }
}

const DEFAULT_STACK_SIZE = 500;

/**
 * Many customers spread over many stacks, each with its own state, its own
 * backend and its own TenantProvider, so that no plan holds thousands of
 * accounts and `cdktf deploy` (or a pipeline's parallel jobs) can work on
 * the stacks side by side.
 *
 * Placement is stable: a customer's stack depends only on its key and the
 * fleet's fixed number of stacks, so adding or removing a customer changes
 * exactly one stack. The number of stacks comes from `capacity` and
 * `stackSize` (or from `shards`) and must never change once deployed: a
 * new count moves most customers to other stacks, whose state does not
 * hold them. docs/fleet.md explains the choice.
 *
 * Stacks are named `<id>-00`, `<id>-01`, ... and always all exist, even
 * while empty, so that removing the last customer of a stack still
 * reaches Terraform.
 *
 * Problems in the customers are reported all at once, each pointing at its
 * entry and field (`customers.json: customers[17].zones[0].plan: ...`); the
 * constructs' own checks are reused, and their errors re-pointed.
 */
export class CustomerFleet extends Construct {
  /** The most customers one stack may hold. */
  public readonly stackSize: number;
  /** The number of stacks. */
  public readonly shardCount: number;
  /** The stacks, by index. */
  public readonly stacks: readonly FleetStack[];

  private readonly byKey = new Map<string, ManagedCustomer>();
  private readonly stackByKey = new Map<string, FleetStack>();

  constructor(scope: Construct, id: string, props: CustomerFleetProps) {
    super(scope, id);
    const path = this.node.path;

    if (insideStack(scope)) throw notAnApp(path);
    const stackSize = props.stackSize ?? DEFAULT_STACK_SIZE;
    checkCount(path, "stackSize", stackSize, "e.g. stackSize: 500.");
    if (props.capacity !== undefined && props.shards !== undefined) {
      throw bothCapacityAndShards(path);
    }
    if (props.shards !== undefined) {
      checkCount(path, "shards", props.shards, "e.g. shards: 24.");
    } else if (props.capacity !== undefined) {
      checkCount(path, "capacity", props.capacity, "e.g. capacity: 10000.");
    } else {
      throw missingCapacity(path);
    }
    const shards = props.shards ?? shardsFor(props.capacity ?? 1, stackSize);
    const file =
      props.customers instanceof CustomersFile
        ? props.customers
        : CustomersFile.fromCustomers(props.customers);

    const names = Array.from({ length: shards }, (_, i) =>
      shardName(id, i, shards),
    );
    const placement = place(file, names, shards);
    checkStackSizes(path, placement, names, stackSize, props, shards);
    checkStackNames(this, names);

    const providerProps: TenantProviderProps = {
      ...props.providerProps,
      providerVersion:
        props.providerVersion ?? props.providerProps?.providerVersion,
    };
    const stacks = names.map((name, i) => {
      const stack = new FleetStack(this, name, i, providerProps);
      props.backend?.(stack, name);
      return stack;
    });

    const problems: CustomersFileProblem[] = [];
    const build = () => {
      // A plain loop, and constructs created directly rather than through
      // helpers: cdktf captures the whole call stack for every token, so
      // each frame less is measurably cheaper (docs/benchmarks.md).
      const customers = file.customers;
      for (let i = 0; i < customers.length; i++) {
        const customer = customers[i];
        const stack = stacks[placement[i]];
        const built = buildCustomer(stack, customer, i, problems);
        if (built !== undefined) {
          stack._addCustomer(built);
          this.byKey.set(customer.key, built);
          this.stackByKey.set(customer.key, stack);
        }
      }
    };
    // Without cdktf's per-token creation stacks, as ManagedCustomer does:
    // they are most of a large tree's memory (withoutTokenStackTraces).
    withoutTokenStackTraces(build);
    if (problems.length > 0) {
      throw new CustomersFileError(file.source, problems);
    }

    this.stackSize = stackSize;
    this.shardCount = shards;
    this.stacks = stacks;
  }

  /** The customer with this key, if the fleet has it. */
  public customer(key: string): ManagedCustomer | undefined {
    return this.byKey.get(key);
  }

  /** The stack that holds the customer with this key, if any. */
  public stackOf(key: string): FleetStack | undefined {
    return this.stackByKey.get(key);
  }
}

function insideStack(scope: Construct): boolean {
  return scope.node.scopes.some((s) => TerraformStack.isStack(s));
}

function checkCount(path: string, prop: string, value: number, fix: string) {
  if (!Number.isInteger(value) || value < 1) {
    throw invalidCount(path, prop, value, fix);
  }
}

/** The stack index of every customer, in file order. */
function place(
  file: CustomersFile,
  names: readonly string[],
  shards: number,
): number[] {
  const problems: CustomersFileProblem[] = [];
  const placement = file.customers.map((customer, i) => {
    if (customer.stack === undefined) return shardOf(customer.key, shards);
    const pinned = names.indexOf(customer.stack);
    if (pinned < 0) {
      problems.push({
        path: `customers[${i}].stack`,
        message: fileMessages.unknownStack(
          customer.stack,
          names[0],
          names[names.length - 1],
        ),
      });
    }
    return pinned;
  });
  if (problems.length > 0) throw new CustomersFileError(file.source, problems);
  return placement;
}

function checkStackSizes(
  path: string,
  placement: readonly number[],
  names: readonly string[],
  stackSize: number,
  props: CustomerFleetProps,
  shards: number,
): void {
  const counts = new Array<number>(names.length).fill(0);
  for (const shard of placement) counts[shard]++;
  const full = counts.findIndex((c) => c > stackSize);
  if (full < 0) return;
  const roomiest = counts.indexOf(Math.min(...counts));
  throw stackOverflow(
    path,
    names[full],
    counts[full],
    stackSize,
    props.shards !== undefined,
    shards,
    names[roomiest],
    counts[roomiest],
  );
}

function checkStackNames(fleet: Construct, names: readonly string[]): void {
  const root = fleet.node.root;
  const wanted = new Set(names);
  for (const construct of root.node.findAll()) {
    if (TerraformStack.isStack(construct) && wanted.has(construct.node.id)) {
      throw stackNameTaken(fleet.node.path, construct.node.id);
    }
  }
}

/**
 * Builds one customer with the constructs, turning their errors into
 * problems that point at the entry and, where the error names it, the
 * field.
 */
function buildCustomer(
  stack: FleetStack,
  entry: FleetCustomer,
  index: number,
  problems: CustomersFileProblem[],
): ManagedCustomer | undefined {
  const at = `customers[${index}]`;
  let customer: ManagedCustomer;
  try {
    customer = new ManagedCustomer(stack, entry.key, {
      name: entry.name,
      type: entry.type as AccountType | undefined,
      unitId: entry.unitId,
      enforceTwoFactor: entry.enforceTwoFactor,
      abuseContactEmail: entry.abuseContactEmail,
      allowDestroy: entry.allowDestroy,
      partnerProgram: entry.partnerProgram as PartnerProgram | undefined,
      members: entry.members?.map((m) => ({
        email: m.email,
        roles: m.roles === undefined ? undefined : [...m.roles],
      })),
    });
  } catch (err) {
    problems.push(repoint(err, at, customerField(err, entry)));
    return undefined;
  }
  let ok = true;
  const zones = entry.zones ?? [];
  for (let j = 0; j < zones.length; j++) {
    const zone = zones[j];
    try {
      // What customer.addZone does, one stack frame shorter.
      new CustomerZone(customer, zone.id ?? zone.name, {
        customer,
        name: zone.name,
        plan: zone.plan,
        frequency: zone.frequency as CustomerZoneOptions["frequency"],
        type: zone.type as CustomerZoneOptions["type"],
        allowUncataloguedPlan: zone.allowUncataloguedPlan,
      });
    } catch (err) {
      problems.push(repoint(err, `${at}.zones[${j}]`, propOf(err)));
      ok = false;
    }
  }
  const addons = entry.addons ?? [];
  for (let j = 0; j < addons.length; j++) {
    const addon = addons[j];
    try {
      // What customer.addAddon does, one stack frame shorter.
      new AddonSubscription(customer, addon.id ?? addon.ratePlan, {
        customer,
        ratePlan: addon.ratePlan,
        frequency: addon.frequency as AddonSubscriptionOptions["frequency"],
        allowUncataloguedPlan: addon.allowUncataloguedPlan,
      });
    } catch (err) {
      problems.push(repoint(err, `${at}.addons[${j}]`, propOf(err)));
      ok = false;
    }
  }
  return ok ? customer : undefined;
}

/** The prop a construct error names (`prop "plan" ...`), if any. */
function propOf(err: unknown): string | undefined {
  const message = err instanceof Error ? err.message : "";
  return /prop "([A-Za-z]+)"/.exec(message)?.[1];
}

/** The field of a customer entry that a ManagedCustomer error is about. */
function customerField(err: unknown, entry: FleetCustomer): string | undefined {
  const prop = propOf(err);
  if (prop !== undefined && prop !== "email" && prop !== "roles") return prop;
  const message = err instanceof Error ? err.message : "";
  const members = entry.members ?? [];
  const j = members.findIndex((m) => message.includes(JSON.stringify(m.email)));
  if (j < 0) return prop;
  return prop === undefined ? `members[${j}]` : `members[${j}].${prop}`;
}

function repoint(
  err: unknown,
  at: string,
  field: string | undefined,
): CustomersFileProblem {
  const path = field === undefined ? at : `${at}.${field}`;
  if (err instanceof TenantValidationError) {
    const marker = `${err.constructPath}: `;
    const start = err.message.indexOf(marker);
    const text =
      start < 0 ? err.message : err.message.slice(start + marker.length);
    return {
      path,
      message: `${text} [${err.code} at ${err.constructPath}]`,
    };
  }
  if (err instanceof Error) {
    return { path, message: err.message };
  }
  throw err;
}
