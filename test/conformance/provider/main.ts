/**
 * Entry point of the stand-in for registry.terraform.io/cloudflare/cloudflare.
 * Terraform starts it (through the launcher the harness writes) with the
 * go-plugin environment; it serves plugin protocol 6 over gRPC on a
 * loopback TCP port and announces that port on stdout.
 *
 *   node main.js --version 5.22.0 [--schema-dir DIR]
 */
import { appendFileSync } from "node:fs";
import { resolve } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ApiClient, ApiError, DEFAULT_BASE_URL, ProviderSettings } from "./api";
import {
  conformJson,
  Diagnostic,
  error,
  planAttributes,
  resolveUnknowns,
  validateConfig,
} from "./engine";
import { requirePluginHost, servePlugin, Unary } from "./plugin-server";
import { Ctx, DATA_SOURCES, RESOURCES, ResourceGone } from "./resources";
import {
  loadProviderModel,
  ProviderModel,
  ProviderVersion,
  protoSchema,
  SUPPORTED_VERSIONS,
  TypeModel,
} from "./schema";
import {
  decodeMsgpack,
  encodeMsgpack,
  isObject,
  isUnknown,
  ObjectValue,
  Value,
} from "./values";

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Optional trace of RPCs (JSON lines), for tests and debugging. */
function trace(entry: Record<string, unknown>) {
  const file = process.env.CF_STANDIN_TRACE_FILE;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ pid: process.pid, ...entry })}\n`);
}

type DV = { msgpack?: Buffer; json?: Buffer } | null | undefined;

class StandInProvider {
  private settings?: ProviderSettings;

  constructor(private readonly model: ProviderModel) {}

  private resource(name: string): TypeModel {
    const t = this.model.resources.get(name);
    if (!t) throw new Error(`unknown resource type ${name}`);
    return t;
  }

  private dataSource(name: string): TypeModel {
    const t = this.model.dataSources.get(name);
    if (!t) throw new Error(`unknown data source type ${name}`);
    return t;
  }

  private decode(dv: unknown, t: TypeModel): Value {
    const d = dv as DV;
    if (d?.json && d.json.length > 0) {
      return conformJson(
        t.schema.attributes,
        JSON.parse(d.json.toString()),
        false,
      ).value;
    }
    return decodeMsgpack(d?.msgpack, t.schema.type);
  }

  private encode(v: Value, t: TypeModel) {
    return { msgpack: encodeMsgpack(v, t.schema.type) };
  }

  private api(): ApiClient {
    if (!this.settings) {
      throw new Error("the provider was used before ConfigureProvider");
    }
    return new ApiClient(this.settings);
  }

  private capabilities() {
    return {
      plan_destroy: true,
      get_provider_schema_optional: true,
      move_resource_state: false,
    };
  }

  /** Wraps an RPC: errors become diagnostics, every call is traced. */
  private rpc(
    name: string,
    fn: (req: Record<string, unknown>) => Promise<Record<string, unknown>>,
    diagField = "diagnostics",
  ): Unary {
    return (call, cb) => {
      const started = Date.now();
      fn(call.request)
        .then((res) => {
          trace({
            rpc: name,
            type: call.request.type_name,
            ms: Date.now() - started,
          });
          cb(null, res);
        })
        .catch((e: unknown) => {
          trace({ rpc: name, type: call.request.type_name, error: String(e) });
          cb(null, { [diagField]: [unexpected(e)] });
        });
    };
  }

  handlers(): grpc.UntypedServiceImplementation {
    const m = this.model;
    return {
      GetMetadata: this.rpc("GetMetadata", async () => ({
        server_capabilities: this.capabilities(),
        resources: [...m.resources.keys()].map((type_name) => ({ type_name })),
        data_sources: [...m.dataSources.keys()].map((type_name) => ({
          type_name,
        })),
      })),
      GetProviderSchema: this.rpc("GetProviderSchema", async () => ({
        provider: protoSchema(m.provider.schema.json),
        resource_schemas: Object.fromEntries(
          [...m.resources].map(([n, t]) => [n, protoSchema(t.schema.json)]),
        ),
        data_source_schemas: Object.fromEntries(
          [...m.dataSources].map(([n, t]) => [n, protoSchema(t.schema.json)]),
        ),
        functions: {},
        ephemeral_resource_schemas: {},
        server_capabilities: this.capabilities(),
      })),
      GetFunctions: this.rpc("GetFunctions", async () => ({ functions: {} })),
      ValidateProviderConfig: this.rpc("ValidateProviderConfig", async (r) => ({
        diagnostics: validateConfig(
          m.provider,
          this.decode(r.config, m.provider),
        ),
      })),
      ValidateResourceConfig: this.rpc("ValidateResourceConfig", async (r) => {
        const t = this.resource(String(r.type_name));
        return { diagnostics: validateConfig(t, this.decode(r.config, t)) };
      }),
      ValidateDataResourceConfig: this.rpc(
        "ValidateDataResourceConfig",
        async (r) => {
          const t = this.dataSource(String(r.type_name));
          return { diagnostics: validateConfig(t, this.decode(r.config, t)) };
        },
      ),
      ConfigureProvider: this.rpc("ConfigureProvider", async (r) =>
        this.configure(r),
      ),
      UpgradeResourceState: this.rpc("UpgradeResourceState", async (r) =>
        this.upgrade(r),
      ),
      ReadResource: this.rpc("ReadResource", async (r) => this.read(r)),
      PlanResourceChange: this.rpc("PlanResourceChange", async (r) =>
        this.plan(r),
      ),
      ApplyResourceChange: this.rpc("ApplyResourceChange", async (r) =>
        this.apply(r),
      ),
      ImportResourceState: this.rpc("ImportResourceState", async (r) =>
        this.importState(r),
      ),
      MoveResourceState: this.rpc("MoveResourceState", async () => ({
        diagnostics: [
          error(
            "Unable to Move Resource State",
            "This provider does not support moving state between resource types.",
          ),
        ],
      })),
      ReadDataSource: this.rpc("ReadDataSource", async (r) =>
        this.readDataSource(r),
      ),
      StopProvider: this.rpc("StopProvider", async () => ({}), "Error"),
    };
  }

  private async configure(r: Record<string, unknown>) {
    const cfg = this.decode(r.config, this.model.provider);
    const get = (attr: string, env: string): string | undefined => {
      const v = isObject(cfg) ? cfg[attr] : null;
      if (typeof v === "string") return v;
      return process.env[env] || undefined;
    };
    const suffix = isObject(cfg) ? cfg.user_agent_operator_suffix : null;
    this.settings = {
      baseUrl: get("base_url", "CLOUDFLARE_BASE_URL") ?? DEFAULT_BASE_URL,
      apiToken: get("api_token", "CLOUDFLARE_API_TOKEN"),
      apiKey: get("api_key", "CLOUDFLARE_API_KEY"),
      email: get("email", "CLOUDFLARE_EMAIL"),
      apiUserServiceKey: get(
        "api_user_service_key",
        "CLOUDFLARE_API_USER_SERVICE_KEY",
      ),
      userAgentSuffix:
        typeof suffix === "string" ? JSON.stringify(suffix) : undefined,
      terraformVersion: String(r.terraform_version ?? ""),
      providerVersion: this.model.version,
    };
    return { diagnostics: [] };
  }

  private async upgrade(r: Record<string, unknown>) {
    const t = this.resource(String(r.type_name));
    const version = Number(r.version ?? 0);
    const raw = (r.raw_state as { json?: Buffer } | undefined)?.json;
    const parsed: unknown =
      raw && raw.length > 0 ? JSON.parse(raw.toString()) : null;
    const current = t.schema.version;
    const diagnostics: Diagnostic[] = [];
    if (version > current) {
      diagnostics.push(
        error(
          "Unable to Upgrade Resource State",
          `The state was written with schema version ${version}, newer than this provider's ${current}.`,
        ),
      );
      return { diagnostics };
    }
    if (version === current) {
      const { value, unsupported } = conformJson(
        t.schema.attributes,
        parsed,
        true,
      );
      if (unsupported.length > 0) {
        diagnostics.push(
          error(
            "Unable to Read Previously Saved State for UpgradeResourceState",
            `There was an error reading the saved resource state using the current resource schema: unsupported attribute "${unsupported[0]}"`,
          ),
        );
        return { diagnostics };
      }
      return { upgraded_state: this.encode(value, t), diagnostics };
    }
    return this.upgradeOlder(t, version, parsed);
  }

  /** The recorded state upgraders for older schema versions. */
  private upgradeOlder(t: TypeModel, version: number, parsed: unknown) {
    const rules = (t.rules as { state_upgraders?: unknown[] }).state_upgraders;
    const upgrader = (rules ?? []).find(
      (u) =>
        (u as { from_schema_version?: number }).from_schema_version === version,
    ) as { behaviour: string } | undefined;
    if (!upgrader) {
      return {
        diagnostics: [
          error(
            "Unable to Upgrade Resource State",
            `This resource has no upgrader for schema version ${version}.`,
          ),
        ],
      };
    }
    const attrs = t.schema.attributes;
    const src = (parsed ?? {}) as Record<string, unknown>;
    if (t.name === "cloudflare_zone" && version === 0) {
      const known = [
        "id",
        "zone",
        "account_id",
        "jump_start",
        "paused",
        "plan",
      ];
      const extra = Object.keys(src).find((k) => !known.includes(k));
      if (extra !== undefined) {
        return {
          diagnostics: [
            error(
              "Failed to unmarshal v4 zone state",
              `Could not parse raw state as v4 format: ErrorUnsupportedAttribute: unsupported attribute "${extra}"`,
            ),
          ],
        };
      }
    }
    let value: ObjectValue = conformJson(attrs, src, false).value;
    if (t.name === "cloudflare_account" && version === 0) {
      value = {
        ...conformJson(
          attrs,
          { id: src.id, name: src.name, type: src.type },
          false,
        ).value,
        settings: {
          enforce_twofactor:
            typeof src.enforce_twofactor === "boolean"
              ? src.enforce_twofactor
              : null,
          abuse_contact_email: null,
        },
      };
    }
    return {
      upgraded_state: this.encode(value, t),
      diagnostics: [],
    };
  }

  private async read(r: Record<string, unknown>) {
    const t = this.resource(String(r.type_name));
    const state = this.decode(r.current_state, t);
    if (!isObject(state)) {
      return { new_state: this.encode(null, t), private: r.private };
    }
    const c = new Ctx(this.api(), t);
    try {
      const out = await RESOURCES[t.name].read(c, state);
      return {
        new_state: this.encode(resolveUnknowns(out), t),
        diagnostics: c.diags,
        private: r.private,
      };
    } catch (e) {
      if (e instanceof ResourceGone) {
        return { new_state: this.encode(null, t), diagnostics: c.diags };
      }
      return {
        new_state: this.encode(state, t),
        diagnostics: [...c.diags, unexpected(e)],
        private: r.private,
      };
    }
  }

  private async plan(r: Record<string, unknown>) {
    const t = this.resource(String(r.type_name));
    const prior = this.decode(r.prior_state, t);
    const proposed = this.decode(r.proposed_new_state, t);
    const config = this.decode(r.config, t);
    const impl = RESOURCES[t.name];
    const c = new Ctx(this.api(), t);
    if (!isObject(proposed)) {
      impl.modifyPlan?.(c, prior, null, config);
      return {
        planned_state: this.encode(null, t),
        planned_private: r.prior_private,
        diagnostics: c.diags,
      };
    }
    // terraform-plugin-framework >= 1.15.1 copies null state values too.
    const copiesNull = this.model.version !== "5.14.0";
    const { planned, requiresReplace } = planAttributes(
      t,
      prior,
      proposed,
      config,
      copiesNull,
    );
    impl.modifyPlan?.(c, prior, planned, config);
    return {
      planned_state: this.encode(planned, t),
      requires_replace: requiresReplace.map((steps) => ({ steps })),
      planned_private: r.prior_private,
      diagnostics: c.diags,
    };
  }

  private async apply(r: Record<string, unknown>) {
    const t = this.resource(String(r.type_name));
    const prior = this.decode(r.prior_state, t);
    const planned = this.decode(r.planned_state, t);
    const impl = RESOURCES[t.name];
    const c = new Ctx(this.api(), t);
    try {
      let out: Value = null;
      if (!isObject(planned)) {
        if (isObject(prior)) await impl.delete(c, prior);
      } else if (!isObject(prior)) {
        out = await impl.create(c, planned);
      } else {
        out = await impl.update(c, planned, prior);
      }
      return {
        new_state: this.encode(resolveUnknowns(out), t),
        private: r.planned_private,
        diagnostics: c.diags,
      };
    } catch (e) {
      const keep = isObject(prior) ? prior : null;
      if (e instanceof ResourceGone) {
        return { new_state: this.encode(null, t), diagnostics: c.diags };
      }
      return {
        new_state: this.encode(keep, t),
        diagnostics: [...c.diags, unexpected(e)],
      };
    }
  }

  private async importState(r: Record<string, unknown>) {
    const t = this.resource(String(r.type_name));
    const c = new Ctx(this.api(), t);
    try {
      const out = await RESOURCES[t.name].importState(c, String(r.id));
      return {
        imported_resources: [
          { type_name: t.name, state: this.encode(resolveUnknowns(out), t) },
        ],
        diagnostics: c.diags,
      };
    } catch (e) {
      if (e instanceof ResourceGone) {
        const diags = c.diags.some((d) => d.severity === "ERROR")
          ? c.diags
          : [
              ...c.diags,
              error(
                "Cannot import non-existent remote object",
                `No ${t.name} with id ${String(r.id)} exists.`,
              ),
            ];
        return { diagnostics: diags };
      }
      return { diagnostics: [...c.diags, unexpected(e)] };
    }
  }

  private async readDataSource(r: Record<string, unknown>) {
    const t = this.dataSource(String(r.type_name));
    const config = this.decode(r.config, t);
    const c = new Ctx(this.api(), t);
    if (!isObject(config)) {
      return { diagnostics: [error("Invalid configuration", "null config")] };
    }
    // Terraform reads a data source only once its configuration is known
    // (this provider announces no deferral support).
    if (Object.values(config).some(isUnknown)) {
      return {
        diagnostics: [
          error(
            "Unexpected unknown configuration",
            `${t.name} was read with unknown configuration values.`,
          ),
        ],
      };
    }
    try {
      const out = await DATA_SOURCES[t.name].read(c, config);
      return {
        state: this.encode(resolveUnknowns(out), t),
        diagnostics: c.diags,
      };
    } catch (e) {
      if (e instanceof ResourceGone) return { diagnostics: c.diags };
      return { diagnostics: [...c.diags, unexpected(e)] };
    }
  }
}

