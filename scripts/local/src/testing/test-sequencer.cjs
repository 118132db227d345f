/**
 * Jest's default ordering, plus one side effect: records in NEEDED_SERVICES_ENV which shared services
 * the selected test files need. Jest sorts the tests before it runs the global setup, so the setup
 * starts a broker only for runs that contain a Kafka integration test.
 */
const Sequencer = require("@jest/test-sequencer").default;
const { neededServices } = require("./needed-services.cjs");

const NEEDED_SERVICES_ENV = "ANTIFRAUD_TEST_NEEDED_SERVICES";

class AntifraudSequencer extends Sequencer {
  sort(tests) {
    process.env[NEEDED_SERVICES_ENV] = [...neededServices(tests.map((test) => test.path))].join(",");
    return super.sort(tests);
  }
}

module.exports = AntifraudSequencer;
