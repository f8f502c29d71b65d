/**
 * Checks synthesized Terraform JSON against the Cloudflare provider's real
 * schema and plan-time rules, as held in ../shared/provider-schema (the
 * `terraform providers schema -json` shape plus a rules file per version).
 *
 * What it checks, per resource, data source and provider block: attribute
 * names exist, required attributes are present, computed-only attributes are
 * not set, values have the schema's type (nested objects, lists and sets
 * included), one_of and regex validators on literal values (honouring
 * case_insensitive), also_requires, exactly_one_of config validators, and
 * the `terraform.required_providers.cloudflare` pin. Deprecated attributes
 * that are set become warnings. Values that are Terraform expressions
 * ("${...}") are unknown at plan time and are not judged.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** A parsed Terraform JSON document (cdk.tf.json). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TfJson = Record<string, any>;

/** The provider versions whose schema and rules are held. */
export const SCHEMA_VERSIONS = ["5.14.0", "5.22.0"] as const;
export type SchemaVersion = (typeof SCHEMA_VERSIONS)[number];

/** The repository's root, and the shared folder that is its sibling. */
export const REPO_ROOT = path.join(__dirname, "..", "..");
export const PROVIDER_SCHEMA_DIR = path.join(
  REPO_ROOT,
  "..",
  "shared",
  "provider-schema",
);

const PROVIDER_KEY = "registry.terraform.io/cloudflare/cloudflare";
const PROVIDER_SOURCES = new Set([
  "cloudflare/cloudflare",
  "registry.terraform.io/cloudflare/cloudflare",
]);

type TfType = string | [string, TfType] | ["object", Record<string, TfType>];

interface SchemaAttribute {
  type?: TfType;
  nested_type?: {
    attributes: Record<string, SchemaAttribute>;
    nesting_mode: "single" | "list" | "set" | "map";
  };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  deprecated?: boolean;
}

interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<
    string,
    {
      nesting_mode: string;
      block: SchemaBlock;
      min_items?: number;
      max_items?: number;
    }
  >;
}

interface Validator {
  kind: string;
  one_of?: string[];
  case_insensitive?: boolean;
  regex?: string;
  message?: string;
  also_requires?: string[];
}

interface RulesEntry {
  attributes?: Record<string, { validators?: Validator[] }>;
  config_validators?: { kind: string; paths: string[] }[];
}

interface VersionData {
  provider: SchemaBlock;
  resources: Record<string, SchemaBlock>;
  dataSources: Record<string, SchemaBlock>;
  providerRules: RulesEntry;
  resourceRules: Record<string, RulesEntry>;
  dataSourceRules: Record<string, RulesEntry>;
}

/** The outcome of checking one configuration against one version. */
export interface CheckResult {
  readonly version: SchemaVersion;
  readonly errors: string[];
  readonly warnings: string[];
}

const cache = new Map<SchemaVersion, VersionData>();

/** Loads (once) the schema and rules of a provider version. */
export function loadProviderSchema(version: SchemaVersion): VersionData {
  const cached = cache.get(version);
  if (cached) return cached;
  const read = (name: string) =>
    JSON.parse(fs.readFileSync(path.join(PROVIDER_SCHEMA_DIR, name), "utf8"));
  const schema = read(`cloudflare-${version}.schema.json`).provider_schemas[
    PROVIDER_KEY
  ];
  const rules = read(`cloudflare-${version}.rules.json`);
  const data: VersionData = {
    provider: schema.provider.block,
    resources: mapValues(schema.resource_schemas as TfJson, (s) => s.block),
    dataSources: mapValues(
      schema.data_source_schemas as TfJson,
      (s) => s.block,
    ),
    providerRules: rules.provider,
    resourceRules: rules.resource_schemas,
    dataSourceRules: rules.data_source_schemas,
  };
  cache.set(version, data);
  return data;
}

function mapValues<T, U>(
  obj: Record<string, T>,
  fn: (value: T) => U,
): Record<string, U> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}

// ---------------------------------------------------------------------------
// Version constraints

function parseVersion(text: string): number[] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  return [m[1], m[2], m[3]].map((part) => (part === undefined ? -1 : +part));
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) {
    const x = Math.max(a[i], 0);
    const y = Math.max(b[i], 0);
    if (x !== y) return x - y;
  }
  return 0;
}

