// Constructs and their props.
export {
  BINDINGS_PROVIDER_VERSION,
  CLOUDFLARE_PROVIDER_VERSIONS,
  DEFAULT_CLOUDFLARE_PROVIDER_VERSION,
  TenantProvider,
} from "./tenant-provider";
export type {
  CloudflareProviderVersion,
  TenantProviderProps,
} from "./tenant-provider";
export { ManagedCustomer } from "./managed-customer";
export type {
  AddMemberOptions,
  ManagedCustomerProps,
  MemberOptions,
} from "./managed-customer";
export { CustomerZone } from "./customer-zone";
export type { CustomerZoneOptions, CustomerZoneProps } from "./customer-zone";
export { AddonSubscription } from "./addon-subscription";
export type {
  AddonSubscriptionOptions,
  AddonSubscriptionProps,
} from "./addon-subscription";

// The catalog: partner programs, plans, frequencies, roles, components.
export * from "./catalog";

// Errors.
export { TenantValidationError } from "./errors";

// API client, lookups and the other parts: their owners add their exports
// below this line (e.g. `export * from "./api";`).

// Fleets: customers over many stacks, and customers files.
export * from "./fleet";
export * from "./api";
export * from "./lookups";

// Apply-time gap resources: zone plans, component values, KYC fields and
// service users the provider cannot express.
export * from "./gaps";