/** Errors from the API read as the real client's do. */
function unexpected(e: unknown): Diagnostic {
  if (e instanceof ApiError) {
    return error("failed to make http request", e.message);
  }
  return error(
    "Unexpected provider error",
    e instanceof Error ? e.message : String(e),
  );
}

function main() {
  requirePluginHost();
  const version = argValue("--version") as ProviderVersion | undefined;
  if (!version || !SUPPORTED_VERSIONS.includes(version)) {
    process.stderr.write(
      `--version must be one of ${SUPPORTED_VERSIONS.join(", ")}\n`,
    );
    process.exit(1);
  }
  const schemaDir =
    argValue("--schema-dir") ??
    process.env.CF_STANDIN_SCHEMA_DIR ??
    resolve(__dirname, "../../../../shared/provider-schema");
  const model = loadProviderModel(schemaDir, version);
  servePlugin({
    provider: new StandInProvider(model).handlers(),
    serverOptions: {
      "grpc.max_receive_message_length": 256 << 20,
      "grpc.max_send_message_length": 256 << 20,
    },
    // AutoMTLS when the host asks for it (it does unless TF_DISABLE_PLUGIN_TLS).
    autoMtls: true,
    graceful: true,
    onShutdownRequest: () => trace({ rpc: "GRPCController.Shutdown" }),
    onListening: (port, tls) => trace({ event: "start", version, port, tls }),
  });
}

main();
