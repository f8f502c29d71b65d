/**
 * The gap runner's entry point: `node cftenant-gaps-runner.js <operation>`.
 *
 * Terraform runs it from `terraform_data` provisioners (local-exec; the
 * input comes as JSON in CFTENANT_GAP_INPUT) and from hashicorp/external
 * data sources (the query comes as JSON on standard input, the answer goes
 * as JSON to standard output). Credentials and CLOUDFLARE_BASE_URL come
 * from the environment, the same variables the Cloudflare provider reads;
 * they never travel on the command line or in the JSON.
 *
 * This module is a command-line program: it writes one line per step to
 * standard output (Terraform's log) and errors to standard error. It never
 * writes a credential or a service user's API key.
 */
import { CloudflareClient } from "../../api/client";
import type { GapApi, Report } from "./api";
import { GapRunnerError, missingInput, unknownOperation } from "./failures";
import { applyKyc, readKyc } from "./kyc";
import { INPUT_ENV, Operation, ReadQuery } from "./protocol";
import { createServiceUser } from "./service-user";
import {
  deleteAddon,
  ensureAddon,
  ensureZonePlan,
  readAddon,
  readZonePlan,
  releaseZonePlan,
} from "./subscriptions";

type Input = Record<string, unknown>;

const APPLY: Record<
  string,
  (api: GapApi, input: Input, r: Report) => Promise<void>
> = {
  [Operation.ZONE_PLAN_ENSURE]: (api, input, r) =>
    ensureZonePlan(api, input as never, r),
  [Operation.ZONE_PLAN_RELEASE]: (api, input, r) =>
    releaseZonePlan(api, input as never, r),
  [Operation.ADDON_ENSURE]: (api, input, r) =>
    ensureAddon(api, input as never, r),
  [Operation.ADDON_DELETE]: (api, input, r) =>
    deleteAddon(api, input as never, r),
  [Operation.KYC_APPLY]: (api, input, r) => applyKyc(api, input as never, r),
  [Operation.SERVICE_USER_CREATE]: (api, input, r) =>
    createServiceUser(api, input as never, r),
};

const READ: Record<
  string,
  (api: GapApi, query: ReadQuery) => Promise<Record<string, string>>
> = {
  [Operation.ZONE_PLAN_READ]: readZonePlan,
  [Operation.ADDON_READ]: readAddon,
  [Operation.KYC_READ]: readKyc,
};

/** What the runner needs from its process, so that tests can give it. */
export interface RunnerIo {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readStdin(): Promise<string>;
  out(text: string): void;
  err(text: string): void;
}

function parseObject(text: string | undefined): Input | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Input)
      : undefined;
  } catch {
    return undefined;
  }
}

function baseUrlOf(input: Input): string | undefined {
  const url = input.base_url;
  return typeof url === "string" && url !== "" ? url : undefined;
}

/** Runs one operation; answers the process's exit code. */
export async function run(io: RunnerIo): Promise<number> {
  const op = io.argv[0];
  const known = [...Object.keys(APPLY), ...Object.keys(READ)];
  let client: CloudflareClient | undefined;
  try {
    if (op === undefined || !known.includes(op)) {
      throw unknownOperation(op, known);
    }
    if (READ[op] !== undefined) {
      const query = parseObject(await io.readStdin()) ?? {};
      const strings: Record<string, string> = {};
      for (const [k, v] of Object.entries(query)) {
        if (typeof v === "string") strings[k] = v;
      }
      client = CloudflareClient.fromEnvironment(io.env, {
        baseUrl: baseUrlOf(strings),
      });
      const answer = await READ[op](client, strings);
      io.out(`${JSON.stringify(answer)}\n`);
      return 0;
    }
    const input = parseObject(io.env[INPUT_ENV]);
    if (input === undefined) throw missingInput(INPUT_ENV);
    const extra = parseObject(io.env[`${INPUT_ENV}_EXTRA`]) ?? {};
    const merged = { ...input, ...extra };
    client = CloudflareClient.fromEnvironment(io.env, {
      baseUrl: baseUrlOf(merged),
    });
    await APPLY[op](client, merged, (line) =>
      io.out(`cftenant-gaps ${op}: ${line}\n`),
    );
    return 0;
  } catch (error) {
    const text =
      error instanceof GapRunnerError || error instanceof Error
        ? error.message
        : String(error);
    io.err(`cftenant-gaps ${op ?? "(no operation)"}: ${text}\n`);
    return 1;
  } finally {
    await client?.close();
  }
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(Buffer.from(c)));
    stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    stream.on("error", reject);
  });
}

if (require.main === module) {
  void run({
    argv: process.argv.slice(2),
    env: process.env,
    readStdin: () => readAll(process.stdin),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}
