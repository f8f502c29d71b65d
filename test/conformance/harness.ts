/**
 * Puts a synthesized stack through the real terraform binary, offline,
 * against the Cloudflare provider stand-in and the Tenant API emulator:
 * init, validate, plan, apply, a plan that must be empty, an in-place
 * change, and destroy, checking the emulator after each step.
 *
 *   const result = await runTerraformCycle({
 *     stackJson,                        // or stackDir: "cdktf.out/stacks/x"
 *     change: (json) => mutated,        // optional in-place change
 *     expect: { afterApply: (emu, state) => { ... } },
 *   });
 */
import { execFile, execFileSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ts from "typescript";
import {
  DEFAULT_EMULATOR_TOKEN,
  DEFAULT_ROLES,
  DEFAULT_SEED,
  EmulatorSeed,
  TenantApiEmulator,
  TenantApiEmulatorOptions,
} from "../../src/testing";
import { addExternalToMirror } from "./external/mirror";

/* ----- where things are --------------------------------------------------------- */

const HERE = __dirname;
const REPO_ROOT = resolve(HERE, "../..");
/** The recorded provider data lives beside the repository (../shared). */
export const SCHEMA_DIR = resolve(REPO_ROOT, "../shared/provider-schema");
const PROTO_DIR = join(HERE, "proto");
const PROVIDER_SRC = join(HERE, "provider");

export const PROVIDER_VERSIONS = ["5.14.0", "5.22.0"] as const;
export type StandInVersion = (typeof PROVIDER_VERSIONS)[number];
const PROVIDER_ADDR = "registry.terraform.io/cloudflare/cloudflare";

/** The terraform binary: TERRAFORM_BIN, else the first on PATH. */
export function findTerraform(): string | undefined {
  const explicit = process.env.TERRAFORM_BIN;
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (!dir) continue;
    const candidate = join(dir, "terraform");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/* ----- the provider mirror --------------------------------------------------------- */

export interface ProviderMirror {
  /** temporary folder holding the compiled stand-in, mirror and CLI config */
  root: string;
  mirrorDir: string;
  cliConfigFile: string;
  /** RPC trace written by the stand-in processes (JSON lines) */
  traceFile: string;
}

/** Compiles the stand-in's TypeScript to plain JS once per mirror. */
function compileStandIn(outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(PROVIDER_SRC)) {
    if (!f.endsWith(".ts")) continue;
    const source = readFileSync(join(PROVIDER_SRC, f), "utf8");
    const js = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: f,
    }).outputText;
    writeFileSync(join(outDir, f.replace(/\.ts$/, ".js")), js);
  }
  return join(outDir, "main.js");
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Writes a filesystem mirror with one launcher per provider version
 * (registry.terraform.io/cloudflare/cloudflare/<v>/linux_amd64/...) and a
 * CLI config that installs only from it. Nothing is written to the repo.
 */