/**
 * Whether a Terraform version constraint ("5.22.0", ">= 5.17, < 6",
 * "~> 5.0") admits a version. Throws on a constraint it cannot read.
 */
export function constraintAllows(constraint: string, version: string): boolean {
  const v = parseVersion(version);
  if (!v) throw new Error(`not a version: ${version}`);
  return constraint.split(",").every((part) => {
    const m = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/.exec(part);
    const c = m ? parseVersion(m[2]) : undefined;
    if (!m || !c) throw new Error(`cannot read version constraint: ${part}`);
    const cmp = compare(v, c);
    switch (m[1] ?? "=") {
      case "=":
        return cmp === 0;
      case "!=":
        return cmp !== 0;
      case ">":
        return cmp > 0;
      case ">=":
        return cmp >= 0;
      case "<":
        return cmp < 0;
      case "<=":
        return cmp <= 0;
      default: {
        // ~> : the rightmost given part may grow.
        if (cmp < 0) return false;
        const given = c.filter((n) => n >= 0).length;
        const upper = c.slice(0, 3).map((n) => Math.max(n, 0));
        if (given <= 1) return v[0] === upper[0];
        const idx = given - 2;
        upper[idx] += 1;
        for (let i = idx + 1; i < 3; i++) upper[i] = 0;
        return compare(v, upper) < 0;
      }
    }
  });
}

/** The cloudflare provider block of `terraform.required_providers`. */
function requiredCloudflare(
  config: TfJson,
): { source?: string; version?: string } | undefined {
  return config?.terraform?.required_providers?.cloudflare;
}

/**
 * The held provider versions that the configuration's
 * `required_providers.cloudflare.version` admits, with the errors found in
 * the pin itself.
 */
export function allowedVersions(config: TfJson): {
  versions: SchemaVersion[];
  errors: string[];
} {
  const required = requiredCloudflare(config);
  if (!required) {
    return {
      versions: [],
      errors: ["terraform.required_providers.cloudflare is missing"],
    };
  }
  const errors: string[] = [];
  if (!required.source || !PROVIDER_SOURCES.has(required.source)) {
    errors.push(
      `terraform.required_providers.cloudflare.source is ${JSON.stringify(required.source)}, not "cloudflare/cloudflare"`,
    );
  }
  if (typeof required.version !== "string") {
    errors.push("terraform.required_providers.cloudflare.version is missing");
    return { versions: [], errors };
  }
  const constraint = required.version;
  const versions = SCHEMA_VERSIONS.filter((v) =>
    constraintAllows(constraint, v),
  );
  if (versions.length === 0) {
    errors.push(
      `terraform.required_providers.cloudflare.version ${JSON.stringify(constraint)} admits none of the provider versions whose schema is held (${SCHEMA_VERSIONS.join(", ")})`,
    );
  }
  return { versions, errors };
}

// ---------------------------------------------------------------------------
// Values

function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.slice(0, 80);
}

function checkType(
  at: string,
  value: unknown,
  type: TfType,
  errors: string[],
): void {
  if (value === null || isExpression(value)) return;
  if (typeof type === "string") {
    const ok =
      type === "dynamic" ||
      (type === "string" && typeof value === "string") ||
      (type === "bool" && typeof value === "boolean") ||
      (type === "number" && typeof value === "number");
    if (!ok) errors.push(`${at}: expected ${type}, got ${describe(value)}`);
    return;
  }
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") {
    if (!Array.isArray(value)) {
      errors.push(`${at}: expected ${kind}, got ${describe(value)}`);
      return;
    }
    value.forEach((item, i) =>
      checkType(`${at}[${i}]`, item, inner as TfType, errors),
    );
    return;
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    errors.push(`${at}: expected ${kind}, got ${describe(value)}`);
    return;
  }
  if (kind === "map") {
    for (const [k, v] of Object.entries(value)) {
      checkType(`${at}.${k}`, v, inner as TfType, errors);
    }
    return;
  }
  const fields = inner as Record<string, TfType>;
  for (const [k, v] of Object.entries(value)) {
    if (!(k in fields)) errors.push(`${at}.${k}: not an attribute of object`);
    else checkType(`${at}.${k}`, v, fields[k], errors);
  }
}

interface Context {
  readonly errors: string[];
  readonly warnings: string[];
  readonly rules: RulesEntry;
}

