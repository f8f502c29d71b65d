export * from "./emulator";
