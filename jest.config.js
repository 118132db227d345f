/** Root jest config: one project per workspace; each workspace owns its jest.config.js. */
module.exports = {
  projects: [
    "<rootDir>/services/contracts",
    "<rootDir>/services/simulator",
    "<rootDir>/services/scoring",
    "<rootDir>/scripts/local",
    "<rootDir>/infra",
    "<rootDir>/policies",
    "<rootDir>/scripts/demo",
  ],
  // One shared Kafka broker and Redis per run, started only when a selected test needs them
  // (see scripts/local/src/testing/): ANTIFRAUD_TEST_KAFKA_BROKERS, ANTIFRAUD_TEST_REDIS_URL.
  testSequencer: "<rootDir>/scripts/local/src/testing/test-sequencer.cjs",
  globalSetup: "<rootDir>/scripts/local/src/testing/jest-global-setup.ts",
  globalTeardown: "<rootDir>/scripts/local/src/testing/jest-global-teardown.ts",
};
