/**
 * The parts of the provider framework's behaviour that the recorded rules
 * describe: attribute and resource validators, defaults, computed values
 * marked unknown, plan modifiers, and the API encoders/decoders named in
 * rules.json (`about.api_encoding`).
 */
import type { AttrModel, RuleValidator, TypeModel } from "./schema";
import {
  cloneValue,
  isNullish,
  isObject,
  isUnknown,
  ObjectValue,
  UNKNOWN,
  Value,
  valuesEqual,
} from "./values";

/* ----- diagnostics --------------------------------------------------------- */

export type Step =
  | { attribute_name: string }
  | { element_key_string: string }
  | { element_key_int: number };

export interface Diagnostic {
  severity: "ERROR" | "WARNING";
  summary: string;
  detail: string;
  attribute?: { steps: Step[] };
}

export function error(summary: string, detail: string, steps?: Step[]) {
  return diag("ERROR", summary, detail, steps);
}

export function warning(summary: string, detail: string, steps?: Step[]) {
  return diag("WARNING", summary, detail, steps);
}

function diag(
  severity: Diagnostic["severity"],
  summary: string,
  detail: string,
  steps?: Step[],
): Diagnostic {
  return steps && steps.length > 0
    ? { severity, summary, detail, attribute: { steps } }
    : { severity, summary, detail };
}

/** The framework prints paths as `a.b[0].c`. */
function pathString(steps: Step[]): string {
  let out = "";
  for (const s of steps) {
    if ("attribute_name" in s)
      out += out ? `.${s.attribute_name}` : s.attribute_name;
    else if ("element_key_int" in s) out += `[${s.element_key_int}]`;
    else out += `["${s.element_key_string}"]`;
  }
  return out;
}

/** Go's %q for a string, close enough for the ASCII values used here. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/* ----- walking values along the schema -------------------------------------- */

interface Visit {
  attr: AttrModel;
  steps: Step[];
  value: Value;
}

/** Calls fn for every attribute value present (depth first, parents first). */
function visitAttributes(
  attrs: Record<string, AttrModel>,
  obj: Value,
  steps: Step[],
  fn: (v: Visit) => void,
): void {
  if (!isObject(obj)) return;
  for (const attr of Object.values(attrs)) {
    const here = [...steps, { attribute_name: attr.name }];
    const value = obj[attr.name] ?? null;
    fn({ attr, steps: here, value });
    if (!attr.attributes || isNullish(value) || isUnknown(value)) continue;
    if (attr.nesting === "single") {
      visitAttributes(attr.attributes, value, here, fn);
    } else if (Array.isArray(value)) {
      // Set elements have no key in the protocol's paths; diagnostics
      // inside a set point at the set attribute itself.
      value.forEach((e, i) =>
        visitAttributes(
          attr.attributes!,
          e,
          attr.nesting === "set" ? here : [...here, { element_key_int: i }],
          fn,
        ),
      );
    }
  }
}

/* ----- validation ------------------------------------------------------------ */

