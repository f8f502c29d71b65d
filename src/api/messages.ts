/**
 * Every message the API client puts into an error, in one place. None of
 * them takes a credential: callers pass variable names, never values.
 */
export const apiMessages = {
  noCredentials: () =>
    "No Cloudflare credentials found: set CLOUDFLARE_API_TOKEN (an API token), or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY (the global API key), or CLOUDFLARE_API_USER_SERVICE_KEY.",
  emailWithoutKey: () =>
    "CLOUDFLARE_EMAIL is set but CLOUDFLARE_API_KEY is not: set both (X-Auth-Email + X-Auth-Key), or use CLOUDFLARE_API_TOKEN instead.",
  keyWithoutEmail: () =>
    "CLOUDFLARE_API_KEY is set but CLOUDFLARE_EMAIL is not: set the e-mail of the user the key belongs to, or use CLOUDFLARE_API_TOKEN instead.",
  malformedToken: (variable: string) =>
    `${variable} is not a Cloudflare API token: a token is 40 or more letters, digits, '-' or '_' with no spaces or line breaks. Copy the token again from the dashboard (My Profile > API Tokens).`,
  malformedKey: (variable: string) =>
    `${variable} is not a Cloudflare global API key: the key is 37 hexadecimal characters with no spaces or line breaks. Copy it again from the dashboard (My Profile > API Tokens > Global API Key).`,
  malformedEmail: (variable: string) =>
    `${variable} is not an e-mail address: set it to the e-mail of the Cloudflare user the API key belongs to.`,
  malformedServiceKey: (variable: string) =>
    `${variable} contains spaces, line breaks or other characters that cannot go into an HTTP header; copy the key again.`,
  badBaseUrl: (reason: string) =>
    `CLOUDFLARE_BASE_URL (or the baseUrl option) is not usable: ${reason}. Use a URL such as https://api.cloudflare.com/client/v4.`,
  apiError: (
    method: string,
    path: string,
    status: number,
    details: string,
    attempts: number,
  ) =>
    `Cloudflare API ${method} ${path} answered HTTP ${status}${details ? `: ${details}` : ""}${attempts > 1 ? ` (after ${attempts} attempts)` : ""}`,
  rateLimitBudget: (
    method: string,
    path: string,
    attempts: number,
    elapsedMs: number,
    budgetMs: number,
    retryAfterMs: number | undefined,
  ) =>
    `Cloudflare API ${method} ${path} kept answering 429 (rate limited) for longer than the retry budget: ${attempts} attempt${attempts === 1 ? "" : "s"} over ${seconds(elapsedMs)}, budget ${seconds(budgetMs)}${retryAfterMs !== undefined ? `, and the API asked to wait ${seconds(retryAfterMs)} more` : ""}. Cloudflare blocks a user for five minutes after 1,200 requests in five minutes: wait for the block to end and run again, lower the request rate, or raise retry.maxElapsedMs.`,
  networkError: (
    method: string,
    path: string,
    code: string,
    attempts: number,
  ) =>
    `Cloudflare API ${method} ${path} failed before an answer arrived (${code})${attempts > 1 ? ` after ${attempts} attempts` : ""}. Check the network and CLOUDFLARE_BASE_URL, then run again.`,
  malformedBody: (
    method: string,
    path: string,
    status: number,
    reason: string,
  ) =>
    `Cloudflare API ${method} ${path} answered HTTP ${status} with a body that is not a Cloudflare envelope (${reason}). A proxy or an outage page may be in the way; run again, and check CLOUDFLARE_BASE_URL if it persists.`,
  notAList: (method: string, path: string) =>
    `Cloudflare API ${method} ${path} answered a result that is not a list, so it cannot be paginated; use request() for this path.`,
  tooManyPages: (path: string, pages: number, maxPages: number) =>
    `Cloudflare API GET ${path} has ${pages} pages, more than maxPages (${maxPages}); raise maxPages or narrow the query.`,
  closed: () =>
    "This CloudflareClient is closed; create a new one to send more requests.",
  badOption: (name: string, value: unknown, expected: string) =>
    `CloudflareClient option ${name} is ${JSON.stringify(value)}; expected ${expected}.`,
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
