import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import * as ts from "typescript";

/**
 * The complete TypeScript programs in README.md and docs/ (the code blocks
 * that make an App) must type-check against the library's source, so that
 * a renamed prop or class cannot leave the docs behind.
 */
const ROOT = resolve(__dirname, "..");

interface DocBlock {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

function completeBlocks(): DocBlock[] {
  const files = [
    "README.md",
    ...readdirSync(join(ROOT, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => join("docs", f)),
  ];
  const blocks: DocBlock[] = [];
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), "utf8");
    const pattern = /^```ts\n([\s\S]*?)^```/gm;
    for (const match of text.matchAll(pattern)) {
      if (!match[1].includes("new App(")) continue;
      const line = text.slice(0, match.index).split("\n").length;
      blocks.push({ file, line, code: match[1] });
    }
  }
  return blocks;
}

function typeCheck(blocks: readonly DocBlock[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "cftenant-docs-"));
  try {
    const names = blocks.map((block, i) => {
      const name = join(dir, `block-${i}.ts`);
      writeFileSync(name, `export {};\n${block.code}`);
      return name;
    });
    const program = ts.createProgram(names, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      types: ["node"],
      typeRoots: [join(ROOT, "node_modules", "@types")],
      baseUrl: ROOT,
      paths: {
        "cdktf-cloudflare-tenant": ["src/index.ts"],
        "cdktf-cloudflare-tenant/testing": ["src/testing/index.ts"],
        "*": ["node_modules/*"],
      },
    });
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && names.includes(d.file.fileName))
      .map((d) => {
        const block = blocks[names.indexOf(d.file!.fileName)];
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        return `${block.file}:${block.line + line}: ${text}`;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the docs' code examples", () => {
  test("README.md and docs/ hold complete programs to check", () => {
    const files = new Set(completeBlocks().map((b) => b.file));
    expect(files).toContain("README.md");
    expect(files.size).toBeGreaterThanOrEqual(3);
  });

  test("every complete program in README.md and docs/ type-checks", () => {
    expect(typeCheck(completeBlocks())).toEqual([]);
  });

  test("a program that uses a prop the library lacks fails the check", () => {
    const bad: DocBlock = {
      file: "made-up.md",
      line: 1,
      code: [
        'import { App, TerraformStack } from "cdktf";',
        'import { ManagedCustomer } from "cdktf-cloudflare-tenant";',
        "const app = new App();",
        'const stack = new TerraformStack(app, "s");',
        'new ManagedCustomer(stack, "c", { name: "x", colour: "red" });',
      ].join("\n"),
    };
    expect(typeCheck([bad]).join("\n")).toMatch(/colour/);
  });
});
