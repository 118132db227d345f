import { resolve } from "node:path";
import { base } from "./base.mjs";

/** Scoring: feature computation, the customer-window store's in-process logic, the error catalogue and its mapping. */
export default {
  ...base("scoring"),
  mutate: [
    "services/scoring/src/features/**/*.ts",
    "services/scoring/src/store/customer-window-cache.ts",
    "services/scoring/src/store/customer-window-rule.ts",
    "services/scoring/src/store/customer-window-store.ts",
    "services/scoring/src/store/memory-customer-window-store.ts",
    "services/scoring/src/errors/**/*.ts",
    "services/scoring/src/http/error-mapping.ts",
    "!**/index.ts",
  ],
  jest: {
    projectType: "custom",
    configFile: "services/scoring/jest.config.js",
    // The unit tests of these modules (and the HTTP tests, which also reach the error mapping); the
    // other unit tests reach them only incidentally and each loaded test file costs seconds per mutant.
    // No integration, parity or image test: those need Kafka, Redis, Spark or docker.
    config: {
      testMatch: [
        "<rootDir>/test/unit/{features,feature-plan,time,transaction,customer-window-cache,customer-window-rule,decision-errors,error-mapping,http}.test.ts",
      ],
      // Stryker wraps the environment and does not expand <rootDir> in it; the file is not mutated.
      testEnvironment: resolve("services/scoring/test/onnx-environment.js"),
    },
  },
};
