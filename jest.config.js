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
  // With a memory limit jest never runs in band, even with one worker (2 cores here): test files run in a
  // child process, so a native crash (librdkafka, onnxruntime) fails its own file, named, instead of
  // killing the whole run (a CI run once ended in a bare "Segmentation fault"); a worker that grew
  // past the limit is replaced between files.
  workerIdleMemoryLimit: "1GB",
  testSequencer: "<rootDir>/scripts/local/src/testing/test-sequencer.cjs",
  globalSetup: "<rootDir>/scripts/local/src/testing/jest-global-setup.ts",
  globalTeardown: "<rootDir>/scripts/local/src/testing/jest-global-teardown.ts",
};
