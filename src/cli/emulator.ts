import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  DEFAULT_EMULATOR_API_KEY,
  DEFAULT_EMULATOR_EMAIL,
  DEFAULT_EMULATOR_TOKEN,
  TenantApiEmulator,
  TenantApiEmulatorOptions,
} from "../testing";
import { CliIo, UsageError, processIo } from "./io";

export const EMULATOR_USAGE = `Usage: cdktf-tenant emulator [--port N] [--seed FILE] [--token T]
  [--rate-limit REQUESTS/SECONDS]

Runs the Tenant API emulator on 127.0.0.1 until SIGINT or SIGTERM.
  --port N          TCP port (default 8787; 0 picks a free one)
  --seed FILE       JSON seed (tenants, units, accounts, zones, roles)
  --token T         accept this API token instead of the default one
  --rate-limit R/S  answer 429 past R requests per S seconds (e.g. 1200/300)
`;

/**
 * Starts the emulator, prints its base URL and how to point the provider
 * and the library at it, and resolves to the exit code once SIGINT or
 * SIGTERM stopped it.
 */
export async function emulatorCommand(
  argv: string[],
  io: CliIo = processIo(),
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "8787" },
      seed: { type: "string" },
      token: { type: "string" },
      "rate-limit": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(EMULATOR_USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(
      `--port ${JSON.stringify(values.port)} is not a TCP port; use a number from 0 to 65535.`,
    );
  }
  const options: TenantApiEmulatorOptions = { port };
  if (values.seed) {
    options.seed = resolve(io.cwd, values.seed);
  }
  if (values.token) {
    options.credentials = {
      tokens: [values.token],
      apiKeys: [
        { email: DEFAULT_EMULATOR_EMAIL, key: DEFAULT_EMULATOR_API_KEY },
      ],
    };
  }
  if (values["rate-limit"]) {
    const match = /^(\d+)\/(\d+)$/.exec(values["rate-limit"]);
    if (!match) {
      throw new UsageError(
        `--rate-limit ${JSON.stringify(values["rate-limit"])} is not REQUESTS/SECONDS; use e.g. 1200/300.`,
      );
    }
    options.rateLimit = {
      requests: Number(match[1]),
      windowSeconds: Number(match[2]),
    };
  }

  const emulator = await TenantApiEmulator.start(options);
  const tokenHint = values.token
    ? "the token given with --token"
    : DEFAULT_EMULATOR_TOKEN;
  io.stdout(
    [
      `Tenant API emulator listening on ${emulator.baseUrl}`,
      `  export CLOUDFLARE_BASE_URL=${emulator.baseUrl}`,
      `  export CLOUDFLARE_API_TOKEN=${tokenHint}`,
      `  (or CLOUDFLARE_EMAIL=${DEFAULT_EMULATOR_EMAIL} CLOUDFLARE_API_KEY=${DEFAULT_EMULATOR_API_KEY})`,
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );

  await new Promise<void>((done) => {
    const stop = () => {
      signals.off("SIGINT", stop);
      signals.off("SIGTERM", stop);
      done();
    };
    signals.on("SIGINT", stop);
    signals.on("SIGTERM", stop);
  });
  await emulator.close();
  io.stdout(`Emulator stopped after ${emulator.requests.count} requests.\n`);
  return 0;
}

/** The same command under the name the task used. */
export const runEmulatorCli = emulatorCommand;

if (require.main === module) {
  emulatorCommand(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `cdktf-tenant emulator: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}
