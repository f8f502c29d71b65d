import { request } from "undici";
import { DEFAULT_EMULATOR_TOKEN } from "../../src/testing";

/** A raw answer from the emulator: status, headers and parsed body. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/**
 * Sends one request to the emulator over HTTP, with the default token
 * unless `headers` says otherwise.
 */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {
    authorization: `Bearer ${DEFAULT_EMULATOR_TOKEN}`,
  },
): Promise<RawAnswer> {
  const answer = await request(`${baseUrl}${path}`, {
    method: method as "GET",
    headers: {
      ...headers,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.body.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return {
    status: answer.statusCode,
    headers: answer.headers,
    body: parsed,
    text,
  };
}
