/**
 * Terraform-side helpers of the gap tests: synthesize a stack with its
 * assets, and a conformance workspace whose mirror also serves the
 * hashicorp/external stand-in.
 */
import { App, TerraformStack } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import type { TenantApiEmulatorOptions } from "../../src/testing";
import {
  createProviderMirror,
  createWorkspace,
  seedForStack,
  Workspace,
} from "../conformance/harness";
import { addExternalToMirror } from "../conformance/external/mirror";

export type Json = Record<string, unknown>;

/** A synthesized stack: its folder (with assets) and its JSON. */
export interface Synthesized {
  readonly dir: string;
  readonly json: Json;
}

/** Synthesizes one stack into `outdir`, the way `cdktf synth` does. */
export function synthInto(
  outdir: string,
  name: string,
  make: (app: App, name: string) => TerraformStack,
): Synthesized {
  const app = new App({ outdir });
  make(app, name);
  app.synth();
  const dir = path.join(outdir, "stacks", name);
  const json = JSON.parse(
    fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"),
  ) as Json;
  // cdktf's default local backend names a path in the current folder; the
  // workspace keeps its state in its own folder instead.
  delete (json.terraform as Json).backend;
  return { dir, json };
}

/** Puts a synthesized stack into the workspace: its JSON and its assets. */
export function install(
  ws: Workspace,
  stack: Synthesized,
  json: Json = stack.json,
): void {
  fs.rmSync(path.join(ws.dir, "assets"), { recursive: true, force: true });
  const assets = path.join(stack.dir, "assets");
  if (fs.existsSync(assets)) {
    fs.cpSync(assets, path.join(ws.dir, "assets"), { recursive: true });
  }
  ws.writeConfig(json);
}

/**
 * A workspace for a stack with gap resources. With `logFile`, Terraform
 * writes its TRACE log there.
 */
export async function gapWorkspace(
  stack: Synthesized,
  options: {
    readonly logFile?: string;
    readonly emulatorOptions?: TenantApiEmulatorOptions;
  } = {},
): Promise<Workspace> {
  const saved = { log: process.env.TF_LOG, path: process.env.TF_LOG_PATH };
  if (options.logFile !== undefined) {
    process.env.TF_LOG = "TRACE";
    process.env.TF_LOG_PATH = options.logFile;
  }
  try {
    const mirror = createProviderMirror();
    addExternalToMirror(mirror);
    const ws = await createWorkspace({
      mirror,
      emulatorOptions: options.emulatorOptions ?? {
        seed: seedForStack(stack.json),
      },
    });
    const close = ws.close.bind(ws);
    ws.close = async () => {
      await close();
      fs.rmSync(mirror.root, { recursive: true, force: true });
    };
    return ws;
  } finally {
    restore("TF_LOG", saved.log);
    restore("TF_LOG_PATH", saved.path);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Every file under a folder. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * The ids of running processes whose command line holds `needle` and whose
 * working folder is `cwd` (one test's own workspace), read from /proc.
 */
export function processesWith(needle: string, cwd: string): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs
        .readFileSync(`/proc/${entry}/cmdline`, "utf8")
        .split("\0");
      if (
        cmdline.some((arg) => arg.includes(needle)) &&
        fs.readlinkSync(`/proc/${entry}/cwd`) === cwd
      ) {
        out.push(Number(entry));
      }
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}
