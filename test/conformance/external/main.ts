/**
 * Stand-in for registry.terraform.io/hashicorp/external, for the offline
 * conformance suite: plugin protocol 6 over gRPC, one data source
 * `external` with the real provider's schema (program, query, working_dir,
 * id, result). ReadDataSource runs the program as the real one does: the
 * query as a JSON object on standard input, a JSON object of strings
 * expected on standard output, a non-zero exit an error carrying standard
 * error. It reuses the Cloudflare stand-in's protocol files, go-plugin
 * server and value codec (../proto, ../provider/plugin-server,
 * ../provider/values).
 *
 *   node main.js --version 2.3.5
 */
import { spawnSync } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import {
  requirePluginHost,
  servePlugin,
  Unary,
} from "../provider/plugin-server";
import {
  CtyType,
  decodeMsgpack,
  encodeMsgpack,
  isObject,
  isUnknown,
  Value,
} from "../provider/values";

/** The data source's type, as cty knows it. */
const DATA_TYPE: CtyType = [
  "object",
  {
    id: "string",
    program: ["list", "string"],
    query: ["map", "string"],
    result: ["map", "string"],
    working_dir: "string",
  },
];
const PROVIDER_TYPE: CtyType = ["object", {}];

function attribute(
  name: string,
  type: CtyType,
  flags: { required?: boolean; optional?: boolean; computed?: boolean },
  description: string,
) {
  return {
    name,
    type: Buffer.from(JSON.stringify(type)),
    description,
    description_kind: 0,
    required: flags.required === true,
    optional: flags.optional === true,
    computed: flags.computed === true,
    sensitive: false,
    deprecated: false,
  };
}

const DATA_SCHEMA = {
  version: 0,
  block: {
    version: 0,
    attributes: [
      attribute(
        "id",
        "string",
        { computed: true },
        "The id of the data source. This will always be set to `-`",
      ),
      attribute(
        "program",
        ["list", "string"],
        { required: true },
        "A list of strings, whose first element is the program to run and whose subsequent elements are optional command line arguments to the program.",
      ),
      attribute(
        "query",
        ["map", "string"],
        { optional: true },
        "A map of string values to pass to the external program as the query arguments.",
      ),
      attribute(
        "result",
        ["map", "string"],
        { computed: true },
        "A map of string values returned from the external program.",
      ),
      attribute(
        "working_dir",
        "string",
        { optional: true },
        "Working directory of the program.",
      ),
    ],
    block_types: [],
    description:
      "The external data source allows an external program to act as a data source.",
    description_kind: 0,
    deprecated: false,
  },
};

const PROVIDER_SCHEMA = {
  version: 0,
  block: {
    version: 0,
    attributes: [],
    block_types: [],
    description: "",
    description_kind: 0,
    deprecated: false,
  },
};

function diag(severity: "ERROR" | "WARNING", summary: string, detail: string) {
  return { severity, summary, detail };
}

