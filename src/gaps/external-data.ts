/**
 * The two Terraform pieces that bring apply-time values back into the
 * graph: a hashicorp/external data source that runs one of the runner's
 * read operations (GET requests only, so reading it at plan time changes
 * nothing), and a `check` block that compares its answer with the
 * declaration and warns, without a diff, when they differ.
 */
import {
  ITerraformDependable,
  TerraformDataSource,
  TerraformStack,
} from "cdktf";
import { Construct } from "constructs";
import { GapRunner } from "./gap-runner";
import type { Operation } from "./runner/protocol";

/** Props of {@link RunnerReadData}. */
export interface RunnerReadDataProps {
  /** The read operation. */
  readonly operation: Operation;
  /** The query: string values (tokens allowed). */
  readonly query: Record<string, string>;
  /** Resources whose apply the read must wait for. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A `data "external"` that runs a read operation of the gap runner. Its
 * answer is a string map; `result(key)` is a token for one of its values.
 */
export class RunnerReadData extends TerraformDataSource {
  private readonly program: string[];
  private readonly query: Record<string, string>;

  constructor(scope: Construct, id: string, props: RunnerReadDataProps) {
    super(scope, id, {
      terraformResourceType: "external",
      terraformGeneratorMetadata: { providerName: "external" },
      dependsOn: props.dependsOn,
    });
    this.program = GapRunner.of(this).program(props.operation);
    this.query = props.query;
  }

  /** A token for one value of the answer. */
  public result(key: string): string {
    return this.getStringAttribute(`result.${key}`);
  }

  /** The Terraform address of one value, for use inside expressions. */
  public address(key: string): string {
    return `data.external.${this.friendlyUniqueId}.result.${key}`;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { program: this.program, query: this.query };
  }
}

/** One assertion of a drift check. */
export interface DriftAssertion {
  /** A Terraform expression, without `${}`. */
  readonly condition: string;
  /** The warning, a template that may interpolate `${...}`. */
  readonly errorMessage: string;
}

/**
 * Adds a `check` block named after `owner`'s logical id. A failed
 * assertion is a warning in plan and apply, never a change.
 */
export function addDriftCheck(
  owner: RunnerReadData,
  assertions: readonly DriftAssertion[],
): void {
  if (assertions.length === 0) return;
  const stack = TerraformStack.of(owner);
  stack.addOverride(`check.${owner.friendlyUniqueId}`, {
    assert: assertions.map((a) => ({
      condition: `\${${a.condition}}`,
      error_message: a.errorMessage,
    })),
  });
}

export { hclString, literalText, templateText } from "./values";
