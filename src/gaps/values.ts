/** Input checks shared by the gap constructs. */
import { Token } from "cdktf";
import type { ComponentValueInput } from "./runner/protocol";
import { sortComponents } from "./runner/components";
import {
  emptyGapProp,
  invalidComponentName,
  invalidComponentValue,
} from "./errors";

/**
 * Component values by name, e.g. `{ page_rules: 50 }`: additional page
 * rules on a zone plan, load-balancing endpoints or Zero Trust seats on an
 * add-on.
 */
export interface ComponentValues {
  readonly [name: string]: number;
}

const COMPONENT_NAME = /^[a-z][a-z0-9_]*$/;

/** Checks component values and returns them as the API takes them. */
export function toComponentInputs(
  path: string,
  values: ComponentValues | undefined,
): ComponentValueInput[] {
  if (values === undefined) return [];
  const out: ComponentValueInput[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (!COMPONENT_NAME.test(name)) throw invalidComponentName(path, name);
    if (!Token.isUnresolved(value)) {
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
        throw invalidComponentValue(path, name, value);
      }
    }
    out.push({ name, value });
  }
  return sortComponents(out);
}

/** Whether any of the values is still a token. */
export function hasToken(...values: unknown[]): boolean {
  return values.some((v) => Token.isUnresolved(v));
}

/** Refuses an empty string prop (tokens pass). */
export function checkNotEmpty(path: string, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (typeof value !== "string" || value.trim() === "") {
    throw emptyGapProp(path, prop, value);
  }
}

/** Adds `base_url` to a read query ("" means CLOUDFLARE_BASE_URL). */
export function withBaseUrl(
  query: Record<string, string>,
  baseUrl: string,
): Record<string, string> {
  return { ...query, base_url: baseUrl };
}

/**
 * A Terraform string literal for a value: JSON's escapes, which HCL shares,
 * plus the escapes of the template sequences `${` and `%{`.
 */
export function hclString(value: string): string {
  return templateText(JSON.stringify(value));
}

/** Text with `${` and `%{` escaped, for use inside a Terraform template. */
export function templateText(value: string): string {
  return value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/**
 * A user's literal text as it must appear in the synthesized JSON, where
 * Terraform reads every string as a template: `${` and `%{` escaped.
 * Tokens pass unchanged.
 */
export function literalText(value: string): string {
  return Token.isUnresolved(value) ? value : templateText(value);
}
