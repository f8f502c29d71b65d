import { inspect } from "node:util";
import { CloudflareClient, CloudflareClientOptions } from "../../src/api";
import { DEFAULT_EMULATOR_TOKEN, TenantApiEmulator } from "../../src/testing";

/** A client on the emulator with the default token and quick retries. */
export function clientFor(
  emulator: TenantApiEmulator,
  options: CloudflareClientOptions = {},
): CloudflareClient {
  return new CloudflareClient({
    baseUrl: emulator.baseUrl,
    credentials: { apiToken: DEFAULT_EMULATOR_TOKEN },
    ...options,
    retry: { baseDelayMs: 5, maxDelayMs: 20, ...options.retry },
  });
}

/** What a caught error is and every way it can end up in a log. */
export async function caught(promise: Promise<unknown>): Promise<{
  error: Error;
  texts: string;
}> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error;
    const texts = [
      e.message,
      e.stack ?? "",
      String(e),
      JSON.stringify(e),
      inspect(e, { depth: 10, showHidden: true }),
    ].join("\n");
    return { error: e, texts };
  }
  throw new Error("expected the promise to reject, but it resolved");
}
