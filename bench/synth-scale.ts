/**
 * Synthesis at scale: N customers (each with an account, a member, a zone
 * on a plan and an add-on) through the library's constructs and, in the
 * same run, the same resources through the raw provider classes. Every
 * case runs in a fresh `node` process on compiled JavaScript (tsc output
 * in node_modules/.cache/cdktf-tenant-bench), so both sides load and run
 * the same way.
 *
 *   npx ts-node --transpile-only bench/synth-scale.ts [options]
 *
 * Options:
 *   --sizes 10,100,1000,10000   customer counts
 *   --cases raw,library,fleet   which cases (also raw-sharded,
 *                               library-no-traces)
 *   --repeats N                 runs per case for every size (default:
 *                               7 up to 1,000 customers, else 3)
 *   --no-build                  reuse the last compiled build
 *
 * Prints a Markdown table and writes it, with every run's numbers, to
 * bench/results/synth-scale.{md,json}.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ChildReport, countSynthesized, median, runChild } from "./run-child";

const ROOT = resolve(__dirname, "..");
const RESULTS = join(ROOT, "bench", "results");
/** Where tsc puts the compiled benchmark (outside the linted folders). */
const BUILD = join(ROOT, "node_modules", ".cache", "cdktf-tenant-bench");
const CASE_SCRIPT = join(BUILD, "scale", "bench", "scale-case.js");

interface Options {
  sizes: number[];
  cases: string[];
  repeats?: number;
  build: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    sizes: [10, 100, 1000, 10000],
    cases: ["raw", "library", "fleet"],
    build: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--sizes") {
      options.sizes = argv[++i].split(",").map(Number);
    } else if (arg === "--cases") {
      options.cases = argv[++i].split(",");
    } else if (arg === "--repeats") {
      options.repeats = Number(argv[++i]);
    } else if (arg === "--no-build") {
      options.build = false;
    } else {
      throw new Error(`unknown option ${arg}`);
    }
  }
  return options;
}

function repeatsFor(n: number, options: Options): number {
  if (options.repeats !== undefined) {
    return options.repeats;
  }
  return n <= 1000 ? 7 : 3;
}

/** Compiles src/ and bench/ with tsc into bench/results/build. */
export function buildBench(): void {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", "bench/tsconfig.json"], {
      cwd: ROOT,
      stdio: "pipe",
    });
  } catch (err) {
    // tsc still writes its output when other files have type errors.
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? "";
    process.stderr.write(`tsc reported errors (output kept):\n${out}\n`);
  }
}

interface Summary {
  n: number;
  kind: string;
  runs: ChildReport[];
  timeMs: number;
  cpuMs: number;
  processMs: number;
  rssMb: number;
  stacks: number;
  resources: number;
  bytes: number;
}

async function runCase(kind: string, n: number, count: boolean) {
  const outdir = mkdtempSync(join(tmpdir(), `synth-${kind}-${n}-`));
  try {
    const report = await runChild(process.execPath, [
      CASE_SCRIPT,
      kind,
      String(n),
      outdir,
    ]);
    const counted = count
      ? countSynthesized(outdir)
      : { stacks: 0, resources: 0, bytes: 0 };
    return { report, counted };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function fmtS(ms: number): string {
  return (ms / 1000).toFixed(ms < 10000 ? 2 : 1);
}

function fmtRatio(a: number, b: number): string {
  return (a / b).toFixed(2);
}

function table(summaries: Summary[], options: Options): string {
  const get = (n: number, kind: string) =>
    summaries.find((s) => s.n === n && s.kind === kind);
  const num = (n: number) => n.toLocaleString("en-US");
  const lines = [
    "| customers | resources | raw time (s) | library time (s) | time ratio | raw peak RSS (MB) | library peak RSS (MB) | memory ratio | raw CPU (s) | library CPU (s) | CPU ratio |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const n of options.sizes) {
    const raw = get(n, "raw");
    const lib = get(n, "library");
    if (!raw || !lib) continue;
    lines.push(
      `| ${num(n)} | ${num(lib.resources)} ` +
        `| ${fmtS(raw.timeMs)} | ${fmtS(lib.timeMs)} | ${fmtRatio(lib.timeMs, raw.timeMs)} ` +
        `| ${raw.rssMb.toFixed(0)} | ${lib.rssMb.toFixed(0)} | ${fmtRatio(lib.rssMb, raw.rssMb)} ` +
        `| ${fmtS(raw.cpuMs)} | ${fmtS(lib.cpuMs)} | ${fmtRatio(lib.cpuMs, raw.cpuMs)} |`,
    );
  }
  const extra = options.sizes.filter(
    (n) =>
      get(n, "fleet") || get(n, "raw-sharded") || get(n, "library-no-traces"),
  );
  const cell = (x: Summary | undefined, f: (x: Summary) => string) =>
    x ? f(x) : "-";
  if (extra.length > 0) {
    lines.push(
      "",
      "| customers | library in withoutTokenStackTraces: time (s) | peak RSS (MB) | fleet stacks | fleet time (s) | fleet peak RSS (MB) | raw in stacks of 500: time (s) | peak RSS (MB) |",
      "|---:|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const n of extra) {
      const quiet = get(n, "library-no-traces");
      const fleet = get(n, "fleet");
      const raw = get(n, "raw-sharded");
      lines.push(
        `| ${num(n)} | ${cell(quiet, (x) => fmtS(x.timeMs))} | ${cell(quiet, (x) => x.rssMb.toFixed(0))} ` +
          `| ${cell(fleet, (x) => String(x.stacks))} | ${cell(fleet, (x) => fmtS(x.timeMs))} | ${cell(fleet, (x) => x.rssMb.toFixed(0))} ` +
          `| ${cell(raw, (x) => fmtS(x.timeMs))} | ${cell(raw, (x) => x.rssMb.toFixed(0))} |`,
      );
    }
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  mkdirSync(RESULTS, { recursive: true });
  if (options.build) {
    process.stderr.write("compiling src/ and bench/ with tsc ...\n");
    buildBench();
  }
  const summaries: Summary[] = [];
  for (const n of options.sizes) {
    const repeats = repeatsFor(n, options);
    const runs: Record<string, ChildReport[]> = {};
    const counts: Record<string, ReturnType<typeof countSynthesized>> = {};
    for (let r = 0; r < repeats; r++) {
      for (const kind of options.cases) {
        process.stderr.write(`${kind} n=${n} run ${r + 1}/${repeats} ... `);
        const { report, counted } = await runCase(kind, n, r === 0);
        process.stderr.write(
          `${fmtS(report.totalMs)} s, ${(report.maxRssKb / 1024).toFixed(0)} MB\n`,
        );
        (runs[kind] ??= []).push(report);
        if (r === 0) {
          counts[kind] = counted;
        }
      }
    }
    for (const kind of options.cases) {
      summaries.push({
        n,
        kind,
        runs: runs[kind],
        timeMs: median(runs[kind].map((x) => x.totalMs)),
        cpuMs: median(runs[kind].map((x) => Number(x.cpuMs))),
        processMs: median(runs[kind].map((x) => x.processMs)),
        rssMb: median(runs[kind].map((x) => x.maxRssKb / 1024)),
        ...counts[kind],
      });
    }
  }
  const md = table(summaries, options);
  process.stdout.write(`${md}\n`);
  writeFileSync(join(RESULTS, "synth-scale.md"), `${md}\n`);
  writeFileSync(
    join(RESULTS, "synth-scale.json"),
    JSON.stringify(
      {
        node: process.version,
        date: new Date().toISOString(),
        summaries,
      },
      null,
      2,
    ),
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
