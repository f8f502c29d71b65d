export * from "./cache";
export { BindLookupsOptions, LookupContext, bindLookups } from "./context";
export * from "./driver";
export {
  ANNOTATION_NAMESPACE,
  LookupCacheError,
  LookupError,
  REFRESH_ALL_COMMAND,
  REFRESH_MISSING_COMMAND,
} from "./errors";
export * from "./fetch";
export * from "./keys";
export * from "./tenant-lookups";
