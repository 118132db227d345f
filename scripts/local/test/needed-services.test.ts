import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { neededServices } = require("../src/testing/needed-services.cjs") as {
  neededServices: (paths: string[]) => Set<string>;
};

// Built from parts so that this file itself does not look like a Kafka or Redis test to the scan.
const KAFKA_VARIABLE = ["ANTIFRAUD", "TEST", "KAFKA", "BROKERS"].join("_");
const REDIS_VARIABLE = ["ANTIFRAUD", "TEST", "REDIS", "URL"].join("_");
const KAFKA_HELPER = "test" + "KafkaBrokers";
const REDIS_HELPER = "test" + "RedisUrl";

describe("neededServices", () => {
  const dir = mkdtempSync(join(tmpdir(), "antifraud-needed-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, content);
    return path;
  };

  const unit = file(
    "unit.test.ts",
    'import { add } from "./math";\nit("adds", () => expect(add(1, 2)).toBe(3));\n',
  );
  file("math.ts", "export const add = (a: number, b: number) => a + b;\n");
  const direct = file("kafka.test.ts", `const brokers = process.env.${KAFKA_VARIABLE};\n`);
  const helper = file("redis.test.ts", 'import { redis } from "./helpers/redis";\n');
  file("helpers/redis.ts", 'import { connect } from "../support";\nexport const redis = connect();\n');
  file("support/index.ts", `export const connect = () => process.env.${REDIS_VARIABLE};\n`);
  const viaHelperFunction = file(
    "both.test.ts",
    `import { ${KAFKA_HELPER}, ${REDIS_HELPER} } from "@antifraud/local";\n`,
  );
  const cycle = file("cycle-a.test.ts", 'import "./cycle-b";\n');
  file("cycle-b.ts", 'import "./cycle-a.test";\n');

  it.each([
    ["a unit test", [unit], []],
    ["a file naming the Kafka variable", [direct], ["kafka"]],
    ["a file importing a helper that reads the Redis variable (two levels, index file)", [helper], ["redis"]],
    ["a file calling the helper functions", [viaHelperFunction], ["kafka", "redis"]],
    ["import cycles", [cycle], []],
    ["a mixed selection", [unit, direct, helper], ["kafka", "redis"]],
  ])("%s", (_, paths, expected) => {
    expect([...neededServices(paths)].sort()).toEqual(expected);
  });
});
