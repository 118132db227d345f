import { base } from "./base.mjs";

/**
 * Policies: the pack's rules, each checked by its table tests. The rules run in the pack's own
 * process (src/evaluate.ts serves the pack as the CLI does), where Stryker's per-test coverage cannot
 * see them: the active mutant reaches that process through the environment Stryker sets, and every
 * mutant runs the selected tests. POLICY_TESTS narrows them to the rule's own table (a glob under
 * policies/test/rules), e.g. POLICY_TESTS=network.test.ts with `-- --mutate policies/src/rules/network.ts`.
 */
const tests = process.env.POLICY_TESTS ?? "**/*.test.ts";

export default {
  ...base("policies"),
  coverageAnalysis: "off",
  ignoreStatic: false,
  mutate: ["policies/src/rules/**/*.ts"],
  jest: {
    projectType: "custom",
    configFile: "policies/jest.config.js",
    config: { testMatch: [`<rootDir>/test/rules/${tests}`] },
  },
};
