/**
 * Delivery of a service user's API key to the sink the user chose: a file
 * readable by its owner alone (mode 0600), or a program that reads the key
 * on its standard input. The key is never printed, never put on a command
 * line and never written anywhere else.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  sinkCommandFailed,
  sinkFolderMissing,
  sinkInsideSynthOutput,
  sinkPathNotAbsolute,
} from "./failures";
import type { ApiKeySinkInput } from "./protocol";

/** The absolute path of a file sink: `~/` is the home folder. */
export function resolveSinkPath(value: string): string {
  if (value === "~" || value.startsWith("~/")) {
    return path.join(os.homedir(), value.slice(1));
  }
  if (!path.isAbsolute(value)) throw sinkPathNotAbsolute(value);
  return path.resolve(value);
}

/**
 * Checks a sink before the user is created, so that a bad sink cannot lose
 * a key: a file must lie outside any cdktf.out folder, in a folder that
 * exists.
 */
export function checkSink(sink: ApiKeySinkInput): void {
  if (sink.kind !== "file") return;
  const file = resolveSinkPath(sink.path);
  if (file.split(path.sep).includes("cdktf.out")) {
    throw sinkInsideSynthOutput(sink.path);
  }
  const folder = path.dirname(file);
  let isFolder = false;
  try {
    isFolder = fs.statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw sinkFolderMissing(folder);
}

/** Whether a file sink already holds a key (a non-empty file). */
export function sinkHoldsKey(sink: ApiKeySinkInput): boolean {
  if (sink.kind !== "file") return false;
  try {
    return fs.statSync(resolveSinkPath(sink.path)).size > 0;
  } catch {
    return false;
  }
}

/** A description of the sink for the log, without the key. */
export function describeSink(sink: ApiKeySinkInput): string {
  return sink.kind === "file"
    ? `file ${sink.path} (mode 0600)`
    : `the standard input of ${sink.argv[0]}`;
}

/** Writes the key to the sink. */
export async function deliverKey(
  sink: ApiKeySinkInput,
  apiKey: string,
): Promise<void> {
  if (sink.kind === "file") {
    writeKeyFile(resolveSinkPath(sink.path), apiKey);
    return;
  }
  await pipeToCommand(sink.argv, apiKey);
}

function writeKeyFile(file: string, apiKey: string): void {
  // Write beside the target and rename, so that the file is either absent
  // or complete, and never readable by others, not even for a moment.
  const temp = `${file}.${process.pid}.tmp`;
  fs.rmSync(temp, { force: true });
  const fd = fs.openSync(temp, "wx", 0o600);
  try {
    fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, `${apiKey}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
}

function pipeToCommand(argv: readonly string[], apiKey: string): Promise<void> {
  const [program, ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      stdio: ["pipe", "inherit", "inherit"],
      shell: false,
    });
    child.on("error", (error) =>
      reject(sinkCommandFailed(program, error.message)),
    );
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else {
        const detail = signal ? `killed by ${signal}` : `exit code ${code}`;
        reject(sinkCommandFailed(program, detail));
      }
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(`${apiKey}\n`);
  });
}
