/**
 * Component values: sorting, comparing against what the API reports, and
 * the one-line text that read operations answer and drift checks compare.
 */
import type { ComponentValueInput } from "./protocol";

/** A component value as the API reports it. */
export interface LiveComponentValue {
  readonly name: string;
  readonly value?: number | null;
  readonly default?: number | null;
}

/** Component values sorted by name, the order the runner sends them in. */
export function sortComponents(
  values: readonly ComponentValueInput[],
): ComponentValueInput[] {
  return [...values].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * The live value of each named component, `value` else `default`, or null
 * when the API does not list the component.
 */
export function liveValues(
  live: readonly LiveComponentValue[] | null | undefined,
  names: readonly string[],
): Map<string, number | null> {
  const byName = new Map<string, LiveComponentValue>();
  for (const item of live ?? []) byName.set(item.name, item);
  const out = new Map<string, number | null>();
  for (const name of names) {
    const item = byName.get(name);
    const value = item?.value ?? item?.default ?? null;
    out.set(name, typeof value === "number" ? value : null);
  }
  return out;
}

/**
 * Whether every declared component has its declared value live. Components
 * that are not declared are not judged.
 */
export function componentsMatch(
  declared: readonly ComponentValueInput[],
  live: readonly LiveComponentValue[] | null | undefined,
): boolean {
  const values = liveValues(
    live,
    declared.map((c) => c.name),
  );
  return declared.every((c) => values.get(c.name) === c.value);
}

/**
 * `name=value` pairs sorted by name and joined by commas, `name=` for a
 * component the API does not list: what read operations answer and what
 * the drift checks compare with the declaration.
 */
export function componentsText(
  names: readonly string[],
  live: readonly LiveComponentValue[] | null | undefined,
): string {
  const sorted = [...names].sort();
  const values = liveValues(live, sorted);
  return sorted.map((n) => `${n}=${values.get(n) ?? ""}`).join(",");
}

/** The text a drift check expects for declared component values. */
export function declaredComponentsText(
  declared: readonly ComponentValueInput[],
): string {
  return sortComponents(declared)
    .map((c) => `${c.name}=${c.value}`)
    .join(",");
}
