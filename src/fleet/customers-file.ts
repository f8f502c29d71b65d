/**
 * Customers declared as data: a JSON file a partner's sales system can
 * write, checked for its shape with errors that point at the entry and the
 * field, and handed to a CustomerFleet. The constructs check the values
 * (plans, emails, zone names...) when the fleet builds the customers, and
 * the fleet points their errors back at the entry.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import {
  CustomersFileError,
  CustomersFileProblem,
  fileMessages as m,
} from "./errors";

/** A member of a fleet customer's account. */
export interface FleetMember {
  /** The member's email address. */
  readonly email: string;
  /**
   * Role ids.
   *
   * @default - Administrator only
   */
  readonly roles?: readonly string[];
}

/** A zone of a fleet customer. */
export interface FleetZone {
  /**
   * The zone's construct id under its customer.
   *
   * @default - the zone name
   */
  readonly id?: string;
  /** The zone's domain name. */
  readonly name: string;
  /**
   * The zone plan (a ZonePlan id).
   *
   * @default - none: the zone stays on the free plan
   */
  readonly plan?: string;
  /**
   * Billing frequency of the plan.
   *
   * @default "monthly"
   */
  readonly frequency?: string;
  /**
   * How the zone's DNS is set up.
   *
   * @default "full"
   */
  readonly type?: string;
  /**
   * Accept a plan id outside the library's catalog.
   *
   * @default false
   */
  readonly allowUncataloguedPlan?: boolean;
}

/** An add-on subscription of a fleet customer's account. */
export interface FleetAddon {
  /**
   * The add-on's construct id under its customer. Give one (for example
   * "access") to be able to change the rate plan in place later.
   *
   * @default - the rate plan id
   */
  readonly id?: string;
  /** The add-on rate plan (an AddonPlan id). */
  readonly ratePlan: string;
  /**
   * Billing frequency.
   *
   * @default "monthly"
   */
  readonly frequency?: string;
  /**
   * Accept a rate plan id outside the library's catalog.
   *
   * @default false
   */
  readonly allowUncataloguedPlan?: boolean;
}

/**
 * One customer of a fleet: ManagedCustomerProps plus a stable key, with
 * zones and add-ons as data.
 */
export interface FleetCustomer {
  /**
   * The customer's construct id, and what decides its stack. It must never
   * change: a new key is a new construct, and Terraform would replace the
   * real account.
   */
  readonly key: string;
  /** The account name. */
  readonly name: string;
  /**
   * The account type.
   *
   * @default "standard"
   */
  readonly type?: string;
  /**
   * The tenant unit's unit_tag.
   *
   * @default - none
   */
  readonly unitId?: string;
  /**
   * Require two-factor authentication for the account's members.
   *
   * @default false
   */
  readonly enforceTwoFactor?: boolean;
  /**
   * The account's abuse contact.
   *
   * @default - none
   */
  readonly abuseContactEmail?: string;
  /**
   * Allow Terraform to destroy the account.
   *
   * @default false
   */
  readonly allowDestroy?: boolean;
  /**
   * The partner program that restricts the zone plans.
   *
   * @default - any catalogued zone plan
   */
  readonly partnerProgram?: string;
  /**
   * Members of the account.
   *
   * @default - none
   */
  readonly members?: readonly FleetMember[];
  /**
   * Zones of the account.
   *
   * @default - none
   */
  readonly zones?: readonly FleetZone[];
  /**
   * Add-on subscriptions of the account.
   *
   * @default - none
   */
  readonly addons?: readonly FleetAddon[];
  /**
   * Pins the customer to a named stack of the fleet instead of the one its
   * key hashes to: the fix for a stack that is full. A pin, like the key,
   * must never change once deployed.
   *
   * @default - the stack the key hashes to
   */
  readonly stack?: string;
}

