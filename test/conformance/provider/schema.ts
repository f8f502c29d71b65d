/**
 * Loads the recorded provider schema (`terraform providers schema -json`
 * format) and rules for one provider version, and turns them into the
 * model the stand-in works from and into protocol Schema messages.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CtyType } from "./values";

export const PROVIDER_SOURCE = "registry.terraform.io/cloudflare/cloudflare";
export const SUPPORTED_VERSIONS = ["5.14.0", "5.22.0"] as const;
export type ProviderVersion = (typeof SUPPORTED_VERSIONS)[number];

/* ----- recorded JSON shapes -------------------------------------------- */

export interface JsonAttribute {
  type?: CtyType;
  nested_type?: {
    attributes: Record<string, JsonAttribute>;
    nesting_mode: "single" | "list" | "set" | "map";
  };
  description?: string;
  description_kind?: "plain" | "markdown";
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
}

export interface JsonBlock {
  attributes?: Record<string, JsonAttribute>;
  description?: string;
  description_kind?: "plain" | "markdown";
  deprecated?: boolean;
}

export interface JsonSchema {
  version: number;
  block: JsonBlock;
}

export interface RuleValidator {
  kind: "one_of" | "regex" | "also_requires" | "at_least";
  one_of?: string[];
  case_insensitive?: boolean;
  regex?: string;
  message?: string;
  value_hidden_in_error?: boolean;
  also_requires?: string[];
  at_least?: number;
}

export interface ApiField {
  in: "body" | "path" | "none";
  name?: string;
  flags: string[];
}

export interface AttributeRule {
  kind: string;
  flags: string[];
  deprecation_message?: string;
  validators: RuleValidator[];
  plan_modifiers: { name: string }[];
  default: { static: string | number | boolean } | null;
  api_field?: ApiField;
}

export interface ResourceRules {
  schema_version?: number;
  import_id_format?: string;
  operations: Record<string, string>;
  config_validators: { kind: string; paths: string[] }[];
  behaviours: { id: string; behaviour: string }[];
  attributes: Record<string, AttributeRule>;
}

/* ----- model ------------------------------------------------------------ */

export interface AttrModel {
  name: string;
  /** dot path from the block root, without element keys ("rate_plan.id") */
  path: string;
  type: CtyType;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  nesting?: "single" | "list" | "set" | "map";
  attributes?: Record<string, AttrModel>;
  rule?: AttributeRule;
}

export interface BlockModel {
  version: number;
  type: CtyType;
  attributes: Record<string, AttrModel>;
  json: JsonSchema;
}

export interface TypeModel {
  name: string;
  schema: BlockModel;
  rules: ResourceRules;
}

export interface ProviderModel {
  version: ProviderVersion;
  provider: TypeModel;
  resources: Map<string, TypeModel>;
  dataSources: Map<string, TypeModel>;
}

function attrModel(
  name: string,
  json: JsonAttribute,
  prefix: string,
  rules: Record<string, AttributeRule>,
): AttrModel {
  const path = prefix ? `${prefix}.${name}` : name;
  const base = {
    name,
    path,
    required: json.required === true,
    optional: json.optional === true,
    computed: json.computed === true,
    sensitive: json.sensitive === true,
    rule: rules[path],
  };
  if (json.nested_type) {
    const attributes: Record<string, AttrModel> = {};
    for (const [n, a] of Object.entries(json.nested_type.attributes)) {
      attributes[n] = attrModel(n, a, path, rules);
    }
    const objectType: CtyType = ["object", objectTypeOf(attributes)];
    const mode = json.nested_type.nesting_mode;
    const type: CtyType = mode === "single" ? objectType : [mode, objectType];
    return { ...base, type, nesting: mode, attributes };
  }
  if (json.type === undefined) throw new Error(`attribute ${path} has no type`);
  return { ...base, type: json.type };
}

function objectTypeOf(attrs: Record<string, AttrModel>) {
  const out: { [name: string]: CtyType } = {};
  for (const [n, a] of Object.entries(attrs)) out[n] = a.type;
  return out;
}

function blockModel(
  json: JsonSchema,
  rules: Record<string, AttributeRule>,
): BlockModel {
  const attributes: Record<string, AttrModel> = {};
  for (const [n, a] of Object.entries(json.block.attributes ?? {})) {
    attributes[n] = attrModel(n, a, "", rules);
  }
  return {
    version: json.version,
    type: ["object", objectTypeOf(attributes)],
    attributes,
    json,
  };
}

export function loadProviderModel(
  dataDir: string,
  version: ProviderVersion,
): ProviderModel {
  const schemaFile = JSON.parse(
    readFileSync(join(dataDir, `cloudflare-${version}.schema.json`), "utf8"),
  );
  const rulesFile = JSON.parse(
    readFileSync(join(dataDir, `cloudflare-${version}.rules.json`), "utf8"),
  );
  const recorded = schemaFile.provider_schemas[PROVIDER_SOURCE];
  const providerRules: ResourceRules = {
    operations: {},
    config_validators: rulesFile.provider.config_validators ?? [],
    behaviours: rulesFile.provider.behaviours ?? [],
    attributes: rulesFile.provider.attributes ?? {},
  };
  const build = (
    schemas: Record<string, JsonSchema>,
    rules: Record<string, ResourceRules>,
  ) => {
    const out = new Map<string, TypeModel>();
    for (const [name, json] of Object.entries(schemas)) {
      const r = rules[name];
      if (!r) throw new Error(`no recorded rules for ${name} (${version})`);
      out.set(name, { name, schema: blockModel(json, r.attributes), rules: r });
    }
    return out;
  };
  return {
    version,
    provider: {
      name: "provider",
      schema: blockModel(recorded.provider, providerRules.attributes),
      rules: providerRules,
    },
    resources: build(recorded.resource_schemas, rulesFile.resource_schemas),
    dataSources: build(
      recorded.data_source_schemas,
      rulesFile.data_source_schemas,
    ),
  };
}

/* ----- protocol Schema messages ------------------------------------------ */

const NESTING = { single: 1, list: 2, set: 3, map: 4 } as const;
const KIND = { plain: 0, markdown: 1 } as const;

function protoAttribute(name: string, a: JsonAttribute): object {
  return {
    name,
    type:
      a.type === undefined ? undefined : Buffer.from(JSON.stringify(a.type)),
    nested_type: a.nested_type
      ? {
          attributes: Object.entries(a.nested_type.attributes).map(([n, x]) =>
            protoAttribute(n, x),
          ),
          nesting: NESTING[a.nested_type.nesting_mode],
        }
      : undefined,
    description: a.description ?? "",
    description_kind: KIND[a.description_kind ?? "plain"],
    required: a.required === true,
    optional: a.optional === true,
    computed: a.computed === true,
    sensitive: a.sensitive === true,
    deprecated: a.deprecated === true,
  };
}

export function protoSchema(json: JsonSchema): object {
  return {
    version: json.version,
    block: {
      version: json.version,
      attributes: Object.entries(json.block.attributes ?? {}).map(([n, a]) =>
        protoAttribute(n, a),
      ),
      block_types: [],
      description: json.block.description ?? "",
      description_kind: KIND[json.block.description_kind ?? "plain"],
      deprecated: json.block.deprecated === true,
    },
  };
}
