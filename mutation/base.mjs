/**
 * Shared StrykerJS settings for the per-package configs beside this file (run from the repository
 * root: `npm run mutation`, or `npm run mutation:<package>`). Only pure modules are mutated, and only
 * unit tests run against them: no test here starts Kafka or Redis (the root jest config's global
 * setup does that; these configs point at a workspace's own jest config, which has none).
 */
export const base = (name) => ({
  testRunner: "jest",
  coverageAnalysis: "perTest",
  // 2 shared cores; each test runner is a jest process.
  concurrency: 2,
  timeoutMS: 10000,
  // Static mutants (module-level values: rule and error tables) run every test each; with them a run
  // takes hours on two cores. They are reported as Ignored, not counted in the score.
  ignoreStatic: true,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  // `--incremental` reuses the previous run's results for mutants whose code and tests are unchanged.
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  // ts-jest only transpiles (isolatedModules); mutants that would not type-check still run.
  disableTypeChecks: "{infra,policies,services,scripts}/**/*.ts",
  // The sandbox is a copy of the repository: leave out what no TypeScript test reads.
  ignorePatterns: [
    "/.venv*",
    "/.cache",
    "/.local",
    "/.hypothesis",
    "/.ruff_cache",
    "/.ci",
    "/docs",
    "/reports",
    "/services/training",
    "/services/pipelines",
  ],
  thresholds: { high: 80, low: 60, break: null },
});
