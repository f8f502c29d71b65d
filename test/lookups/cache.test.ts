import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  LOOKUP_CACHE_FILE_NAME,
  LookupCache,
  defaultCacheFile,
  writeFileAtomic,
} from "../../src/lookups/cache";
import { LookupCacheError } from "../../src/lookups/errors";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "lookups-cache-"));
}

describe("LookupCache", () => {
  it("writes sorted keys, sorted fields, two-space indent and a final newline", () => {
    const dir = tempDir();
    const cache = new LookupCache(path.join(dir, LOOKUP_CACHE_FILE_NAME));
    cache.set("cloudflare:tenant-unit:unit=B", {
      unitTag: "b",
      tenantTag: "t",
    });
    cache.set("cloudflare:tenant-unit:unit=A", {
      unitTag: "a",
      tenantTag: "t",
    });
    cache.save();
    const text = fs.readFileSync(cache.file, "utf8");
    expect(text).toBe(
      [
        "{",
        '  "formatVersion": 1,',
        '  "lookups": {',
        '    "cloudflare:tenant-unit:unit=A": {',
        '      "tenantTag": "t",',
        '      "unitTag": "a"',
        "    },",
        '    "cloudflare:tenant-unit:unit=B": {',
        '      "tenantTag": "t",',
        '      "unitTag": "b"',
        "    }",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    expect(LookupCache.load(cache.file).keys()).toEqual([
      "cloudflare:tenant-unit:unit=A",
      "cloudflare:tenant-unit:unit=B",
    ]);
  });

  it("reads a missing file as an empty cache", () => {
    const cache = LookupCache.load(path.join(tempDir(), "none.json"));
    expect(cache.size).toBe(0);
  });

  it("throws if the file is not valid JSON, naming the file and the fix", () => {
    const file = path.join(tempDir(), LOOKUP_CACHE_FILE_NAME);
    fs.writeFileSync(file, '{"formatVersion": 1, "lookups": {\n<<<<<<< HEAD\n');
    expect(() => LookupCache.load(file)).toThrow(LookupCacheError);
    expect(() => LookupCache.load(file)).toThrow(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is not valid JSON .*npx cdktf-tenant lookups refresh --missing`,
      ),
    );
  });

  it("throws if the file was written by a newer format version", () => {
    const file = path.join(tempDir(), LOOKUP_CACHE_FILE_NAME);
    fs.writeFileSync(file, JSON.stringify({ formatVersion: 2, lookups: {} }));
    expect(() => LookupCache.load(file)).toThrow(
      "has formatVersion 2, written by a newer cdktf-cloudflare-tenant; this version reads formatVersion 1 or older",
    );
  });

  it("throws if the file has no formatVersion or holds a foreign key", () => {
    const dir = tempDir();
    const noVersion = path.join(dir, "a.json");
    fs.writeFileSync(noVersion, JSON.stringify({ lookups: {} }));
    expect(() => LookupCache.load(noVersion)).toThrow(
      "formatVersion is not an integer",
    );
    const badKey = path.join(dir, "b.json");
    fs.writeFileSync(
      badKey,
      JSON.stringify({ formatVersion: 1, lookups: { "aws:x": 1 } }),
    );
    expect(() => LookupCache.load(badKey)).toThrow(
      'npx cdktf-tenant lookups clear "aws:x"',
    );
  });

  it("does not rewrite a file whose text would not change", () => {
    const dir = tempDir();
    const cache = new LookupCache(path.join(dir, "c.json"));
    cache.set("cloudflare:tenant", { tenantTag: "t" });
    expect(cache.save()).toBe(true);
    const before = fs.statSync(cache.file).mtimeMs;
    expect(LookupCache.load(cache.file).save()).toBe(false);
    expect(fs.statSync(cache.file).mtimeMs).toBe(before);
  });
});

describe("writeFileAtomic", () => {
  it("replaces the file whole and leaves no temporary file behind", () => {
    const dir = tempDir();
    const file = path.join(dir, "f.json");
    fs.writeFileSync(file, "old\n");
    writeFileAtomic(file, "new\n");
    expect(fs.readFileSync(file, "utf8")).toBe("new\n");
    expect(fs.readdirSync(dir)).toEqual(["f.json"]);
  });

  it("leaves the old file whole when the write fails", () => {
    const dir = tempDir();
    const file = path.join(dir, "f.json");
    fs.writeFileSync(file, "old\n");
    fs.chmodSync(dir, 0o500);
    try {
      if (process.getuid?.() === 0) {
        // root ignores folder permissions: make the target a folder instead
        fs.chmodSync(dir, 0o700);
        const target = path.join(dir, "sub");
        fs.mkdirSync(path.join(target, "child"), { recursive: true });
        expect(() => writeFileAtomic(target, "new\n")).toThrow();
        expect(fs.existsSync(path.join(target, "child"))).toBe(true);
      } else {
        expect(() => writeFileAtomic(file, "new\n")).toThrow();
      }
    } finally {
      fs.chmodSync(dir, 0o700);
    }
    expect(fs.readFileSync(file, "utf8")).toBe("old\n");
    expect(fs.readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});

describe("defaultCacheFile", () => {
  it("finds the folder of the nearest cdktf.json", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "cdktf.json"), "{}");
    const sub = path.join(dir, "a", "b");
    fs.mkdirSync(sub, { recursive: true });
    expect(defaultCacheFile(sub, {})).toBe(
      path.join(dir, LOOKUP_CACHE_FILE_NAME),
    );
  });

  it("prefers CDKTF_TENANT_LOOKUPS_FILE", () => {
    const dir = tempDir();
    expect(
      defaultCacheFile(dir, { CDKTF_TENANT_LOOKUPS_FILE: "x/y.json" }),
    ).toBe(path.join(dir, "x", "y.json"));
  });
});

describe("writeFileAtomic under kill", () => {
  it("leaves one whole version of the file when the writer is killed mid-write, and the next write sweeps its leftovers", async () => {
    const { spawn } = await import("child_process");
    const dir = tempDir();
    const file = path.join(dir, LOOKUP_CACHE_FILE_NAME);
    const versions = ["a", "b"].map(
      (v) => `${JSON.stringify({ v, pad: v.repeat(2_000_000) })}\n`,
    );
    fs.writeFileSync(file, versions[0]);
    const script = `
      const { writeFileAtomic } = require(${JSON.stringify(
        path.join(__dirname, "..", "..", "src", "lookups", "cache.ts"),
      )});
      const versions = ["a", "b"].map(
        (v) => JSON.stringify({ v, pad: v.repeat(2000000) }) + "\\n",
      );
      process.stdout.write("ready\\n");
      for (let i = 0; ; i++) writeFileAtomic(${JSON.stringify(file)}, versions[i % 2]);
    `;
    let deadPid = 0;
    for (let round = 0; round < 3; round++) {
      const child = spawn(
        process.execPath,
        [
          "-r",
          require.resolve("ts-node/register/transpile-only"),
          "-e",
          script,
        ],
        {
          stdio: ["ignore", "pipe", "inherit"],
          env: {
            ...process.env,
            TS_NODE_PROJECT: path.join(__dirname, "..", "..", "tsconfig.json"),
          },
        },
      );
      await new Promise<void>((resolve) =>
        child.stdout.once("data", () => resolve()),
      );
      await new Promise((r) => setTimeout(r, 150 + round * 120));
      const exited = new Promise((r) => child.on("exit", r));
      child.kill("SIGKILL");
      await exited;
      deadPid = child.pid as number;
      expect(versions).toContain(fs.readFileSync(file, "utf8"));
    }
    const orphan = `.${LOOKUP_CACHE_FILE_NAME}.${deadPid}.zz.tmp`;
    const living = `.${LOOKUP_CACHE_FILE_NAME}.1.zz.tmp`;
    fs.writeFileSync(path.join(dir, orphan), "half");
    fs.writeFileSync(path.join(dir, living), "in progress");
    writeFileAtomic(file, "final\n");
    expect(fs.readFileSync(file, "utf8")).toBe("final\n");
    expect(fs.readdirSync(dir).sort()).toEqual(
      [living, LOOKUP_CACHE_FILE_NAME].sort(),
    );
  }, 60000);
});
