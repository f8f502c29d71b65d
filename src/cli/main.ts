#!/usr/bin/env node
import { parseArgs } from "util";
import { CliIo, UsageError, processIo } from "./io";
import { LOOKUPS_USAGE, lookupsCommand } from "./lookups";

export const USAGE = `Usage: cdktf-tenant <command> [options]

Commands:
  lookups refresh|list|clear   Manage the synth-time lookup cache
                               (cdktf-tenant.lookups.json).
  emulator                     Run the Tenant API emulator on 127.0.0.1.
  help                         Show this text.

Run "cdktf-tenant lookups --help" for the lookup commands.
`;

/** Runs the command line; resolves to the exit code. */
export async function main(
  argv: string[],
  io: CliIo = processIo(),
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "lookups":
        return await lookupsCommand(io, rest);
      case "emulator": {
        const { emulatorCommand } = await import("./emulator");
        return await emulatorCommand(rest, io);
      }
      case "--version":
      case "-v": {
        parseArgs({ args: rest, options: {} });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pkg = require("../../package.json") as { version: string };
        io.stdout(`${pkg.version}\n`);
        return 0;
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout(`${USAGE}\n${LOOKUPS_USAGE}`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(
          `unknown command ${JSON.stringify(command)}; use lookups or emulator.`,
        );
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`cdktf-tenant: ${message}\n`);
    const usage =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    return usage ? 2 : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`cdktf-tenant: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