function runValidator(
  v: RuleValidator,
  visit: Visit,
  config: ObjectValue,
): Diagnostic[] {
  const { value, steps } = visit;
  if (isNullish(value) || isUnknown(value)) return [];
  const where = pathString(steps);
  switch (v.kind) {
    case "one_of": {
      if (typeof value !== "string") return [];
      const allowed = v.one_of ?? [];
      const ok = v.case_insensitive
        ? allowed.some((a) => a.toLowerCase() === value.toLowerCase())
        : allowed.includes(value);
      if (ok) return [];
      const list = `[${allowed.map(goQuote).join(" ")}]`;
      return [
        error(
          "Invalid Attribute Value Match",
          `Attribute ${where} value must be one of: ${list}, got: ${goQuote(value)}`,
          steps,
        ),
      ];
    }
    case "regex": {
      if (typeof value !== "string" || !v.regex) return [];
      if (new RegExp(v.regex).test(value)) return [];
      const got = v.value_hidden_in_error ? "" : `, got: ${goQuote(value)}`;
      return [
        error(
          "Invalid Attribute Value Match",
          `Attribute ${where} ${v.message ?? `value must match ${v.regex}`}${got}`,
          steps,
        ),
      ];
    }
    case "at_least": {
      if (typeof value !== "number" || v.at_least === undefined) return [];
      if (value >= v.at_least) return [];
      return [
        error(
          "Invalid Attribute Value",
          `Attribute ${where} value must be at least ${v.at_least}, got: ${value}`,
          steps,
        ),
      ];
    }
    case "also_requires": {
      const missing = (v.also_requires ?? []).filter((p) =>
        isNullish(lookupDotted(config, p)),
      );
      return missing.map((p) =>
        error(
          "Invalid Attribute Combination",
          `Attribute "${p}" must be specified when "${where}" is specified`,
          steps,
        ),
      );
    }
    default:
      return [];
  }
}

function lookupDotted(obj: Value, path: string): Value {
  let cur: Value = obj;
  for (const part of path.split(".")) {
    if (!isObject(cur)) return null;
    cur = cur[part] ?? null;
  }
  return cur;
}

/** What ValidateResourceConfig / ValidateDataResourceConfig return. */
export function validateConfig(t: TypeModel, config: Value): Diagnostic[] {
  const diags: Diagnostic[] = [];
  if (!isObject(config)) return diags;
  visitAttributes(t.schema.attributes, config, [], (visit) => {
    const rule = visit.attr.rule;
    if (!rule) return;
    if (rule.deprecation_message && !isNullish(visit.value)) {
      diags.push(
        warning("Attribute Deprecated", rule.deprecation_message, visit.steps),
      );
    }
    for (const v of rule.validators)
      diags.push(...runValidator(v, visit, config));
  });
  for (const cv of t.rules.config_validators) {
    if (cv.kind !== "exactly_one_of") continue;
    const values = cv.paths.map((p) => lookupDotted(config, p));
    if (values.some(isUnknown)) continue;
    const set = values.filter((v) => !isNullish(v)).length;
    const exprs = `[${cv.paths.join(",")}]`;
    if (set === 0) {
      diags.push(
        error(
          "Missing Attribute Configuration",
          `Exactly one of these attributes must be configured: ${exprs}`,
        ),
      );
    } else if (set > 1) {
      diags.push(
        error(
          "Invalid Attribute Combination",
          `Exactly one of these attributes must be configured: ${exprs}`,
        ),
      );
    }
  }
  return diags;
}

/* ----- planning ------------------------------------------------------------- */

/** Sets static defaults where the configuration leaves a value null. */
function applyDefaults(
  attrs: Record<string, AttrModel>,
  planned: ObjectValue,
  config: Value,
): void {
  for (const attr of Object.values(attrs)) {
    const cfg = isObject(config) ? (config[attr.name] ?? null) : null;
    const def = attr.rule?.default;
    if (def && cfg === null) planned[attr.name] = def.static;
    const value = planned[attr.name];
    if (!attr.attributes || isNullish(value) || isUnknown(value)) continue;
    if (attr.nesting === "single" && isObject(value)) {
      applyDefaults(attr.attributes, value, cfg);
    } else if (Array.isArray(value)) {
      value.forEach((e, i) => {
        if (isObject(e)) {
          applyDefaults(
            attr.attributes!,
            e,
            Array.isArray(cfg) ? (cfg[i] ?? null) : null,
          );
        }
      });
    }
  }
}

/**
 * The framework marks every computed attribute that the configuration
 * leaves null as unknown when the resource changes (children first).
 */
