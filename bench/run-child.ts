/**
 * Helpers for the benchmarks: run a command in a fresh child process,
 * collect its JSON line, count the resources it synthesized, and take
 * medians.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** What a child reports, plus what the parent measured around it. */
export interface ChildReport {
  readonly [field: string]: unknown;
  readonly maxRssKb: number;
  readonly totalMs: number;
  /** Wall time from spawn to exit, measured by the parent. */
  readonly processMs: number;
}

/** Runs `command args` with CHECKPOINT_DISABLE=1; parses its last line. */
export function runChild(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const processMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) {
        reject(
          new Error(
            `${command} ${args.join(" ")} exited with ${code ?? signal}:\n` +
              stderr.slice(-4000),
          ),
        );
        return;
      }
      const line = stdout.trim().split("\n").pop() ?? "";
      try {
        resolve({ ...JSON.parse(line), processMs });
      } catch {
        reject(new Error(`no JSON report from ${command}: ${stdout}`));
      }
    });
  });
}

/** The number of resources and stacks in a cdktf output directory. */
export function countSynthesized(outdir: string): {
  stacks: number;
  resources: number;
  bytes: number;
} {
  const stacksDir = join(outdir, "stacks");
  let stacks = 0;
  let resources = 0;
  let bytes = 0;
  if (!existsSync(stacksDir)) {
    return { stacks, resources, bytes };
  }
  for (const name of readdirSync(stacksDir)) {
    const file = join(stacksDir, name, "cdk.tf.json");
    if (!existsSync(file)) {
      continue;
    }
    const text = readFileSync(file, "utf8");
    bytes += text.length;
    stacks++;
    const json = JSON.parse(text) as {
      resource?: Record<string, Record<string, unknown>>;
    };
    for (const byType of Object.values(json.resource ?? {})) {
      resources += Object.keys(byType).length;
    }
  }
  return { stacks, resources, bytes };
}

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]
    : (sorted[mid - 1] + sorted[mid]) / 2;
}
