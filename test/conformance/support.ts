/**
 * Shared bits of the conformance test files: the loud terraform check and
 * synthesizing stacks in-process.
 */
import { App, TerraformStack, Testing } from "cdktf";
import { findTerraform, TERRAFORM_MISSING } from "./harness";

/** Generous: a full cycle starts terraform 7 to 9 times. */
export const CYCLE_TIMEOUT_MS = 240_000;

/**
 * `describe` when terraform is there. Without it the suite says so loudly:
 * under CI=true the block fails, elsewhere it is skipped with a warning.
 */
export function describeWithTerraform(name: string, body: () => void): void {
  if (findTerraform()) {
    describe(name, body);
    return;
  }
  const banner = `\n${"!".repeat(72)}\n${TERRAFORM_MISSING}\n${"!".repeat(72)}\n`;
  if (process.env.CI === "true" || process.env.CI === "1") {
    describe(name, () => {
      it("needs the terraform binary", () => {
        throw new Error(banner);
      });
    });
    return;
  }
  process.stderr.write(`${banner}Skipping "${name}".\n`);
  describe.skip(name, body);
}

/** Synthesizes one stack to its cdk.tf.json object. */
export function synthStack<T extends TerraformStack>(
  make: (app: App) => T,
): Record<string, unknown> {
  const app = Testing.app();
  return JSON.parse(Testing.synth(make(app))) as Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** The resource bodies of one type in a synthesized stack, by name. */
export function resourcesOf(json: Json, type: string): Record<string, Json> {
  const resources = (json.resource ?? {}) as Record<
    string,
    Record<string, Json>
  >;
  return resources[type] ?? {};
}

/** The one resource body of a type whose attribute has a value. */
export function findResource(
  json: Json,
  type: string,
  attr: string,
  value: unknown,
): Json {
  const found = Object.values(resourcesOf(json, type)).filter(
    (b) => b[attr] === value,
  );
  if (found.length !== 1) {
    throw new Error(`expected one ${type} with ${attr} = ${String(value)}`);
  }
  return found[0];
}
