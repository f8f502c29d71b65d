/**
 * Builds the runner as one self-contained CommonJS file.
 *
 * The runner ships inside the synthesized stack folder, where only `node`
 * can be counted on: no node_modules, no TypeScript. So the library's own
 * modules that the runner uses (its operations and the API client's
 * request, envelope and retry code) are gathered into one file, each module
 * wrapped in a function, with a small `require` that resolves the bundled
 * modules and hands everything else to Node's own `require`, which must
 * then be a Node built-in. The one package the client imports, undici, is
 * replaced by a small module on Node's global fetch (runner/undici-fetch).
 *
 * The modules are read from beside this file: compiled `.js` in the
 * published package, `.ts` when the library runs from source (ts-node or
 * ts-jest), then transpiled with the TypeScript compiler, which is present
 * whenever `.ts` files run.
 */
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { runnerNeedsPackage } from "./errors";

interface BundledModule {
  readonly id: number;
  readonly file: string;
  readonly code: string;
  /** Specifier as written -> bundled module id or a built-in's name. */
  readonly requires: Map<string, number | string>;
}

const BUILTINS = new Set(builtinModules);

/**
 * Packages the runner's modules import, and the module of this library
 * that stands in for each inside the bundle.
 */
const SHIMS: Readonly<Record<string, string>> = {
  undici: path.join(__dirname, "runner", "undici-fetch"),
};
const REQUIRE = /\brequire\(\s*"([^"]+)"\s*\)/g;

let cached: string | undefined;

/**
 * The runner bundle's text. Built once per process; the first call reads
 * and (from source) transpiles about a dozen small modules.
 */
export function runnerBundle(): string {
  if (cached === undefined) {
    cached = buildBundle(resolveModule(path.join(__dirname, "runner", "main")));
  }
  return cached;
}

/**
 * Bundles the module at `entry` and every module it requires by relative
 * path. Exposed for tests; `runnerBundle()` is what the constructs use.
 */
export function buildBundle(entry: string): string {
  const modules = new Map<string, BundledModule>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (modules.has(file)) continue;
    const code = compile(file);
    const requires = new Map<string, number | string>();
    const module: BundledModule = { id: modules.size, file, code, requires };
    modules.set(file, module);
    for (const match of code.matchAll(REQUIRE)) {
      const specifier = match[1];
      if (specifier.startsWith(".")) {
        const target = resolveModule(
          path.resolve(path.dirname(file), specifier),
        );
        requires.set(specifier, target);
        queue.push(target);
      } else if (SHIMS[specifier] !== undefined) {
        const target = resolveModule(SHIMS[specifier]);
        requires.set(specifier, target);
        queue.push(target);
      } else if (
        BUILTINS.has(specifier) ||
        BUILTINS.has(specifier.replace(/^node:/, ""))
      ) {
        requires.set(specifier, specifier);
      } else {
        throw runnerNeedsPackage(path.basename(file), specifier);
      }
    }
  }
  // Replace file paths by module ids, now that every module has one.
  const ids = new Map([...modules.values()].map((m) => [m.file, m.id]));
  const parts: string[] = [
    "#!/usr/bin/env node",
    "// cdktf-cloudflare-tenant gap runner: generated at synth, do not edit.",
    '"use strict";',
    "(function () {",
    "  var defs = [];",
  ];
  for (const m of modules.values()) {
    const table: Record<string, number | string> = {};
    for (const [specifier, target] of m.requires) {
      table[specifier] =
        typeof target === "string" && ids.has(target)
          ? (ids.get(target) as number)
          : target;
    }
    parts.push(
      `  defs[${m.id}] = [${JSON.stringify(table)}, function (exports, require, module) {`,
      m.code,
      "  }];",
    );
  }
  parts.push(
    "  var cache = [];",
    "  function load(id) {",
    "    if (cache[id]) return cache[id].exports;",
    "    var module = { exports: {} };",
    "    cache[id] = module;",
    "    var table = defs[id][0];",
    "    var req = function (s) {",
    "      var target = table[s];",
    '      return typeof target === "number" ? load(target) : require(target);',
    "    };",
    "    req.main = cache[0];",
    "    defs[id][1].call(module.exports, module.exports, req, module);",
    "    return module.exports;",
    "  }",
    "  load(0);",
    "})();",
    "",
  );
  return parts.join("\n");
}

/** The file a module path names: `.js` first, then `.ts`, then index. */
function resolveModule(base: string): string {
  const candidates = [
    base,
    `${base}.js`,
    `${base}.ts`,
    path.join(base, "index.js"),
    path.join(base, "index.ts"),
  ];
  for (const candidate of candidates) {
    if (/\.(js|ts)$/.test(candidate) && !candidate.endsWith(".d.ts")) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
        return candidate;
      }
    }
  }
  throw new Error(`runner bundle: cannot find module ${base}`);
}

function compile(file: string): string {
  const source = fs.readFileSync(file, "utf8");
  if (file.endsWith(".js")) return source;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require("typescript") as typeof import("typescript");
  return ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: false,
      inlineSourceMap: false,
      removeComments: true,
    },
  }).outputText;
}
