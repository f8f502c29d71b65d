import { apiMessages } from "./messages";

/** One entry of a Cloudflare envelope's `errors` array. */
export interface CloudflareErrorDetail {
  code: number;
  message: string;
  /** Nested causes, as Cloudflare sends them (e.g. 6003 with 6103). */
  error_chain?: CloudflareErrorDetail[];
}

/** The base class of every error the client throws. */
export class CloudflareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Credentials missing or malformed. Names variables, never values. */
export class CloudflareCredentialsError extends CloudflareError {
  constructor(
    message: string,
    /** The environment variable at fault, if one is. */
    public readonly variable?: string,
  ) {
    super(message);
  }
}

/** A client option or the base URL is not usable. */
export class CloudflareConfigurationError extends CloudflareError {}

/** What an API error is built from. */
export interface CloudflareApiErrorProps {
  status: number;
  method: string;
  /** The request path below the base URL, without the query string. */
  path: string;
  errors: CloudflareErrorDetail[];
  messages?: unknown[];
  /** How many attempts were made, retries included. */
  attempts: number;
  /** The Retry-After the last answer carried, in milliseconds. */
  retryAfterMs?: number;
}

/**
 * The API answered with an error: HTTP status, Cloudflare's codes and
 * messages, the method and path. It never holds a credential.
 */
export class CloudflareApiError extends CloudflareError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  /** Every Cloudflare error code, nested error_chain codes included. */
  readonly codes: number[];
  /** The messages that go with `codes`, in the same order. */
  readonly messages: string[];
  /** The envelope's `errors`, as sent. */
  readonly errors: CloudflareErrorDetail[];
  readonly attempts: number;
  readonly retryAfterMs?: number;

  constructor(props: CloudflareApiErrorProps, message?: string) {
    const flat = flatten(props.errors);
    super(
      message ??
        apiMessages.apiError(
          props.method,
          props.path,
          props.status,
          flat.map((e) => `${e.code} ${e.message}`).join("; "),
          props.attempts,
        ),
    );
    this.status = props.status;
    this.method = props.method;
    this.path = props.path;
    this.errors = props.errors;
    this.codes = flat.map((e) => e.code);
    this.messages = flat.map((e) => e.message);
    this.attempts = props.attempts;
    if (props.retryAfterMs !== undefined) {
      this.retryAfterMs = props.retryAfterMs;
    }
  }

  /** Whether Cloudflare sent this code (top level or in an error_chain). */
  hasCode(code: number): boolean {
    return this.codes.includes(code);
  }
}

/** The API kept answering 429 for longer than the client's retry budget. */
export class CloudflareRateLimitError extends CloudflareApiError {}

/** The request failed before an HTTP answer: reset, refused, timed out. */
export class CloudflareNetworkError extends CloudflareError {
  constructor(
    message: string,
    public readonly method: string,
    public readonly path: string,
    /** The system or undici error code, e.g. ECONNRESET. */
    public readonly code: string,
    public readonly attempts: number,
  ) {
    super(message);
  }
}

/** The answer was not a Cloudflare JSON envelope (or not the shape asked). */
export class CloudflareResponseError extends CloudflareError {
  constructor(
    message: string,
    public readonly method: string,
    public readonly path: string,
    public readonly status: number,
  ) {
    super(message);
  }
}

function flatten(list: CloudflareErrorDetail[]): CloudflareErrorDetail[] {
  const out: CloudflareErrorDetail[] = [];
  for (const entry of list) {
    out.push({ code: entry.code, message: entry.message });
    if (Array.isArray(entry.error_chain)) {
      out.push(...flatten(entry.error_chain));
    }
  }
  return out;
}
