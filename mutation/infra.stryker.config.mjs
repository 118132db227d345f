import { base } from "./base.mjs";

/** Infra: the cost estimator (prices, presets, HDFS comparison, formatting). */
export default {
  ...base("infra"),
  mutate: ["infra/cost/**/*.ts", "!**/index.ts"],
  jest: {
    projectType: "custom",
    configFile: "infra/jest.config.js",
    config: { testMatch: ["<rootDir>/test/cost/**/*.test.ts"] },
  },
};
