import { main } from "../../src/cli/main";

async function run(argv: string[]) {
  const out = { code: 0, stdout: "", stderr: "" };
  out.code = await main(argv, {
    stdout: (t) => (out.stdout += t),
    stderr: (t) => (out.stderr += t),
    env: {},
    cwd: process.cwd(),
  });
  return out;
}

describe("cdktf-tenant", () => {
  it("prints the usage of every command with help", async () => {
    const result = await run(["help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("lookups refresh|list|clear");
    expect(result.stdout).toContain("emulator");
    expect(result.stdout).toContain("refresh [--missing] [--prune]");
  });

  it("exits 2 with the usage when no command is given", async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("Usage: cdktf-tenant <command>");
  });

  it("hands the emulator command its arguments", async () => {
    const result = await run(["emulator", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: cdktf-tenant emulator");
  });

  it("exits 2 when the emulator is given a bad port", async () => {
    const result = await run(["emulator", "--port", "http"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("is not a TCP port");
  });

  it("prints the package version", async () => {
    const result = await run(["--version"]);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
