/**
 * Which shared services a set of jest test files needs: a file needs Kafka when it (or a file it
 * imports by relative path, transitively) mentions ANTIFRAUD_TEST_KAFKA_BROKERS or testKafkaBroker,
 * Redis likewise with ANTIFRAUD_TEST_REDIS_URL or testRedis. Plain CommonJS: the test sequencer
 * that calls it is loaded by jest without a transform.
 */
const { existsSync, readFileSync } = require("node:fs");
const { dirname, resolve } = require("node:path");

const MARKERS = {
  kafka: /ANTIFRAUD_TEST_KAFKA_BROKERS|testKafkaBroker/,
  redis: /ANTIFRAUD_TEST_REDIS_URL|testRedis/,
};
const RELATIVE_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)["'](\.{1,2}\/[^"']+)["']/g;
const EXTENSIONS = ["", ".ts", ".js", "/index.ts", "/index.js"];
// Where the names are defined or re-exported, not used: importing the package does not make a Kafka test.
const DEFINITIONS = /scripts\/local\/src\/(index\.ts|testing\/test-env\.ts|testing\/needed-services\.cjs)$/;

function resolveImport(fromFile, specifier) {
  for (const extension of EXTENSIONS) {
    const candidate = resolve(dirname(fromFile), specifier + extension);
    if (existsSync(candidate) && /\.(ts|js|cjs)$/.test(candidate)) return candidate;
  }
  return undefined;
}

function neededServices(testPaths) {
  const needed = new Set();
  const seen = new Set();
  const pending = [...testPaths];
  while (pending.length > 0 && needed.size < Object.keys(MARKERS).length) {
    const file = pending.pop();
    if (seen.has(file) || DEFINITIONS.test(file)) continue;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const [service, marker] of Object.entries(MARKERS)) if (marker.test(source)) needed.add(service);
    for (const match of source.matchAll(RELATIVE_IMPORT)) {
      const imported = resolveImport(file, match[1]);
      if (imported !== undefined) pending.push(imported);
    }
  }
  return needed;
}

module.exports = { neededServices };