function markComputedNilsAsUnknown(
  attrs: Record<string, AttrModel>,
  planned: ObjectValue,
  config: Value,
): void {
  for (const attr of Object.values(attrs)) {
    const cfg = isObject(config) ? (config[attr.name] ?? null) : null;
    const value = planned[attr.name];
    if (attr.attributes && !isNullish(value) && !isUnknown(value)) {
      if (attr.nesting === "single" && isObject(value)) {
        markComputedNilsAsUnknown(attr.attributes, value, cfg);
      } else if (Array.isArray(value)) {
        value.forEach((e, i) => {
          if (isObject(e)) {
            markComputedNilsAsUnknown(
              attr.attributes!,
              e,
              Array.isArray(cfg) ? (cfg[i] ?? null) : null,
            );
          }
        });
      }
    }
    if (cfg !== null) continue;
    if (!attr.computed) continue;
    if (attr.rule?.default) continue;
    planned[attr.name] = UNKNOWN;
  }
}

interface ModifierContext {
  /** framework version behaviour of use_state_for_unknown */
  useStateCopiesNull: boolean;
  creating: boolean;
  requiresReplace: Step[][];
}

function runPlanModifiers(
  attrs: Record<string, AttrModel>,
  planned: ObjectValue,
  state: Value,
  config: Value,
  steps: Step[],
  ctx: ModifierContext,
): void {
  for (const attr of Object.values(attrs)) {
    const here = [...steps, { attribute_name: attr.name }];
    const cfg = isObject(config) ? (config[attr.name] ?? null) : null;
    const st = isObject(state) ? (state[attr.name] ?? null) : null;
    for (const m of attr.rule?.plan_modifiers ?? []) {
      const plan = planned[attr.name] ?? null;
      switch (m.name) {
        case "use_state_for_unknown":
        case "use_non_null_state_for_unknown": {
          const copiesNull =
            m.name === "use_state_for_unknown" && ctx.useStateCopiesNull;
          if (ctx.creating) break;
          if (st === null && !copiesNull) break;
          if (!isUnknown(plan)) break;
          if (isUnknown(cfg)) break;
          planned[attr.name] = cloneValue(st);
          break;
        }
        case "requires_replace":
        case "requires_replace_if_configured": {
          if (ctx.creating) break;
          if (m.name === "requires_replace_if_configured" && cfg === null) {
            break;
          }
          if (valuesEqual(plan, st, attr.type)) break;
          ctx.requiresReplace.push(here);
          break;
        }
        default:
          break;
      }
    }
    const value = planned[attr.name];
    if (!attr.attributes || isNullish(value) || isUnknown(value)) continue;
    if (attr.nesting === "single" && isObject(value)) {
      runPlanModifiers(attr.attributes, value, st, cfg, here, ctx);
    } else if (Array.isArray(value)) {
      value.forEach((e, i) => {
        if (!isObject(e)) return;
        runPlanModifiers(
          attr.attributes!,
          e,
          Array.isArray(st) ? (st[i] ?? null) : null,
          Array.isArray(cfg) ? (cfg[i] ?? null) : null,
          [...here, { element_key_int: i }],
          ctx,
        );
      });
    }
  }
}

export interface PlanResult {
  planned: Value;
  requiresReplace: Step[][];
}

/**
 * PlanResourceChange up to the resource's own ModifyPlan: defaults,
 * unknown computed values, attribute plan modifiers.
 */
export function planAttributes(
  t: TypeModel,
  prior: Value,
  proposed: Value,
  config: Value,
  useStateCopiesNull: boolean,
): PlanResult {
  if (!isObject(proposed)) return { planned: proposed, requiresReplace: [] };
  const planned = cloneValue(proposed);
  applyDefaults(t.schema.attributes, planned, config);
  if (!isObject(prior) || !valuesEqual(planned, prior, t.schema.type)) {
    markComputedNilsAsUnknown(t.schema.attributes, planned, config);
  }
  const ctx: ModifierContext = {
    useStateCopiesNull,
    creating: !isObject(prior),
    requiresReplace: [],
  };
  runPlanModifiers(t.schema.attributes, planned, prior, config, [], ctx);
  return { planned, requiresReplace: ctx.requiresReplace };
}

