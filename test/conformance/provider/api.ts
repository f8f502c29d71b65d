/**
 * The HTTP side of the stand-in: the calls the real provider's client
 * makes, against `base_url` (or CLOUDFLARE_BASE_URL), with the provider's
 * auth headers. Plain fetch (undici inside Node 20).
 */

export interface ProviderSettings {
  baseUrl: string;
  apiToken?: string;
  apiKey?: string;
  email?: string;
  apiUserServiceKey?: string;
  userAgentSuffix?: string;
  terraformVersion: string;
  providerVersion: string;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} "${url}": ${status} ${body}`);
  }
}

export const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4/";

export class ApiClient {
  constructor(private readonly settings: ProviderSettings) {}

  private headers(): Record<string, string> {
    const s = this.settings;
    const h: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json",
      "user-agent": s.userAgentSuffix
        ? `terraform-provider-cloudflare/${s.providerVersion} ${s.userAgentSuffix}`
        : `terraform-provider-cloudflare/${s.providerVersion} terraform/${s.terraformVersion}`,
    };
    if (s.apiToken) h.authorization = `Bearer ${s.apiToken}`;
    if (s.apiKey) h["x-auth-key"] = s.apiKey;
    if (s.email) h["x-auth-email"] = s.email;
    if (s.apiUserServiceKey) h["x-auth-user-service-key"] = s.apiUserServiceKey;
    return h;
  }

  url(path: string, query?: Record<string, string | number>): string {
    const base = this.settings.baseUrl.endsWith("/")
      ? this.settings.baseUrl
      : `${this.settings.baseUrl}/`;
    const u = new URL(path.replace(/^\//, ""), base);
    for (const [k, v] of Object.entries(query ?? {})) {
      u.searchParams.set(k, String(v));
    }
    return u.toString();
  }

  /** Sends one request and returns the envelope (result and result_info). */
  async send(
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string | number>,
  ): Promise<{ result: unknown; result_info?: Record<string, number> }> {
    const url = this.url(path, query);
    const res = await fetch(url, {
      method,
      headers: this.headers(),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new ApiError(method, url, res.status, text);
    if (!text) return { result: null };
    const parsed = JSON.parse(text) as {
      result?: unknown;
      result_info?: Record<string, number>;
    };
    return { result: parsed.result ?? null, result_info: parsed.result_info };
  }

  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    return (await this.send(method, path, body)).result;
  }

  /** Page-numbered list calls, as the client's auto-pagination does. */
  async list(path: string, perPage = 50, max = Infinity): Promise<unknown[]> {
    const out: unknown[] = [];
    for (let page = 1; out.length < max; page++) {
      const { result, result_info } = await this.send("GET", path, undefined, {
        page,
        per_page: perPage,
      });
      const items = Array.isArray(result) ? result : [];
      out.push(...items);
      const totalPages = result_info?.total_pages;
      if (items.length === 0) break;
      if (totalPages !== undefined && page >= totalPages) break;
      if (totalPages === undefined && items.length < perPage) break;
    }
    return out.slice(0, max === Infinity ? undefined : max);
  }
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}