function checkValidators(
  at: string,
  rulePath: string,
  value: unknown,
  siblings: Record<string, unknown>,
  ctx: Context,
): void {
  const validators = ctx.rules.attributes?.[rulePath]?.validators ?? [];
  for (const validator of validators) {
    if (validator.kind === "also_requires") {
      for (const other of validator.also_requires ?? []) {
        const leaf = other.split(".").pop() as string;
        if (siblings[leaf] === undefined || siblings[leaf] === null) {
          ctx.errors.push(`${at}: also requires ${other}`);
        }
      }
      continue;
    }
    if (typeof value !== "string" || isExpression(value)) continue;
    if (validator.kind === "one_of") {
      const allowed = validator.one_of ?? [];
      const fold = (s: string) =>
        validator.case_insensitive ? s.toLowerCase() : s;
      if (!allowed.some((a) => fold(a) === fold(value))) {
        ctx.errors.push(
          `${at}: ${describe(value)} is not one of ${allowed.join(", ")}${validator.case_insensitive ? " (case-insensitive)" : ""}`,
        );
      }
    } else if (validator.kind === "regex" && validator.regex) {
      if (!new RegExp(validator.regex).test(value)) {
        ctx.errors.push(`${at}: ${validator.message ?? "fails its pattern"}`);
      }
    }
  }
}

function checkAttributes(
  at: string,
  rulePrefix: string,
  config: Record<string, unknown>,
  attributes: Record<string, SchemaAttribute>,
  ctx: Context,
  metaKeys: ReadonlySet<string>,
): void {
  for (const [key, value] of Object.entries(config)) {
    if (metaKeys.has(key)) continue;
    const attr = attributes[key];
    const here = `${at}.${key}`;
    const rulePath = rulePrefix ? `${rulePrefix}.${key}` : key;
    if (!attr) {
      ctx.errors.push(`${here}: unknown attribute`);
      continue;
    }
    if (attr.computed && !attr.optional && !attr.required) {
      ctx.errors.push(`${here}: computed-only attribute cannot be set`);
      continue;
    }
    if (attr.deprecated && value !== null && value !== undefined) {
      ctx.warnings.push(`${here}: attribute is deprecated`);
    }
    if (attr.type !== undefined) {
      checkType(here, value, attr.type, ctx.errors);
    } else if (attr.nested_type && value !== null && !isExpression(value)) {
      checkNested(here, rulePath, value, attr.nested_type, ctx);
    }
    checkValidators(here, rulePath, value, config, ctx);
  }
  for (const [key, attr] of Object.entries(attributes)) {
    if (attr.required && (config[key] === undefined || config[key] === null)) {
      ctx.errors.push(`${at}.${key}: required attribute is missing`);
    }
  }
}

const NO_META: ReadonlySet<string> = new Set();

function checkNested(
  at: string,
  rulePath: string,
  value: unknown,
  nested: NonNullable<SchemaAttribute["nested_type"]>,
  ctx: Context,
): void {
  const one = (where: string, item: unknown) => {
    if (item === null || isExpression(item)) return;
    if (typeof item !== "object" || Array.isArray(item)) {
      ctx.errors.push(`${where}: expected an object, got ${describe(item)}`);
      return;
    }
    checkAttributes(
      where,
      rulePath,
      item as Record<string, unknown>,
      nested.attributes,
      ctx,
      NO_META,
    );
  };
  if (nested.nesting_mode === "single") {
    one(at, value);
  } else if (nested.nesting_mode === "map") {
    if (typeof value !== "object" || Array.isArray(value)) {
      ctx.errors.push(`${at}: expected a map, got ${describe(value)}`);
      return;
    }
    for (const [k, v] of Object.entries(value as object)) one(`${at}.${k}`, v);
  } else {
    if (!Array.isArray(value)) {
      ctx.errors.push(
        `${at}: expected a ${nested.nesting_mode}, got ${describe(value)}`,
      );
      return;
    }
    value.forEach((item, i) => one(`${at}[${i}]`, item));
  }
}

function checkConfigValidators(
  at: string,
  config: Record<string, unknown>,
  ctx: Context,
): void {
  for (const validator of ctx.rules.config_validators ?? []) {
    if (validator.kind !== "exactly_one_of") continue;
    const set = validator.paths.filter(
      (p) => config[p] !== undefined && config[p] !== null,
    );
    if (set.length !== 1) {
      ctx.errors.push(
        `${at}: exactly one of ${validator.paths.join(", ")} must be set (found ${set.length})`,
      );
    }
  }
}

