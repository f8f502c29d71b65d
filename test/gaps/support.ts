/**
 * Helpers of the gap tests: the runner bundle in a temporary folder, run as
 * a real child process against the emulator over HTTP.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runnerBundle } from "../../src/gaps/bundle";
import { INPUT_ENV, RUNNER_FILE } from "../../src/gaps/runner/protocol";
import { DEFAULT_EMULATOR_TOKEN, TenantApiEmulator } from "../../src/testing";

/** A temporary folder, removed by `cleanup`. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cftenant-${prefix}-`));
}

/** Writes the runner bundle into a fresh folder and answers its path. */
export function writeRunner(): string {
  const dir = tempDir("runner");
  const file = path.join(dir, RUNNER_FILE);
  fs.writeFileSync(file, runnerBundle());
  return file;
}

/** What one runner process did. */
export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment for a runner that talks to the emulator with its token. */
export function emulatorEnv(
  emulator: TenantApiEmulator,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CHECKPOINT_DISABLE: "1",
    CLOUDFLARE_API_TOKEN: DEFAULT_EMULATOR_TOKEN,
    CLOUDFLARE_BASE_URL: emulator.baseUrl,
    ...extra,
  };
}

/** Starts the runner; `done` settles when it exits. */
export function startRunner(
  runner: string,
  op: string,
  options: {
    readonly input?: unknown;
    readonly stdin?: string;
    readonly env: NodeJS.ProcessEnv;
    readonly cwd?: string;
  },
): { child: ChildProcess; done: Promise<RunResult> } {
  const env = { ...options.env };
  if (options.input !== undefined) {
    env[INPUT_ENV] = JSON.stringify(options.input);
  }
  const child = spawn(process.execPath, [runner, op], {
    env,
    cwd: options.cwd ?? path.dirname(runner),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  child.stdin?.end(options.stdin ?? "");
  const done = new Promise<RunResult>((resolve) => {
    child.on("close", (code, signal) =>
      resolve({ code, signal, stdout, stderr }),
    );
  });
  return { child, done };
}

/** Runs the runner to its end. */
export function runRunner(
  runner: string,
  op: string,
  options: Parameters<typeof startRunner>[2],
): Promise<RunResult> {
  return startRunner(runner, op, options).done;
}

/** Waits until `check` holds, polling every 20 ms, at most `ms`. */
export async function waitFor(
  check: () => boolean,
  ms: number,
  what: string,
): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Creates an account and a zone in the emulator over HTTP. */
export async function createAccountAndZone(
  emulator: TenantApiEmulator,
  name: string,
): Promise<{ accountId: string; zoneId: string }> {
  const account = await api(emulator, "POST", "/accounts", {
    name,
    type: "standard",
  });
  const zone = await api(emulator, "POST", "/zones", {
    name: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.example`,
    account: { id: account.id },
  });
  return { accountId: String(account.id), zoneId: String(zone.id) };
}

/** One request to the emulator with its default token. */
export async function api(
  emulator: TenantApiEmulator,
  method: string,
  route: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.baseUrl}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${DEFAULT_EMULATOR_TOKEN}`,
      "content-type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const envelope = (await response.json()) as {
    success: boolean;
    result: Record<string, unknown>;
    errors: unknown[];
  };
  if (!envelope.success) {
    throw new Error(`${method} ${route}: ${JSON.stringify(envelope.errors)}`);
  }
  return envelope.result;
}