/** The key of a customer: what a construct id can hold, and stable. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

type FieldKind = "string" | "boolean" | "array";

const CUSTOMER_FIELDS: Readonly<Record<string, FieldKind>> = {
  key: "string",
  name: "string",
  type: "string",
  unitId: "string",
  enforceTwoFactor: "boolean",
  abuseContactEmail: "string",
  allowDestroy: "boolean",
  partnerProgram: "string",
  members: "array",
  zones: "array",
  addons: "array",
  stack: "string",
};

const MEMBER_FIELDS: Readonly<Record<string, FieldKind>> = {
  email: "string",
  roles: "array",
};

const ZONE_FIELDS: Readonly<Record<string, FieldKind>> = {
  id: "string",
  name: "string",
  plan: "string",
  frequency: "string",
  type: "string",
  allowUncataloguedPlan: "boolean",
};

const ADDON_FIELDS: Readonly<Record<string, FieldKind>> = {
  id: "string",
  ratePlan: "string",
  frequency: "string",
  allowUncataloguedPlan: "boolean",
};

const TOP_FIELDS: Readonly<Record<string, FieldKind>> = {
  $schema: "string",
  version: "string",
  customers: "array",
};

const EXPECTED: Readonly<Record<FieldKind, string>> = {
  string: "a string",
  boolean: "true or false",
  array: "an array",
};

/**
 * A list of fleet customers read from data, with their shape checked.
 *
 * The format is one JSON object:
 *
 * ```json
 * { "version": 1,
 *   "customers": [
 *     { "key": "acme", "name": "Acme Ltd",
 *       "members": [{ "email": "it@acme.example" }],
 *       "zones": [{ "name": "acme.example", "plan": "PARTNERS_PRO" }],
 *       "addons": [{ "id": "access", "ratePlan": "PARTNERS_ACCESS_BASIC" }] }
 *   ] }
 * ```
 */
export class CustomersFile {
  /**
   * Reads and checks a customers file (`.json`). Throws a
   * CustomersFileError that lists every problem, each pointing at its
   * entry and field.
   */
  public static load(path: string): CustomersFile {
    const ext = extname(path).toLowerCase();
    if (ext !== ".json") {
      throw new CustomersFileError(path, [
        { path: "(file)", message: m.unsupportedExtension(ext) },
      ]);
    }
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new CustomersFileError(path, [
        { path: "(file)", message: m.unreadable(reason) },
      ]);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new CustomersFileError(path, [
        { path: "(file)", message: m.notJson((err as Error).message) },
      ]);
    }
    return CustomersFile.parse(data, path);
  }

  /**
   * Checks data already parsed (from JSON, YAML or a database) in the
   * customers file format. `source` names it in errors.
   */
  public static parse(data: unknown, source = "customers"): CustomersFile {
    const problems: CustomersFileProblem[] = [];
    if (!isObject(data)) {
      throw new CustomersFileError(source, [
        { path: "(file)", message: m.notObject(data) },
      ]);
    }
    checkFields(data, "(file)", TOP_FIELDS, problems, ["version"]);
    if (data.version !== undefined && data.version !== 1) {
      problems.push({
        path: "version",
        message: m.unsupportedVersion(data.version),
      });
    }
    if (!Array.isArray(data.customers)) {
      if (data.customers === undefined) {
        problems.push({ path: "(file)", message: m.missingCustomers() });
      }
      throw new CustomersFileError(source, problems);
    }
    const customers = checkCustomers(data.customers, "customers", problems);
    if (problems.length > 0) {
      throw new CustomersFileError(source, problems);
    }
    return new CustomersFile(source, customers);
  }

  /**
   * Checks customers given in code, with the same rules as a file.
   * `source` names them in errors.
   */
  public static fromCustomers(
    customers: readonly FleetCustomer[],
    source = "customers",
  ): CustomersFile {
    return CustomersFile.parse({ customers }, source);
  }

  /** The file (or label) the customers came from. */
  public readonly source: string;
  /** The customers, in file order. */
  public readonly customers: readonly FleetCustomer[];

  private constructor(source: string, customers: readonly FleetCustomer[]) {
    this.source = source;
    this.customers = customers;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): FieldKind | undefined {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) return "array";
  return undefined;
}

/** Checks the fields of one object: known names, right kinds. */
function checkFields(
  value: Record<string, unknown>,
  path: string,
  fields: Readonly<Record<string, FieldKind>>,
  problems: CustomersFileProblem[],
  skip: readonly string[] = [],
): void {
  const known = Object.keys(fields);
  for (const [field, fieldValue] of Object.entries(value)) {
    const kind = fields[field];
    const at = path === "(file)" ? field : `${path}.${field}`;
    if (kind === undefined) {
      problems.push({
        path: at,
        message: m.unknownField(field, known, closest(field, known)),
      });
    } else if (
      !skip.includes(field) &&
      fieldValue !== undefined &&
      kindOf(fieldValue) !== kind
    ) {
      problems.push({
        path: at,
        message: m.wrongType(EXPECTED[kind], fieldValue),
      });
    }
  }
}

