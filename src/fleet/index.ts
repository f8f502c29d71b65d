export { CustomerFleet, FleetStack } from "./customer-fleet";
export type { CustomerFleetProps, FleetBackendFactory } from "./customer-fleet";
export { CustomersFile } from "./customers-file";
export type {
  FleetAddon,
  FleetCustomer,
  FleetMember,
  FleetZone,
} from "./customers-file";
export { CustomersFileError, FleetError } from "./errors";
export type { CustomersFileProblem } from "./errors";
export { shardOf, shardsFor } from "./placement";
export { withoutTokenStackTraces } from "./token-stack-traces";
