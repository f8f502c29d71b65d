/**
 * Every error text of the fleet and the customers file, in one place.
 *
 * Customers-file problems point at the entry and the field
 * (`customers.json: customers[17].zones[0].plan: ...`); fleet errors name
 * the fleet's construct path, the prop, the value and the fix.
 */
import { q } from "../errors";

const NAMESPACE = "cdktf-cloudflare-tenant";

/** How many problems a CustomersFileError lists before it stops. */
const MAX_LISTED = 25;

/** One problem in a customers file: where it is and what is wrong. */
export interface CustomersFileProblem {
  /** The field, e.g. `customers[17].zones[0].plan`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/**
 * A customers file (or a list of fleet customers) that cannot be used.
 * Lists every problem found, each as `<source>: <path>: <message>`.
 */
export class CustomersFileError extends Error {
  /** The file (or label) the customers came from. */
  public readonly source: string;
  /** Every problem found, in file order. */
  public readonly problems: readonly CustomersFileProblem[];

  constructor(source: string, problems: readonly CustomersFileProblem[]) {
    const lines = problems
      .slice(0, MAX_LISTED)
      .map((p) => `${source}: ${p.path}: ${p.message}`);
    if (problems.length > MAX_LISTED) {
      lines.push(`... and ${problems.length - MAX_LISTED} more problems.`);
    }
    const count =
      problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(
      `[${NAMESPACE}:invalid-customers] ${source} has ${count}:\n` +
        lines.join("\n"),
    );
    this.name = "CustomersFileError";
    this.source = source;
    this.problems = problems;
  }
}

/** A misuse of CustomerFleet, thrown from its constructor. */
export class FleetError extends Error {
  /** A stable identifier of the kind of mistake. */
  public readonly code: string;

  constructor(code: string, path: string, message: string) {
    super(`[${NAMESPACE}:${code}] ${path}: ${message}`);
    this.name = "FleetError";
    this.code = code;
  }
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object"
    ? "an object"
    : `${typeof value} ${q(value)}`;
}

// ---- customers file -------------------------------------------------------

export const fileMessages = {
  unreadable: (reason: string) =>
    `cannot be read (${reason}). Fix: check the path; it is resolved against the current directory.`,
  notJson: (reason: string) =>
    `is not valid JSON (${reason}). Fix: correct the syntax at that position; the file must be one JSON object.`,
  unsupportedExtension: (ext: string) =>
    `has the extension ${q(ext)}; only .json customers files are read. Fix: write the customers as JSON (YAML needs a parser the library does not ship: parse it yourself and pass the object to CustomersFile.parse).`,
  notObject: (value: unknown) =>
    `must be an object with a "customers" array, but is ${typeOf(value)}. Fix: write { "customers": [ ... ] }.`,
  missingCustomers: () =>
    `has no "customers" array. Fix: add "customers": [ { "key": ..., "name": ... } ].`,
  unsupportedVersion: (value: unknown) =>
    `${q(value)} is not a supported version. Fix: write "version": 1 or leave it out.`,
  wrongType: (expected: string, value: unknown) =>
    `must be ${expected}, but is ${typeOf(value)}.`,
  required: (field: string, example: string) =>
    `is missing its "${field}". Fix: add "${field}": ${example}.`,
  unknownField: (field: string, known: readonly string[], close?: string) =>
    `${q(field)} is not a field here${close ? `; did you mean ${q(close)}?` : "."} Fix: use one of ${known.map((k) => q(k)).join(", ")}.`,
  badKey: (key: string) =>
    `${q(key)} is not a valid customer key. Fix: use 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit; the key is the customer's construct id and must never change.`,
  duplicateKey: (key: string, firstPath: string) =>
    `${q(key)} is already the key of ${firstPath}. Fix: give every customer its own key (renaming the key of a deployed customer replaces its account, so rename the new one).`,
  duplicateZone: (name: string, firstPath: string) =>
    `${q(name)} is already a zone of ${firstPath}; a zone name can exist only once in a fleet. Fix: remove one of the two.`,
  duplicateChildId: (kind: string, id: string, firstPath: string) =>
    `gives the ${kind} id ${q(id)}, already used by ${firstPath} of the same customer. Fix: give one of them its own "id".`,
  unknownStack: (stack: string, first: string, last: string) =>
    `${q(stack)} is not a stack of this fleet. Fix: pin the customer to one of ${q(first)} ... ${q(last)}, or leave "stack" out to place it by its key.`,
  construct: (message: string) => message,
} as const;

// ---- fleet ----------------------------------------------------------------

export function invalidCount(
  path: string,
  prop: string,
  value: unknown,
  fix: string,
): FleetError {
  return new FleetError(
    "invalid-fleet-size",
    path,
    `prop "${prop}" must be a positive integer, but is ${q(value)}. Fix: ${fix}`,
  );
}

export function missingCapacity(path: string): FleetError {
  return new FleetError(
    "missing-fleet-capacity",
    path,
    `set exactly one of the props "capacity" (the most customers the fleet is planned to hold; it fixes the number of stacks) and "shards" (the number of stacks itself). Fix: add e.g. capacity: 10000, and never change it after the first deploy.`,
  );
}

export function bothCapacityAndShards(path: string): FleetError {
  return new FleetError(
    "conflicting-fleet-size",
    path,
    `props "capacity" and "shards" are both set, but each alone fixes the number of stacks. Fix: keep "shards" (it stays right when stackSize changes) and remove "capacity".`,
  );
}

export function notAnApp(path: string): FleetError {
  return new FleetError(
    "fleet-scope-not-app",
    path,
    `a CustomerFleet creates its own stacks, so its scope must be the App (or a construct outside any stack), but it was created inside a stack. Fix: new CustomerFleet(app, "customers", { ... }).`,
  );
}

export function stackNameTaken(path: string, name: string): FleetError {
  return new FleetError(
    "fleet-stack-name-taken",
    path,
    `the fleet's stack name ${q(name)} is already the name of another stack in the app (stack names must be unique: each is a folder in cdktf.out/stacks). Fix: give the fleet another id, or rename the other stack.`,
  );
}

export function stackOverflow(
  path: string,
  stack: string,
  count: number,
  stackSize: number,
  shardsExplicit: boolean,
  shards: number,
  roomiest: string,
  roomiestCount: number,
): FleetError {
  const raise = shardsExplicit
    ? `raise stackSize (it is a limit only: raising it moves no customer)`
    : `replace "capacity" by shards: ${shards} (the number of stacks the fleet has now) and then raise stackSize; a stackSize change with "capacity" set changes the number of stacks and moves customers`;
  return new FleetError(
    "fleet-stack-full",
    path,
    `stack ${q(stack)} holds ${count} customers, more than stackSize ${stackSize}. ` +
      `Fix: ${raise}; or pin the newest customers of ${q(stack)} to a stack with room with "stack": ${q(roomiest)} (it holds ${roomiestCount}); or start a second fleet with its own id for new customers. Never re-home existing customers by changing capacity or shards: every stack would change.`,
  );
}
