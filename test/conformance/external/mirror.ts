/**
 * Adds the hashicorp/external stand-in to a conformance provider mirror:
 * compiles external/main.ts with the Cloudflare stand-in's go-plugin
 * server and value codec into the mirror's folder, writes a launcher at
 * registry.terraform.io/hashicorp/external/<version>/<platform>/ and
 * rewrites the CLI config so that Terraform installs both providers from
 * the mirror only.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as ts from "typescript";
import type { ProviderMirror } from "../harness";

/** The version the stand-in answers as (the newest 2.3.x). */
export const EXTERNAL_STANDIN_VERSION = "2.3.5";
const EXTERNAL_ADDR = "registry.terraform.io/hashicorp/external";
const CLOUDFLARE_ADDR = "registry.terraform.io/cloudflare/cloudflare";
const HERE = __dirname;
const REPO_ROOT = resolve(HERE, "../../..");

function transpile(from: string, to: string): void {
  const js = ts.transpileModule(readFileSync(from, "utf8"), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
    fileName: from,
  }).outputText;
  writeFileSync(to, js);
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Adds the stand-in to `mirror`; safe to call once per mirror. */
export function addExternalToMirror(mirror: ProviderMirror): void {
  const out = join(mirror.root, "external-standin");
  mkdirSync(join(out, "external"), { recursive: true });
  mkdirSync(join(out, "provider"), { recursive: true });
  transpile(join(HERE, "main.ts"), join(out, "external", "main.js"));
  for (const shared of ["plugin-server", "tls", "values"]) {
    transpile(
      join(HERE, "..", "provider", `${shared}.ts`),
      join(out, "provider", `${shared}.js`),
    );
  }
  const platform = `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;
  const dir = join(
    mirror.mirrorDir,
    EXTERNAL_ADDR,
    EXTERNAL_STANDIN_VERSION,
    platform,
  );
  mkdirSync(dir, { recursive: true });
  const launcher = join(
    dir,
    `terraform-provider-external_v${EXTERNAL_STANDIN_VERSION}`,
  );
  writeFileSync(
    launcher,
    [
      "#!/bin/sh",
      `# Stand-in for ${EXTERNAL_ADDR} ${EXTERNAL_STANDIN_VERSION} (conformance suite).`,
      `NODE_PATH=${shellQuote(join(REPO_ROOT, "node_modules"))}`,
      `CF_STANDIN_PROTO_DIR=${shellQuote(join(HERE, "..", "proto"))}`,
      "export NODE_PATH CF_STANDIN_PROTO_DIR",
      `exec ${shellQuote(process.execPath)} ${shellQuote(join(out, "external", "main.js"))} --version ${EXTERNAL_STANDIN_VERSION} "$@"`,
      "",
    ].join("\n"),
  );
  chmodSync(launcher, 0o755);
  writeFileSync(
    mirror.cliConfigFile,
    [
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(mirror.mirrorDir)}`,
      `    include = [${JSON.stringify(CLOUDFLARE_ADDR)}, ${JSON.stringify(EXTERNAL_ADDR)}]`,
      "  }",
      "}",
      "",
    ].join("\n"),
  );
}
