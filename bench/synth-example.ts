/**
 * The main example (examples/partner-stack, `PartnerStack`) synthesized the
 * way a user runs it, beside the same app precompiled:
 *
 *   cdktf synth            the CLI, running cdktf.json's app
 *                          (npx ts-node --transpile-only ...)
 *   app via ts-node        cdktf.json's app command alone
 *   app precompiled        tsc output run with node
 *   cdktf synth --app node the CLI, running the precompiled app
 *
 *   npx ts-node --transpile-only bench/synth-example.ts [--repeats N]
 *
 * Each case runs in fresh processes, N times (default 5), interleaved; the
 * table shows the median wall time and the median peak RSS of the biggest
 * process (GNU time's %M, so /usr/bin/time must exist). Writes
 * bench/results/synth-example.{md,json}.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median } from "./run-child";

const ROOT = resolve(__dirname, "..");
const RESULTS = join(ROOT, "bench", "results");
const COMPILED_MAIN = join(
  ROOT,
  "node_modules",
  ".cache",
  "cdktf-tenant-bench",
  "example",
  "examples",
  "partner-stack",
  "main.js",
);
const TIME = "/usr/bin/time";

interface Case {
  readonly name: string;
  /** The command, given the output directory. */
  readonly command: (outdir: string) => string[];
}

const CDKTF = join(ROOT, "node_modules", ".bin", "cdktf");
const APP = (
  JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")) as {
    app: string;
  }
).app;

const CASES: readonly Case[] = [
  {
    name: "`cdktf synth` (cdktf.json: ts-node --transpile-only)",
    command: (out) => [CDKTF, "synth", "--output", out],
  },
  {
    name: "cdktf.json's app alone (ts-node --transpile-only)",
    command: () => ["sh", "-c", APP],
  },
  {
    name: "precompiled app (tsc, then node)",
    command: () => [process.execPath, COMPILED_MAIN],
  },
  {
    name: "`cdktf synth --app` with the precompiled app",
    command: (out) => [
      CDKTF,
      "synth",
      "--output",
      out,
      "--app",
      `node ${COMPILED_MAIN}`,
    ],
  },
];

function run(command: string[], outdir: string): Promise<[number, number]> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(TIME, ["-f", "%M", ...command], {
      cwd: ROOT,
      env: {
        ...process.env,
        CHECKPOINT_DISABLE: "1",
        CI: "1",
        CDKTF_OUTDIR: outdir,
        FORCE_COLOR: "0",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const lines = stderr.trim().split("\n");
      const rssKb = Number(lines[lines.length - 1]);
      if (code !== 0 || !Number.isFinite(rssKb)) {
        fail(new Error(`${command.join(" ")} failed (${code}):\n${stderr}`));
        return;
      }
      if (!existsSync(join(outdir, "stacks", "partner", "cdk.tf.json"))) {
        fail(new Error(`${command.join(" ")} wrote no partner stack`));
        return;
      }
      done([ms, rssKb / 1024]);
    });
  });
}

async function main(): Promise<void> {
  const i = process.argv.indexOf("--repeats");
  const repeats = i > 0 ? Number(process.argv[i + 1]) : 5;
  mkdirSync(RESULTS, { recursive: true });
  if (!existsSync(TIME)) {
    throw new Error(`${TIME} (GNU time) is needed to measure peak memory`);
  }
  const started = process.hrtime.bigint();
  try {
    execFileSync(
      process.execPath,
      [
        join(ROOT, "node_modules", "typescript", "bin", "tsc"),
        "-p",
        "bench/tsconfig.example.json",
      ],
      { cwd: ROOT, stdio: "pipe" },
    );
  } catch (err) {
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? "";
    process.stderr.write(`tsc reported errors (output kept):\n${out}\n`);
  }
  const tscMs = Number(process.hrtime.bigint() - started) / 1e6;
  const times = CASES.map(() => [] as number[]);
  const rss = CASES.map(() => [] as number[]);
  for (let r = 0; r < repeats; r++) {
    for (const [c, spec] of CASES.entries()) {
      const outdir = mkdtempSync(join(tmpdir(), "synth-example-"));
      try {
        const [ms, mb] = await run(spec.command(outdir), outdir);
        process.stderr.write(
          `${spec.name} run ${r + 1}/${repeats}: ${(ms / 1000).toFixed(2)} s, ${mb.toFixed(0)} MB\n`,
        );
        times[c].push(ms);
        rss[c].push(mb);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    }
  }
  const base = median(times[2]);
  const lines = [
    "| how the example is synthesized | wall time (s) | vs precompiled app | peak RSS (MB) |",
    "|---|---:|---:|---:|",
    ...CASES.map(
      (spec, c) =>
        `| ${spec.name} | ${(median(times[c]) / 1000).toFixed(2)} | ${(median(times[c]) / base).toFixed(2)} | ${median(rss[c]).toFixed(0)} |`,
    ),
    "",
    `Precompiling (tsc -p bench/tsconfig.example.json) took ${(tscMs / 1000).toFixed(1)} s once.`,
  ];
  const md = lines.join("\n");
  process.stdout.write(`${md}\n`);
  writeFileSync(join(RESULTS, "synth-example.md"), `${md}\n`);
  writeFileSync(
    join(RESULTS, "synth-example.json"),
    JSON.stringify(
      {
        node: process.version,
        date: new Date().toISOString(),
        repeats,
        tscMs,
        cases: CASES.map((s, c) => ({
          name: s.name,
          times: times[c],
          rssMb: rss[c],
        })),
      },
      null,
      2,
    ),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
