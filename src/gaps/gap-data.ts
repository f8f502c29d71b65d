/**
 * A `terraform_data` resource for the gap objects.
 *
 * cdktf's own `DataResource` adds a validation to every instance that runs
 * `terraform version` at synth, one process per resource: with two per gap
 * object that made synthesis of 50 customers take seconds, and of 1,000
 * take minutes. This class writes the same JSON without it; the Terraform
 * version the gap resources need (1.7 or newer, for `check` and `removed`
 * blocks) is stated in docs/gaps.md instead.
 */
import {
  ITerraformDependable,
  LocalExecProvisioner,
  TerraformResource,
  Token,
} from "cdktf";
import { Construct } from "constructs";

/** Props of {@link GapData}. */
export interface GapDataProps {
  /** Stored in state and mirrored in `output`; a change updates in place. */
  readonly input: Record<string, unknown>;
  /** A change replaces the resource, which runs its provisioners. */
  readonly triggersReplace: Record<string, unknown>;
  /** Resources this one is created after (and destroyed before). */
  readonly dependsOn?: ITerraformDependable[];
  /** The runner's local-exec provisioners. */
  readonly provisioners?: LocalExecProvisioner[];
}

/** A `terraform_data` (Terraform's built-in provider). */
export class GapData extends TerraformResource {
  private readonly inputValue: Record<string, unknown>;
  private readonly triggersValue: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: GapDataProps) {
    super(scope, id, {
      terraformResourceType: "terraform_data",
      terraformGeneratorMetadata: { providerName: "terraform" },
      dependsOn: props.dependsOn,
      provisioners: props.provisioners,
    });
    this.inputValue = props.input;
    this.triggersValue = props.triggersReplace;
  }

  /** A token for one key of `output` (the input as applied). */
  public outputValue(key: string): string {
    return Token.asString(this.interpolationForAttribute(`output.${key}`));
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: this.inputValue, triggers_replace: this.triggersValue };
  }
}