const RESOURCE_META = new Set([
  "//",
  "count",
  "for_each",
  "depends_on",
  "provider",
  "lifecycle",
  "provisioner",
  "connection",
]);
const LIFECYCLE_KEYS: Record<string, string> = {
  create_before_destroy: "boolean",
  prevent_destroy: "boolean",
  ignore_changes: "object",
  replace_triggered_by: "object",
  precondition: "object",
  postcondition: "object",
};
const PROVIDER_META = new Set(["alias", "//"]);

function checkBlock(
  at: string,
  config: Record<string, unknown>,
  block: SchemaBlock,
  rules: RulesEntry,
  result: CheckResult,
  meta: ReadonlySet<string>,
): void {
  const ctx: Context = {
    errors: result.errors,
    warnings: result.warnings,
    rules,
  };
  checkAttributes(at, "", config, block.attributes ?? {}, ctx, meta);
  checkConfigValidators(at, config, ctx);
}

function checkMeta(
  at: string,
  config: Record<string, unknown>,
  aliases: ReadonlySet<string>,
  errors: string[],
): void {
  const lifecycle = config.lifecycle as Record<string, unknown> | undefined;
  if (lifecycle !== undefined) {
    for (const [key, value] of Object.entries(lifecycle)) {
      const kind = LIFECYCLE_KEYS[key];
      if (!kind) errors.push(`${at}.lifecycle.${key}: unknown lifecycle key`);
      else if (typeof value !== kind) {
        errors.push(`${at}.lifecycle.${key}: expected ${kind}`);
      }
    }
  }
  const provider = config.provider;
  if (provider !== undefined) {
    const m = /^cloudflare(?:\.(.+))?$/.exec(String(provider));
    if (!m || (m[1] !== undefined && !aliases.has(m[1]))) {
      errors.push(
        `${at}.provider: ${describe(provider)} names no declared cloudflare provider configuration`,
      );
    }
  }
}

/**
 * Checks one configuration (a parsed cdk.tf.json) against one provider
 * version's schema and rules.
 */
export function checkConfig(
  config: TfJson,
  version: SchemaVersion,
): CheckResult {
  const data = loadProviderSchema(version);
  const result: CheckResult = { version, errors: [], warnings: [] };

  const providers: Record<string, unknown>[] = [];
  const declared = config.provider?.cloudflare;
  if (declared !== undefined) {
    providers.push(...(Array.isArray(declared) ? declared : [declared]));
  }
  const aliases = new Set<string>();
  providers.forEach((p, i) => {
    if (typeof p.alias === "string") aliases.add(p.alias);
    checkBlock(
      `provider.cloudflare[${i}]`,
      p,
      data.provider,
      data.providerRules,
      result,
      PROVIDER_META,
    );
  });
  for (const name of Object.keys(config.provider ?? {})) {
    if (name !== "cloudflare") {
      result.errors.push(`provider.${name}: not the cloudflare provider`);
    }
  }

  const sections: [
    string,
    Record<string, SchemaBlock>,
    Record<string, RulesEntry>,
  ][] = [
    ["resource", data.resources, data.resourceRules],
    ["data", data.dataSources, data.dataSourceRules],
  ];
  for (const [section, blocks, rules] of sections) {
    for (const [type, instances] of Object.entries(config[section] ?? {})) {
      if (!type.startsWith("cloudflare_")) continue;
      const block = blocks[type];
      if (!block) {
        result.errors.push(`${section}.${type}: unknown ${section} type`);
        continue;
      }
      for (const [name, instance] of Object.entries(
        instances as Record<string, Record<string, unknown>>,
      )) {
        const at = `${section}.${type}.${name}`;
        checkMeta(at, instance, aliases, result.errors);
        checkBlock(
          at,
          instance,
          block,
          rules[type] ?? {},
          result,
          RESOURCE_META,
        );
      }
    }
  }
  return result;
}

/**
 * Checks a configuration against every held provider version that its
 * `required_providers` pin admits. Problems with the pin itself are
 * reported in `pinErrors`.
 */
export function checkStack(config: TfJson): {
  pinErrors: string[];
  results: CheckResult[];
} {
  const { versions, errors } = allowedVersions(config);
  return {
    pinErrors: errors,
    results: versions.map((v) => checkConfig(config, v)),
  };
}
