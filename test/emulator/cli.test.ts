import { EventEmitter } from "node:events";
import { emulatorCommand } from "../../src/cli/emulator";
import { call } from "./http";

describe("emulator command", () => {
  test("prints its base URL and a token hint, serves, and stops on SIGTERM", async () => {
    const out: string[] = [];
    const signals = new EventEmitter();
    const io = {
      stdout: (text: string) => out.push(text),
      stderr: (text: string) => out.push(text),
      env: {},
      cwd: process.cwd(),
    };
    const running = emulatorCommand(["--port", "0"], io, signals);
    while (!out.join("").includes("listening")) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const baseUrl = /http:\/\/127\.0\.0\.1:\d+\/client\/v4/.exec(
      out.join(""),
    )![0];
    expect(out.join("")).toContain("CLOUDFLARE_API_TOKEN=test-token-");

    const answer = await call(baseUrl, "GET", "/user/tenants");
    expect(answer.status).toBe(200);

    signals.emit("SIGTERM");
    await expect(running).resolves.toBe(0);
    await expect(call(baseUrl, "GET", "/user/tenants")).rejects.toThrow();
  });

  test("throws a usage error for a port that is not a number", async () => {
    await expect(
      emulatorCommand(["--port", "http"], {
        stdout: () => undefined,
        stderr: () => undefined,
        env: {},
        cwd: process.cwd(),
      }),
    ).rejects.toThrow(/--port "http" is not a TCP port/);
  });
});
