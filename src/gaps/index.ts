// Apply-time resources for what the Cloudflare provider cannot express,
// and the runner they call (see docs/gaps.md).
export { ZonePlanSubscription } from "./zone-plan-subscription";
export type { ZonePlanSubscriptionProps } from "./zone-plan-subscription";
export { AccountAddonSubscription } from "./account-addon-subscription";
export type { AccountAddonSubscriptionProps } from "./account-addon-subscription";
export { AccountKyc } from "./account-kyc";
export type { AccountKycProps, KycFields } from "./account-kyc";
export { ApiKeySink, ServiceUser } from "./service-user";
export type { ServiceUserOptions, ServiceUserProps } from "./service-user";
export type { ComponentValues } from "./values";
export { GapRunner, EXTERNAL_PROVIDER_VERSION } from "./gap-runner";
export { RunnerReadData } from "./external-data";
export { retireAddonSubscription } from "./migration";
