/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { isolatedModules: true }],
  },
  testTimeout: 60000,
  // Most suites wait on child processes (terraform, the provider stand-in,
  // the emulator), so two workers keep both cores busy on a 2-core machine.
  maxWorkers: 2,
};