/* ----- API encoding ------------------------------------------------------------ */

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };

function bodyField(attr: AttrModel) {
  const f = attr.rule?.api_field;
  return f && f.in === "body" && f.name ? f : undefined;
}

function encodeValue(attr: AttrModel, v: Value): Json {
  if (isNullish(v) || isUnknown(v)) return null;
  if (attr.attributes) {
    if (attr.nesting === "single") return encodeFull(attr.attributes, v);
    if (Array.isArray(v)) return v.map((e) => encodeFull(attr.attributes!, e));
  }
  if (Array.isArray(v)) return v.filter((e) => !isUnknown(e)) as Json[];
  return v as Json;
}

/** Create bodies: known, non-null, non-computed attributes. */
export function encodeFull(
  attrs: Record<string, AttrModel>,
  v: Value,
): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  if (!isObject(v)) return out;
  for (const attr of Object.values(attrs)) {
    const f = bodyField(attr);
    if (!f || f.flags.includes("computed")) continue;
    const x = v[attr.name];
    if (isNullish(x) || isUnknown(x)) continue;
    out[f.name!] = encodeValue(attr, x);
  }
  return out;
}

/** Update bodies: like create, and a value removed since state is sent as null. */
export function encodeUpdate(
  attrs: Record<string, AttrModel>,
  plan: Value,
  state: Value,
): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  if (!isObject(plan)) return out;
  for (const attr of Object.values(attrs)) {
    const f = bodyField(attr);
    if (!f || f.flags.includes("computed")) continue;
    const x = plan[attr.name];
    const s = isObject(state) ? state[attr.name] : null;
    if (isUnknown(x)) continue;
    if (isNullish(x)) {
      if (!isNullish(s)) out[f.name!] = null;
      continue;
    }
    if (attr.attributes && attr.nesting === "single") {
      out[f.name!] = encodeUpdate(attr.attributes, x, s ?? null);
    } else {
      out[f.name!] = encodeValue(attr, x);
    }
  }
  return out;
}

/** Merge-patch bodies: only attributes whose planned value differs. */
export function encodePatch(
  attrs: Record<string, AttrModel>,
  plan: Value,
  state: Value,
): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  if (!isObject(plan)) return out;
  for (const attr of Object.values(attrs)) {
    const f = bodyField(attr);
    if (!f || f.flags.includes("computed")) continue;
    const x = plan[attr.name];
    if (isUnknown(x)) continue;
    const s = isObject(state) ? state[attr.name] : null;
    if (valuesEqual(x, s, attr.type)) continue;
    out[f.name!] = encodeValue(attr, x ?? null);
  }
  return out;
}

/* ----- API decoding ----------------------------------------------------------- */

/** An API JSON value read as the attribute's type (absent -> null). */
export function decodeValue(attr: AttrModel, raw: unknown): Value {
  if (raw === undefined || raw === null) return null;
  if (attr.attributes) {
    if (attr.nesting === "single") {
      return isPlainObject(raw) ? decodeFull(attr.attributes, {}, raw) : null;
    }
    if (!Array.isArray(raw)) return null;
    return raw.map((e) =>
      isPlainObject(e) ? decodeFull(attr.attributes!, {}, e) : null,
    );
  }
  return decodeTyped(attr.type, raw);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function decodeTyped(type: AttrModel["type"], raw: unknown): Value {
  if (raw === undefined || raw === null) return null;
  if (type === "string") {
    return typeof raw === "string" ? raw : JSON.stringify(raw);
  }
  if (type === "number") {
    return typeof raw === "number" ? raw : Number(raw);
  }
  if (type === "bool") return Boolean(raw);
  if (typeof type === "string") return null;
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") {
    return Array.isArray(raw)
      ? raw.map((e) => decodeTyped(inner as AttrModel["type"], e))
      : null;
  }
  if (!isPlainObject(raw)) return null;
  const out: ObjectValue = {};
  if (kind === "map") {
    for (const [k, e] of Object.entries(raw)) {
      out[k] = decodeTyped(inner as AttrModel["type"], e);
    }
    return out;
  }
  for (const [k, t] of Object.entries(inner as Record<string, never>)) {
    out[k] = decodeTyped(t, raw[k]);
  }
  return out;
}

