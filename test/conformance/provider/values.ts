/**
 * Terraform values as the stand-in handles them: plain JSON-like data plus
 * one marker for unknown values, typed by a cty type, and their msgpack
 * wire form (DynamicValue.msgpack).
 */
import { Decoder, Encoder, ExtData } from "@msgpack/msgpack";

/** A value Terraform does not know yet ("known after apply"). */
export const UNKNOWN: unique symbol = Symbol("unknown");

export type Value =
  | null
  | typeof UNKNOWN
  | string
  | number
  | boolean
  | Value[]
  | { [key: string]: Value };

export type ObjectValue = { [key: string]: Value };

/** cty type constraints in their JSON form ("string", ["list", "string"]). */
export type CtyType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | ["list" | "set" | "map", CtyType]
  | ["object", { [name: string]: CtyType }];

export function isUnknown(v: Value | undefined): v is typeof UNKNOWN {
  return v === UNKNOWN;
}

export function isNullish(v: Value | undefined): v is null | undefined {
  return v === null || v === undefined;
}

export function isObject(v: Value | undefined): v is ObjectValue {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** msgpack extension 0 is an unknown value; 12 an unknown with refinements. */
const UNKNOWN_EXT = 0;
const REFINED_UNKNOWN_EXT = 12;

const encoder = new Encoder({ ignoreUndefined: false });
const decoder = new Decoder();

/** Shapes a value after its type so that msgpack carries every attribute. */
function toWire(v: Value | undefined, type: CtyType): unknown {
  if (v === undefined || v === null) return null;
  if (v === UNKNOWN) return new ExtData(UNKNOWN_EXT, new Uint8Array([0]));
  if (type === "dynamic") {
    throw new Error("dynamic-typed values are not used by this provider");
  }
  if (typeof type === "string") {
    if (type === "number" && typeof v === "string") return Number(v);
    return v;
  }
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") {
    if (!Array.isArray(v)) throw new Error(`expected a ${kind}`);
    return v.map((e) => toWire(e, inner as CtyType));
  }
  if (!isObject(v)) throw new Error(`expected a ${kind}`);
  if (kind === "map") {
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v))
      out[k] = toWire(e, inner as CtyType);
    return out;
  }
  const attrs = inner as { [name: string]: CtyType };
  const out: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(attrs)) out[name] = toWire(v[name], t);
  return out;
}

function fromWire(raw: unknown): Value {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof ExtData) {
    if (raw.type === UNKNOWN_EXT || raw.type === REFINED_UNKNOWN_EXT) {
      return UNKNOWN;
    }
    throw new Error(`unexpected msgpack extension ${raw.type}`);
  }
  if (Array.isArray(raw)) return raw.map(fromWire);
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString("utf8");
  if (typeof raw === "bigint") return Number(raw);
  if (typeof raw === "object") {
    const out: ObjectValue = {};
    for (const [k, e] of Object.entries(raw as object)) out[k] = fromWire(e);
    return out;
  }
  return raw as Value;
}

/** Numbers that cty could not fit into a float arrive as strings. */
function fixNumbers(v: Value, type: CtyType): Value {
  if (v === null || v === UNKNOWN) return v;
  if (type === "number") return typeof v === "string" ? Number(v) : v;
  if (typeof type === "string") return v;
  const [kind, inner] = type;
  if ((kind === "list" || kind === "set") && Array.isArray(v)) {
    return v.map((e) => fixNumbers(e, inner as CtyType));
  }
  if (isObject(v)) {
    const out: ObjectValue = {};
    for (const [k, e] of Object.entries(v)) {
      const t =
        kind === "map"
          ? (inner as CtyType)
          : (inner as { [name: string]: CtyType })[k];
      out[k] = t === undefined ? e : fixNumbers(e, t);
    }
    return out;
  }
  return v;
}

export function encodeMsgpack(v: Value, type: CtyType): Buffer {
  return Buffer.from(encoder.encode(toWire(v, type)));
}

export function decodeMsgpack(bytes: Uint8Array | undefined, type: CtyType) {
  if (!bytes || bytes.length === 0) return null;
  return fixNumbers(fromWire(decoder.decode(bytes)), type);
}

/** True when the value holds no unknown anywhere. */
export function isWhollyKnown(v: Value): boolean {
  if (v === UNKNOWN) return false;
  if (Array.isArray(v)) return v.every(isWhollyKnown);
  if (isObject(v)) return Object.values(v).every(isWhollyKnown);
  return true;
}

/** Structural equality; sets compare as unordered collections. */
export function valuesEqual(
  a: Value | undefined,
  b: Value | undefined,
  type?: CtyType,
): boolean {
  const x = a === undefined ? null : a;
  const y = b === undefined ? null : b;
  if (x === UNKNOWN || y === UNKNOWN) return x === y;
  if (x === null || y === null) return x === y;
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) return false;
    const inner =
      Array.isArray(type) && type[0] !== "object"
        ? (type[1] as CtyType)
        : undefined;
    if (Array.isArray(type) && type[0] === "set") {
      const used = new Set<number>();
      return x.every((e) => {
        const i = y.findIndex(
          (f, j) => !used.has(j) && valuesEqual(e, f, inner),
        );
        if (i < 0) return false;
        used.add(i);
        return true;
      });
    }
    return x.every((e, i) => valuesEqual(e, y[i], inner));
  }
  if (isObject(x) && isObject(y)) {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) {
      let t: CtyType | undefined;
      if (Array.isArray(type)) {
        t =
          type[0] === "object"
            ? (type[1] as { [name: string]: CtyType })[k]
            : (type[1] as CtyType);
      }
      if (!valuesEqual(x[k], y[k], t)) return false;
    }
    return true;
  }
  return x === y;
}

/** A deep copy that keeps the UNKNOWN marker. */
export function cloneValue<T extends Value>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (isObject(v)) {
    const out: ObjectValue = {};
    for (const [k, e] of Object.entries(v)) out[k] = cloneValue(e);
    return out as T;
  }
  return v;
}