function checkCustomers(
  list: readonly unknown[],
  path: string,
  problems: CustomersFileProblem[],
): FleetCustomer[] {
  const keys = new Map<string, string>();
  const zoneNames = new Map<string, string>();
  const customers: FleetCustomer[] = [];
  list.forEach((entry, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(entry)) {
      problems.push({ path: at, message: m.wrongType("an object", entry) });
      return;
    }
    checkFields(entry, at, CUSTOMER_FIELDS, problems);
    const key = entry.key;
    if (key === undefined) {
      problems.push({ path: at, message: m.required("key", '"acme-ltd"') });
    } else if (typeof key === "string") {
      if (!KEY.test(key)) {
        problems.push({ path: `${at}.key`, message: m.badKey(key) });
      } else if (keys.has(key)) {
        problems.push({
          path: `${at}.key`,
          message: m.duplicateKey(key, keys.get(key) as string),
        });
      } else {
        keys.set(key, at);
      }
    }
    if (entry.name === undefined) {
      problems.push({ path: at, message: m.required("name", '"Acme Ltd"') });
    }
    checkList(
      entry.members,
      `${at}.members`,
      MEMBER_FIELDS,
      problems,
      (o, p) => {
        if (o.email === undefined) {
          problems.push({
            path: p,
            message: m.required("email", '"admin@example.com"'),
          });
        }
        if (Array.isArray(o.roles)) {
          o.roles.forEach((role, r) => {
            if (typeof role !== "string") {
              problems.push({
                path: `${p}.roles[${r}]`,
                message: m.wrongType("a role id string", role),
              });
            }
          });
        }
      },
    );
    const childIds = new Map<string, string>();
    checkList(entry.zones, `${at}.zones`, ZONE_FIELDS, problems, (o, p) => {
      if (o.name === undefined) {
        problems.push({
          path: p,
          message: m.required("name", '"example.com"'),
        });
        return;
      }
      if (typeof o.name !== "string") return;
      const folded = o.name.toLowerCase().replace(/\.$/, "");
      const first = zoneNames.get(folded);
      if (first !== undefined) {
        problems.push({
          path: `${p}.name`,
          message: m.duplicateZone(o.name, first),
        });
      } else {
        zoneNames.set(folded, p);
      }
      checkChildId(childIds, "zone", o.id ?? o.name, p, problems);
    });
    checkList(entry.addons, `${at}.addons`, ADDON_FIELDS, problems, (o, p) => {
      if (o.ratePlan === undefined) {
        problems.push({
          path: p,
          message: m.required("ratePlan", '"PARTNERS_ACCESS_BASIC"'),
        });
        return;
      }
      checkChildId(childIds, "add-on", o.id ?? o.ratePlan, p, problems);
    });
    customers.push(entry as unknown as FleetCustomer);
  });
  return customers;
}

function checkList(
  value: unknown,
  path: string,
  fields: Readonly<Record<string, FieldKind>>,
  problems: CustomersFileProblem[],
  each: (entry: Record<string, unknown>, path: string) => void,
): void {
  if (!Array.isArray(value)) return;
  value.forEach((entry, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(entry)) {
      problems.push({ path: at, message: m.wrongType("an object", entry) });
      return;
    }
    checkFields(entry, at, fields, problems);
    each(entry, at);
  });
}

function checkChildId(
  seen: Map<string, string>,
  kind: string,
  id: unknown,
  path: string,
  problems: CustomersFileProblem[],
): void {
  if (typeof id !== "string") return;
  const first = seen.get(id);
  if (first !== undefined) {
    problems.push({ path, message: m.duplicateChildId(kind, id, first) });
  } else {
    seen.set(id, path);
  }
}

/** The known name closest to a misspelt one, if any is close. */
function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined || word.length < 4) return best;
  // A shortened name, such as "abuseEmail" for "abuseContactEmail".
  return known.find((candidate) => isSubsequence(word, candidate));
}

function isSubsequence(short: string, long: string): boolean {
  const a = short.toLowerCase();
  const b = long.toLowerCase();
  let i = 0;
  for (let j = 0; j < b.length && i < a.length; j++) {
    if (a[i] === b[j]) i++;
  }
  return i === a.length;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(
        row[j] + 1,
        row[j - 1] + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length];
}
