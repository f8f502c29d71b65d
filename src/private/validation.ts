/**
 * Input checks shared by the constructs. Each returns the normalized value
 * or throws a TenantValidationError; values that are still tokens pass
 * through unjudged.
 */
import { Token } from "cdktf";
import { domainToASCII } from "node:url";
import {
  emptyName,
  invalidEmail,
  invalidRoleId,
  invalidZoneName,
  unicodeZoneName,
  unknownFrequency,
} from "../errors";
import { Frequency } from "../catalog/frequency";

const MAX_NAME = 253;
const MAX_LABEL = 63;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const LABEL_CHARS = /^[a-z0-9-]*$/;
const NON_ASCII = /[\u0080-\uffff]/;
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const ROLE_ID = /^[0-9a-f]{32}$/i;
const FREQUENCIES: readonly string[] = Object.values(Frequency);
const FREQUENCY_SET = new Set(FREQUENCIES);

/** Whether a value is a token (an attribute reference, a variable...). */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** Refuses an empty or whitespace-only name. */
export function checkName(path: string, prop: string, value: string): void {
  if (isToken(value)) return;
  if (typeof value !== "string" || value.trim() === "") {
    throw emptyName(path, prop, value);
  }
}

/**
 * Checks a zone name and returns it as Cloudflare stores it: lower case,
 * without the one trailing dot a fully qualified name may carry.
 */
export function normalizeZoneName(path: string, value: string): string {
  checkName(path, "name", value);
  if (isToken(value)) return value;
  if (NON_ASCII.test(value)) {
    const ascii = domainToASCII(value.trim().replace(/\.$/, ""));
    throw unicodeZoneName(path, value, ascii);
  }
  let name = value.toLowerCase();
  if (name.endsWith(".")) name = name.slice(0, -1);
  if (name.length > MAX_NAME) {
    throw invalidZoneName(
      path,
      value,
      `it is ${name.length} bytes long, over the limit of ${MAX_NAME}`,
      "use a shorter name: at most 253 bytes without the trailing dot.",
    );
  }
  const labels = name.split(".");
  for (const label of labels) {
    if (label === "") {
      throw invalidZoneName(
        path,
        value,
        "it has an empty label (a leading dot, two dots in a row, or more than one trailing dot)",
        'write labels separated by single dots, e.g. "example.com" (one trailing dot is allowed and removed).',
      );
    }
    if (label.length > MAX_LABEL) {
      throw invalidZoneName(
        path,
        value,
        `its label "${label.slice(0, 20)}..." is ${label.length} bytes long, over the limit of ${MAX_LABEL}`,
        "shorten each label between dots to at most 63 bytes.",
      );
    }
    if (!LABEL.test(label)) {
      const bad = LABEL_CHARS.test(label)
        ? "a label starts or ends with a hyphen"
        : `the label ${JSON.stringify(label)} holds characters other than letters, digits and hyphens`;
      throw invalidZoneName(
        path,
        value,
        bad,
        "use only a-z, 0-9 and inner hyphens in each label (no spaces, underscores or wildcards).",
      );
    }
  }
  if (labels.length < 2) {
    throw invalidZoneName(
      path,
      value,
      "it has a single label, but a zone is a domain under a public suffix",
      'write the full domain, e.g. "example.com".',
    );
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) {
    throw invalidZoneName(
      path,
      value,
      "its last label is all digits (an IP address is not a zone)",
      'write a domain name, e.g. "example.com".',
    );
  }
  return name;
}

/** Refuses a value that is not a single email address. */
export function checkEmail(path: string, prop: string, value: string): void {
  if (isToken(value)) return;
  if (typeof value !== "string" || value.length > 254 || !EMAIL.test(value)) {
    throw invalidEmail(path, prop, value);
  }
}

/** Refuses a role id that is not 32 hexadecimal characters. */
export function checkRoleId(path: string, email: string, value: string): void {
  if (isToken(value)) return;
  if (typeof value !== "string" || !ROLE_ID.test(value)) {
    throw invalidRoleId(path, email, value);
  }
}

/**
 * Returns the frequency the provider accepts: `monthly` when not given,
 * lower case, and `yearly` for the docs' `annual`.
 */
export function normalizeFrequency(
  path: string,
  prop: string,
  value: string | undefined,
): string {
  if (value === undefined) return Frequency.MONTHLY;
  if (isToken(value)) return value;
  const folded = typeof value === "string" ? value.toLowerCase() : "";
  if (folded === "annual") return Frequency.YEARLY;
  if (!FREQUENCY_SET.has(folded)) {
    throw unknownFrequency(path, prop, value, FREQUENCIES);
  }
  return folded;
}

/** Returns `value` if it is one of `allowed` (or a token), else throws. */
export function checkOneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  error: () => Error,
): T {
  if (isToken(value)) return value as T;
  if (!(allowed as readonly string[]).includes(value)) throw error();
  return value as T;
}
