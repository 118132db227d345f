import { base } from "./base.mjs";

/** Policies: the pack's rules, each checked by its table tests. */
export default {
  ...base("policies"),
  mutate: ["policies/src/rules/**/*.ts"],
  jest: {
    projectType: "custom",
    configFile: "policies/jest.config.js",
    config: { testMatch: ["<rootDir>/test/rules/**/*.test.ts"] },
  },
};
