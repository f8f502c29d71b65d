export * from "./client";
export * from "./credentials";
export * from "./errors";
export * from "./request-budget";
export type { RetryOptions } from "./retry";