export function createProviderMirror(): ProviderMirror {
  const root = mkdtempSync(join(tmpdir(), "cf-conformance-"));
  const main = compileStandIn(join(root, "standin"));
  const mirrorDir = join(root, "mirror");
  const traceFile = join(root, "rpc-trace.jsonl");
  const platform = `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;
  for (const version of PROVIDER_VERSIONS) {
    const dir = join(mirrorDir, PROVIDER_ADDR, version, platform);
    mkdirSync(dir, { recursive: true });
    const launcher = join(dir, `terraform-provider-cloudflare_v${version}`);
    writeFileSync(
      launcher,
      [
        "#!/bin/sh",
        `# Stand-in for ${PROVIDER_ADDR} ${version} (conformance suite).`,
        `NODE_PATH=${shellQuote(join(REPO_ROOT, "node_modules"))}`,
        `CF_STANDIN_SCHEMA_DIR=${shellQuote(SCHEMA_DIR)}`,
        `CF_STANDIN_PROTO_DIR=${shellQuote(PROTO_DIR)}`,
        `CF_STANDIN_TRACE_FILE=${shellQuote(traceFile)}`,
        "export NODE_PATH CF_STANDIN_SCHEMA_DIR CF_STANDIN_PROTO_DIR CF_STANDIN_TRACE_FILE",
        `exec ${shellQuote(process.execPath)} ${shellQuote(main)} --version ${version} "$@"`,
        "",
      ].join("\n"),
    );
    chmodSync(launcher, 0o755);
  }
  const cliConfigFile = join(root, "terraform.rc");
  writeFileSync(
    cliConfigFile,
    [
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(mirrorDir)}`,
      `    include = [${JSON.stringify(PROVIDER_ADDR)}]`,
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  return { root, mirrorDir, cliConfigFile, traceFile };
}

/* ----- running terraform ---------------------------------------------------------- */

export interface TerraformRun {
  step: string;
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export class TerraformStepError extends Error {
  constructor(readonly run: TerraformRun) {
    super(
      `terraform ${run.args.join(" ")} exited with ${run.exitCode} at step "${run.step}"\n` +
        `${run.stdout}\n${run.stderr}`.trim(),
    );
  }
}

export interface Workspace {
  dir: string;
  mirror: ProviderMirror;
  emulator: TenantApiEmulator;
  token: string;
  runs: TerraformRun[];
  /** Runs terraform in the workspace; never throws on a non-zero exit. */
  terraform(step: string, args: string[]): Promise<TerraformRun>;
  /** Like terraform(), but throws unless the exit code is allowed. */
  mustRun(
    step: string,
    args: string[],
    okCodes?: number[],
  ): Promise<TerraformRun>;
  writeConfig(json: object): void;
  readState(): TerraformState;
  close(): Promise<void>;
}

export function terraformEnv(
  mirror: ProviderMirror,
  emulator: { baseUrl: string } | undefined,
  token: string,
  autoMtls = false,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: mirror.root,
    TMPDIR: process.env.TMPDIR,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    // Plain gRPC on loopback by default; the stand-in also does AutoMTLS.
    ...(autoMtls ? {} : { TF_DISABLE_PLUGIN_TLS: "1" }),
    TF_CLI_CONFIG_FILE: mirror.cliConfigFile,
    CLOUDFLARE_API_TOKEN: token,
  };
  if (emulator) env.CLOUDFLARE_BASE_URL = emulator.baseUrl;
  if (process.env.TF_LOG) {
    env.TF_LOG = process.env.TF_LOG;
    env.TF_LOG_PATH = process.env.TF_LOG_PATH;
  }
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

export function runTerraform(
  bin: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  step: string,
  args: string[],
): Promise<TerraformRun> {
  const started = Date.now();
  return new Promise((done) => {
    execFile(
      bin,
      args,
      { cwd, env, maxBuffer: 64 << 20, timeout: 240_000 },
      (err, stdout, stderr) => {
        const code =
          err === null
            ? 0
            : typeof (err as { code?: unknown }).code === "number"
              ? (err as { code: number }).code
              : -1;
        done({
          step,
          args,
          exitCode: code,
          stdout: String(stdout),
          stderr: String(stderr),
          ms: Date.now() - started,
        });
      },
    );
  });
}

export interface WorkspaceOptions {
  emulator?: TenantApiEmulator;
  emulatorOptions?: TenantApiEmulatorOptions;
  /** Token handed to terraform. Default: the emulator's default token. */
  token?: string;
  mirror?: ProviderMirror;
  /**
   * Let terraform and the stand-in use go-plugin's AutoMTLS instead of
   * setting TF_DISABLE_PLUGIN_TLS=1. Default false (a little faster).
   */
  autoMtls?: boolean;
}

/** A temporary terraform working directory wired to mirror and emulator. */
export async function createWorkspace(
  options: WorkspaceOptions = {},
): Promise<Workspace> {
  const bin = findTerraform();
  if (!bin) throw new Error(TERRAFORM_MISSING);
  const mirror = options.mirror ?? createProviderMirror();
  const ownMirror = options.mirror === undefined;
  const emulator =
    options.emulator ??
    (await TenantApiEmulator.start(options.emulatorOptions));
  const ownEmulator = options.emulator === undefined;
  const dir = mkdtempSync(join(mirror.root, "work-"));
  const token = options.token ?? DEFAULT_EMULATOR_TOKEN;
  const env = terraformEnv(mirror, emulator, token, options.autoMtls);
  const runs: TerraformRun[] = [];
  let config: Record<string, unknown> = {};
  const ws: Workspace = {
    dir,
    mirror,
    emulator,
    token,
    runs,
    async terraform(step, args) {
      const run = await runTerraform(bin, dir, env, step, args);
      runs.push(run);
      return run;
    },
    async mustRun(step, args, okCodes = [0]) {
      const run = await ws.terraform(step, args);
      if (!okCodes.includes(run.exitCode)) throw new TerraformStepError(run);
      return run;
    },
    writeConfig(json) {
      config = json as Record<string, unknown>;
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(json, null, 2));
    },
    readState() {
      return readStateFile(dir, config);
    },
    async close() {
      if (ownEmulator) await emulator.close();
      if (process.env.CF_CONFORMANCE_KEEP) return;
      rmSync(ownMirror ? mirror.root : dir, { recursive: true, force: true });
    },
  };
  return ws;
}

export const TERRAFORM_MISSING =
  "terraform was not found (looked at TERRAFORM_BIN and PATH). The " +
  "conformance suite needs the real binary, Terraform 1.11.4 is expected " +
  "at /usr/local/bin/terraform.";

/* ----- state ------------------------------------------------------------------------ */

export interface StateResource {
  address: string;
  type: string;
  name: string;
  mode: "managed" | "data";
  attributes: Record<string, unknown>;
}

export interface TerraformState {
  resources: StateResource[];
  /** managed resources by address ("cloudflare_zone.x") */
  byAddress: Map<string, StateResource>;
}

function readStateFile(dir: string, config: Record<string, unknown>) {
  const backend = (
    config.terraform as { backend?: { local?: { path?: string } } }
  )?.backend?.local?.path;
  const file = join(dir, backend ?? "terraform.tfstate");
  const resources: StateResource[] = [];
  if (existsSync(file)) {
    const raw = JSON.parse(readFileSync(file, "utf8")) as {
      resources?: Array<{
        mode: "managed" | "data";
        type: string;
        name: string;
        instances: Array<{ attributes: Record<string, unknown> }>;
      }>;
    };
    for (const r of raw.resources ?? []) {
      for (const inst of r.instances) {
        const prefix = r.mode === "data" ? "data." : "";
        resources.push({
          address: `${prefix}${r.type}.${r.name}`,
          type: r.type,
          name: r.name,
          mode: r.mode,
          attributes: inst.attributes,
        });
      }
    }
  }
  const byAddress = new Map(
    resources.filter((r) => r.mode === "managed").map((r) => [r.address, r]),
  );
  return { resources, byAddress };
}

type Json = Record<string, unknown>;

/* ----- emulator seed ------------------------------------------------------------------ */

/**
 * The default seed plus what the stack refers to by literal id: every
 * account `unit.id` becomes a unit of the default tenant and every member
 * role id unknown to the default role list becomes a role. So a stack
 * written for a partner's real tenant can run against the emulator.
 */
export function seedForStack(stackJson: object): EmulatorSeed {
  const json = stackJson as Json;
  const resources = (json.resource ?? {}) as Record<
    string,
    Record<string, Json>
  >;
  const units = new Set<string>();
  for (const body of Object.values(resources.cloudflare_account ?? {})) {
    const id = (body.unit as Json | undefined)?.id;
    if (typeof id === "string" && /^[0-9a-f]{32}$/.test(id)) units.add(id);
  }
  const roleIds = new Set<string>();
  for (const body of Object.values(resources.cloudflare_account_member ?? {})) {
    for (const r of (body.roles as unknown[] | undefined) ?? []) {
      if (typeof r === "string" && /^[0-9a-f]{32}$/.test(r)) roleIds.add(r);
    }
  }
  const base = DEFAULT_SEED.tenants![0];
  const known = new Set((base.units ?? []).map((u) => u.tag));
  const extraUnits = [...units]
    .filter((u) => !known.has(u))
    .map((tag, i) => ({ tag, name: `Stack unit ${i + 1}` }));
  const knownRoles = new Set(DEFAULT_ROLES.map((r) => r.id));
  const template =
    DEFAULT_ROLES.find((r) => r.name === "Billing") ?? DEFAULT_ROLES[0];
  const extraRoles = [...roleIds]
    .filter((r) => !knownRoles.has(r))
    .map((id, i) => ({ ...template, id, name: `Stack role ${i + 1}` }));
  return {
    ...DEFAULT_SEED,
    tenants: [{ ...base, units: [...(base.units ?? []), ...extraUnits] }],
    roles: [...DEFAULT_ROLES, ...extraRoles],
  };
}

/* ----- the cycle ------------------------------------------------------------------------ */

type Check = (
  emulator: TenantApiEmulator,
  state: TerraformState,
) => void | Promise<void>;

export interface PlanCounts {
  add: number;
  change: number;
  destroy: number;
}

export interface CycleExpectations {
  afterApply?: Check;
  afterChange?: Check;
  afterDestroy?: Check;
  /** What the change step's apply must report. Default: 0 added, >= 1 changed, 0 destroyed. */
  change?: Partial<PlanCounts>;
}

export interface CycleOptions extends WorkspaceOptions {
  stackJson?: object;
  /** A directory holding cdk.tf.json (cdktf.out/stacks/<name>). */
  stackDir?: string;
  /** Returns the configuration for the in-place change step. */
  change?: (json: Json) => Json;
  expect?: CycleExpectations;
}

export interface CycleResult {
  runs: TerraformRun[];
  stateAfterApply: TerraformState;
  stateAfterChange?: TerraformState;
  totalMs: number;
  /** providers the stack needs, from its required_providers */
  providerVersions: string[];
  /** versions of the stand-in processes terraform started, from the trace */
  standInVersions: string[];
  /** how many stand-in processes terraform started in the whole cycle */
  standInStarts: number;
}

/** What the stand-in processes of a mirror recorded (JSON lines). */
export function readTrace(
  mirror: ProviderMirror,
): Array<Record<string, unknown>> {
  if (!existsSync(mirror.traceFile)) return [];
  return readFileSync(mirror.traceFile, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function loadStack(options: CycleOptions): Json {
  if (options.stackJson) return JSON.parse(JSON.stringify(options.stackJson));
  if (options.stackDir) {
    const file = join(options.stackDir, "cdk.tf.json");
    return JSON.parse(readFileSync(file, "utf8"));
  }
  throw new Error("runTerraformCycle needs stackJson or stackDir");
}

/**
 * The provider block may carry a literal base_url; the cycle points it at
 * the emulator (credentials always come from the environment).
 */
function pointAtEmulator(json: Json, baseUrl: string): Json {
  const providers = (json.provider ?? {}) as Record<string, Json[]>;
  for (const block of providers.cloudflare ?? []) {
    if (block.base_url !== undefined) block.base_url = baseUrl;
  }
  return json;
}

/** Removes lifecycle.prevent_destroy so that the destroy step may run. */
export function stripPreventDestroy(json: Json): Json {
  const out = JSON.parse(JSON.stringify(json)) as Json;
  const resources = (out.resource ?? {}) as Record<
    string,
    Record<string, Json>
  >;
  for (const byName of Object.values(resources)) {
    for (const body of Object.values(byName)) {
      const lc = body.lifecycle as Json | undefined;
      if (lc && "prevent_destroy" in lc) {
        delete lc.prevent_destroy;
        if (Object.keys(lc).length === 0) delete body.lifecycle;
      }
    }
  }
  return out;
}

const SUMMARY =
  /(?:Apply complete!|Destroy complete!) Resources: (?:(\d+) added, (\d+) changed, )?(\d+) destroyed/;

export function applySummary(run: TerraformRun): PlanCounts | undefined {
  const m = SUMMARY.exec(run.stdout);
  if (!m) return undefined;
  return {
    add: Number(m[1] ?? 0),
    change: Number(m[2] ?? 0),
    destroy: Number(m[3]),
  };
}

/** The emulator's records by id, per resource type that has its own id. */
function recordsByType(
  emulator: TenantApiEmulator,
): Record<string, Record<string, unknown> | undefined> {
  const s = emulator.state;
  return {
    cloudflare_account: s.accounts,
    cloudflare_account_member: s.members,
    cloudflare_zone: s.zones,
    cloudflare_account_subscription: s.accountSubscriptions,
  };
}

/** The managed resources of the state must exist in the emulator. */
export function assertStateInEmulator(
  emulator: TenantApiEmulator,
  state: TerraformState,
): void {
  const s = emulator.state;
  const table = recordsByType(emulator);
  const missing: string[] = [];
  for (const r of state.byAddress.values()) {
    const id = String(r.attributes.id ?? "");
    if (r.type === "cloudflare_zone_subscription") {
      const zoneId = String(r.attributes.zone_id ?? "");
      const found = Object.values(s.zoneSubscriptions).some(
        (sub) => (sub as { ownerId?: string }).ownerId === zoneId,
      );
      if (!found) missing.push(`${r.address} (zone ${zoneId})`);
      continue;
    }
    const t = table[r.type];
    if (t && !(id in t)) missing.push(`${r.address} (id ${id})`);
  }
  if (missing.length > 0) {
    throw new Error(
      `terraform state holds resources the emulator does not have: ${missing.join(", ")}`,
    );
  }
}

/** After destroy nothing the stack created may be left, except zone plans. */
export function assertDestroyed(
  emulator: TenantApiEmulator,
  before: TerraformState,
): void {
  const table = recordsByType(emulator);
  const left: string[] = [];
  for (const r of before.byAddress.values()) {
    const id = String(r.attributes.id ?? "");
    const t = table[r.type];
    if (t && id in t) left.push(`${r.address} (id ${id})`);
  }
  if (left.length > 0) {
    throw new Error(`destroy left these in the emulator: ${left.join(", ")}`);
  }
}

function requiredVersions(json: Json): string[] {
  const rp = (json.terraform as Json | undefined)?.required_providers as
    Record<string, { version?: string }> | undefined;
  const v = rp?.cloudflare?.version;
  return v ? [v] : [];
}

/**
 * The full cycle. Accepts `runTerraformCycle(options)` or
 * `runTerraformCycle(stackDirOrJson, options)`.
 */
export async function runTerraformCycle(
  options: CycleOptions,
): Promise<CycleResult>;
export async function runTerraformCycle(
  stack: string | object,
  options?: CycleOptions,
): Promise<CycleResult>;
export async function runTerraformCycle(
  stackOrOptions: string | object,
  maybeOptions: CycleOptions = {},
): Promise<CycleResult> {
  let options: CycleOptions;
  if (typeof stackOrOptions === "string") {
    options = { ...maybeOptions, stackDir: stackOrOptions };
  } else if ("stackJson" in stackOrOptions || "stackDir" in stackOrOptions) {
    options = { ...(stackOrOptions as CycleOptions), ...maybeOptions };
  } else {
    options = { ...maybeOptions, stackJson: stackOrOptions };
  }
  const started = Date.now();
  const loaded = loadStack(options);
  let mirror = options.mirror;
  if (!mirror && usesExternal(loaded)) {
    // Gap resources read values back through hashicorp/external.
    mirror = createProviderMirror();
    addExternalToMirror(mirror);
  }
  const ws = await createWorkspace({
    ...options,
    mirror,
    emulatorOptions: options.emulatorOptions ?? { seed: seedForStack(loaded) },
  });
  try {
    // Assets cdktf synthesized next to cdk.tf.json (the gap runner).
    const assets = options.stackDir && join(options.stackDir, "assets");
    if (assets && existsSync(assets)) {
      cpSync(assets, join(ws.dir, "assets"), { recursive: true });
    }
    const stack = pointAtEmulator(loaded, ws.emulator.baseUrl);
    ws.writeConfig(stack);
    const flags = ["-no-color", "-input=false"];
    await ws.mustRun("init", ["init", ...flags]);
    await noWrites(ws, "validate", () =>
      ws.mustRun("validate", ["validate", "-no-color"]),
    );
    await noWrites(ws, "plan", () =>
      ws.mustRun("plan", ["plan", ...flags, "-out=cycle.tfplan"]),
    );
    await ws.mustRun("apply", ["apply", ...flags, "cycle.tfplan"]);
    const stateAfterApply = ws.readState();
    assertStateInEmulator(ws.emulator, stateAfterApply);
    await options.expect?.afterApply?.(ws.emulator, stateAfterApply);

    const noop = await noWrites(ws, "plan (must be empty)", () =>
      ws.terraform("plan (must be empty)", [
        "plan",
        ...flags,
        "-detailed-exitcode",
      ]),
    );
    if (noop.exitCode !== 0) throw new TerraformStepError(noop);

    let stateAfterChange: TerraformState | undefined;
    let current = stack;
    if (options.change) {
      current = pointAtEmulator(
        options.change(JSON.parse(JSON.stringify(stack))),
        ws.emulator.baseUrl,
      );
      ws.writeConfig(current);
      const run = await ws.mustRun("apply change", [
        "apply",
        ...flags,
        "-auto-approve",
      ]);
      const counts = applySummary(run);
      const want = options.expect?.change ?? { add: 0, destroy: 0 };
      if (
        !counts ||
        (want.add !== undefined && counts.add !== want.add) ||
        (want.destroy !== undefined && counts.destroy !== want.destroy) ||
        (want.change !== undefined
          ? counts.change !== want.change
          : counts.change < 1)
      ) {
        throw new Error(
          `the change step reported ${JSON.stringify(counts)}, expected ${JSON.stringify(want)} (in place)\n${run.stdout}`,
        );
      }
      stateAfterChange = ws.readState();
      assertStateInEmulator(ws.emulator, stateAfterChange);
      await options.expect?.afterChange?.(ws.emulator, stateAfterChange);
      const settled = await noWrites(ws, "plan after change", () =>
        ws.terraform("plan after change (must be empty)", [
          "plan",
          ...flags,
          "-detailed-exitcode",
        ]),
      );
      if (settled.exitCode !== 0) throw new TerraformStepError(settled);
    }

    // The library's accounts carry lifecycle.prevent_destroy; the harness
    // strips it so that destroy can run (terraform refuses otherwise).
    ws.writeConfig(stripPreventDestroy(current));
    const before = stateAfterChange ?? stateAfterApply;
    await ws.mustRun("destroy", ["destroy", ...flags, "-auto-approve"]);
    if (ws.readState().byAddress.size !== 0) {
      throw new Error("terraform state is not empty after destroy");
    }
    assertDestroyed(ws.emulator, before);
    await options.expect?.afterDestroy?.(ws.emulator, ws.readState());
    const starts = readTrace(ws.mirror).filter((e) => e.event === "start");
    return {
      standInVersions: [...new Set(starts.map((e) => String(e.version)))],
      standInStarts: starts.length,
      runs: ws.runs,
      stateAfterApply,
      stateAfterChange,
      totalMs: Date.now() - started,
      providerVersions: requiredVersions(stack),
    };
  } finally {
    await ws.close();
    if (mirror && !options.mirror && !process.env.CF_CONFORMANCE_KEEP) {
      rmSync(mirror.root, { recursive: true, force: true });
    }
  }
}

/** Runs a step that must not change anything at the API (GETs only). */
async function noWrites<T>(
  ws: Workspace,
  step: string,
  fn: () => Promise<T>,
): Promise<T> {
  const before = ws.emulator.requests.entries.length;
  const out = await fn();
  const writes = ws.emulator.requests.entries
    .slice(before)
    .filter((e) => e.method !== "GET" && e.method !== "HEAD");
  if (writes.length > 0) {
    throw new Error(
      `step "${step}" sent writes to the API: ${writes.map((e) => `${e.method} ${e.path}`).join(", ")}`,
    );
  }
  return out;
}

/** Whether the stack needs registry.terraform.io/hashicorp/external. */
function usesExternal(json: Json): boolean {
  const rp = (json.terraform as Json | undefined)?.required_providers as
    Record<string, { source?: string }> | undefined;
  return Object.values(rp ?? {}).some(
    (p) =>
      (p.source ?? "").replace(/^registry\.terraform\.io\//, "") ===
      "hashicorp/external",
  );
}

/** Human-readable timings of a cycle, one line per terraform run. */
export function describeRuns(runs: TerraformRun[]): string {
  return runs
    .map(
      (r) =>
        `${r.step.padEnd(36)} ${String(r.ms).padStart(6)} ms  exit ${r.exitCode}`,
    )
    .join("\n");
}

/** The terraform version line, or undefined if it cannot run. */
export function terraformVersion(): string | undefined {
  const bin = findTerraform();
  if (!bin) return undefined;
  try {
    return execFileSync(bin, ["version"], {
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    })
      .toString()
      .split("\n")[0];
  } catch {
    return undefined;
  }
}
