export * from "./account-types";
export * from "./addon-plans";
export * from "./components";
export * from "./frequency";
export * from "./roles";
export * from "./zone-plans";