/** Runs the program the way the real data source does. */
export function runProgram(config: Record<string, Value>): {
  result?: Record<string, string>;
  diagnostics: ReturnType<typeof diag>[];
} {
  const program = (config.program as Value[] | null) ?? [];
  if (
    program.length === 0 ||
    typeof program[0] !== "string" ||
    program[0] === ""
  ) {
    return {
      diagnostics: [
        diag(
          "ERROR",
          "External Program Missing",
          "The data source was configured without a program to execute. Verify the configuration contains at least one non-empty value.",
        ),
      ],
    };
  }
  const query = isObject(config.query) ? config.query : {};
  const cwd =
    typeof config.working_dir === "string" && config.working_dir !== ""
      ? config.working_dir
      : process.cwd();
  const run = spawnSync(program[0] as string, program.slice(1) as string[], {
    cwd,
    input: JSON.stringify(query),
    env: process.env,
    maxBuffer: 16 << 20,
    timeout: 120_000,
  });
  if (run.error) {
    return {
      diagnostics: [
        diag(
          "ERROR",
          "External Program Lookup Failed",
          `The data source received an unexpected error while attempting to find the program.\n\nError: ${run.error.message}`,
        ),
      ],
    };
  }
  if (run.status !== 0) {
    return {
      diagnostics: [
        diag(
          "ERROR",
          "External Program Execution Failed",
          `The data source received an unexpected error while attempting to execute the program.\n\nProgram: ${String(program[0])}\nError Message: ${run.stderr.toString().trim()}\nState: exit status ${String(run.status ?? run.signal)}`,
        ),
      ],
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(run.stdout.toString());
  } catch (e) {
    return {
      diagnostics: [
        diag(
          "ERROR",
          "Unexpected External Program Results",
          `The data source received unexpected results after executing the program.\n\nProgram output must be a JSON encoded map of string keys and string values.\n\nJSON Error: ${String(e)}`,
        ),
      ],
    };
  }
  if (
    !isObject(parsed as Value) ||
    Object.values(parsed as object).some((v) => typeof v !== "string")
  ) {
    return {
      diagnostics: [
        diag(
          "ERROR",
          "Unexpected External Program Results",
          "Program output must be a JSON encoded map of string keys and string values.",
        ),
      ],
    };
  }
  return { result: parsed as Record<string, string>, diagnostics: [] };
}

function unary(
  fn: (req: Record<string, unknown>) => Record<string, unknown>,
): Unary {
  return (call, cb) => {
    try {
      cb(null, fn(call.request));
    } catch (e) {
      cb(null, {
        diagnostics: [
          diag(
            "ERROR",
            "Unexpected provider error",
            e instanceof Error ? e.message : String(e),
          ),
        ],
      });
    }
  };
}

function dynamic(dv: unknown, type: CtyType): Value {
  const d = dv as { msgpack?: Buffer; json?: Buffer } | undefined;
  if (d?.json && d.json.length > 0)
    return JSON.parse(d.json.toString()) as Value;
  return decodeMsgpack(d?.msgpack, type);
}

function handlers(): grpc.UntypedServiceImplementation {
  const capabilities = {
    plan_destroy: true,
    get_provider_schema_optional: true,
    move_resource_state: false,
  };
  const noResource = () => ({
    diagnostics: [
      diag(
        "ERROR",
        "Unknown resource type",
        "hashicorp/external has no managed resources.",
      ),
    ],
  });
  return {
    GetMetadata: unary(() => ({
      server_capabilities: capabilities,
      resources: [],
      data_sources: [{ type_name: "external" }],
    })),
    GetProviderSchema: unary(() => ({
      provider: PROVIDER_SCHEMA,
      resource_schemas: {},
      data_source_schemas: { external: DATA_SCHEMA },
      functions: {},
      ephemeral_resource_schemas: {},
      server_capabilities: capabilities,
    })),
    GetFunctions: unary(() => ({ functions: {} })),
    ValidateProviderConfig: unary(() => ({ diagnostics: [] })),
    ValidateResourceConfig: unary(noResource),
    ValidateDataResourceConfig: unary(() => ({ diagnostics: [] })),
    ConfigureProvider: unary((r) => {
      dynamic(r.config, PROVIDER_TYPE);
      return { diagnostics: [] };
    }),
    UpgradeResourceState: unary(noResource),
    ReadResource: unary(noResource),
    PlanResourceChange: unary(noResource),
    ApplyResourceChange: unary(noResource),
    ImportResourceState: unary(noResource),
    MoveResourceState: unary(noResource),
    ReadDataSource: unary((r) => {
      const config = dynamic(r.config, DATA_TYPE);
      if (!isObject(config)) {
        return {
          diagnostics: [diag("ERROR", "Invalid configuration", "null config")],
        };
      }
      if (Object.values(config).some(isUnknown)) {
        return {
          diagnostics: [
            diag(
              "ERROR",
              "Unknown configuration",
              "ReadDataSource got unknown values",
            ),
          ],
        };
      }
      const { result, diagnostics } = runProgram(config);
      if (result === undefined) return { diagnostics };
      const state: Value = { ...config, id: "-", result };
      return {
        state: { msgpack: encodeMsgpack(state, DATA_TYPE) },
        diagnostics,
      };
    }),
    StopProvider: unary(() => ({ Error: "" })),
  };
}

function main() {
  requirePluginHost();
  servePlugin({ provider: handlers(), autoMtls: false, graceful: false });
}

if (require.main === module) main();
