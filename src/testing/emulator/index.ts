export * from "./catalog";
export * from "./errors";
export * from "./faults";
export * from "./rate-limit";
export { ROUTE_LIST } from "./routes";
export type { Caller, ResultInfo } from "./routes";
export * from "./seed";
export * from "./server";
export type {
  AccountRecord,
  ComponentValue,
  EmulatorState,
  MemberRecord,
  SubscriptionRecord,
  TenantRecord,
  UnitRecord,
  UserRecord,
  ZoneRecord,
} from "./state";