/**
 * decode_full: every JSON-keyed attribute takes the API's value; path and
 * Terraform-only attributes and no_refresh ones keep the model's value.
 */
export function decodeFull(
  attrs: Record<string, AttrModel>,
  model: Value,
  api: unknown,
): ObjectValue {
  const out: ObjectValue = {};
  const src = isPlainObject(api) ? api : {};
  for (const attr of Object.values(attrs)) {
    const keep = isObject(model) ? (model[attr.name] ?? null) : null;
    const f = bodyField(attr);
    if (!f || f.flags.includes("no_refresh")) {
      out[attr.name] = cloneValue(keep);
      continue;
    }
    out[attr.name] = decodeValue(attr, src[f.name!]);
  }
  return out;
}

/**
 * decode_computed_only: required and optional attributes keep the planned
 * value (their computed children are filled in), computed_optional ones
 * take the API's value only when unset, computed ones always do.
 */
export function decodeComputedOnly(
  attrs: Record<string, AttrModel>,
  model: Value,
  api: unknown,
): ObjectValue {
  const out: ObjectValue = {};
  const src = isPlainObject(api) ? api : {};
  for (const attr of Object.values(attrs)) {
    const cur = isObject(model) ? (model[attr.name] ?? null) : null;
    const f = bodyField(attr);
    if (!f) {
      out[attr.name] = cloneValue(cur);
      continue;
    }
    const raw = src[f.name!];
    if (f.flags.includes("computed")) {
      out[attr.name] = decodeValue(attr, raw);
    } else if (
      f.flags.includes("computed_optional") &&
      (isNullish(cur) || isUnknown(cur))
    ) {
      out[attr.name] = decodeValue(attr, raw);
    } else if (attr.attributes && attr.nesting === "single" && isObject(cur)) {
      out[attr.name] = decodeComputedOnly(attr.attributes, cur, raw);
    } else {
      out[attr.name] = cloneValue(cur);
    }
  }
  return out;
}

/** State handed back to Terraform never holds unknowns. */
export function resolveUnknowns(v: Value): Value {
  if (isUnknown(v)) return null;
  if (Array.isArray(v)) return v.map(resolveUnknowns);
  if (isObject(v)) {
    const out: ObjectValue = {};
    for (const [k, e] of Object.entries(v)) out[k] = resolveUnknowns(e);
    return out;
  }
  return v;
}

/** JSON state (RawState.json) read against the current schema. */
export function conformJson(
  attrs: Record<string, AttrModel>,
  raw: unknown,
  strict: boolean,
): { value: ObjectValue; unsupported: string[] } {
  const unsupported: string[] = [];
  const walk = (a: Record<string, AttrModel>, r: unknown, prefix: string) => {
    const out: ObjectValue = {};
    const src = isPlainObject(r) ? r : {};
    for (const k of Object.keys(src)) {
      if (!(k in a)) unsupported.push(prefix + k);
    }
    for (const attr of Object.values(a)) {
      const x = src[attr.name];
      if (x === undefined || x === null) {
        out[attr.name] = null;
      } else if (attr.attributes && attr.nesting === "single") {
        out[attr.name] = walk(attr.attributes, x, `${prefix}${attr.name}.`);
      } else if (attr.attributes && Array.isArray(x)) {
        out[attr.name] = x.map((e) =>
          walk(attr.attributes!, e, `${prefix}${attr.name}.`),
        );
      } else {
        out[attr.name] = decodeTyped(attr.type, x);
      }
    }
    return out;
  };
  const value = walk(attrs, raw, "");
  return { value, unsupported: strict ? unsupported : [] };
}
