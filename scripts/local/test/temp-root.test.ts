import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { leftovers, openTempRoot } from "../src/testing/temp-root";

describe("the run's temp folder", () => {
  test.each([
    [[], []],
    [["tsx-0", "tsx-1000", "mat-debug-9444.log", ".ses", "antifraud-spark-log4j2.properties"], []],
    [[`ts-node-${"a1".repeat(32)}`, "ts-node-x"], ["ts-node-x"]],
    [
      ["scoring-models-a1b2c3", "tsx-0", "antifraud-kafka-x"],
      ["antifraud-kafka-x", "scoring-models-a1b2c3"],
    ],
    [
      ["tsx-cache", "tsx-"],
      ["tsx-", "tsx-cache"],
    ],
  ])("leftovers of %j are %j", (entries, expected) => {
    expect(leftovers(entries)).toEqual(expected);
  });

  test("points TMPDIR at a fresh folder, and closing removes it, restores TMPDIR and names what was left", () => {
    const before = process.env.TMPDIR;
    const root = openTempRoot();
    // os.tmpdir() reads the real process's TMPDIR; jest gives each test file its own copy of the env.
    const pointed = process.env.TMPDIR;
    mkdirSync(join(root.dir, "tsx-0"));
    writeFileSync(join(root.dir, "forgotten.json"), "{}");
    expect(root.close()).toEqual(["forgotten.json"]);
    expect(pointed).toBe(root.dir);
    expect(existsSync(root.dir)).toBe(false);
    expect(process.env.TMPDIR).toBe(before);
  });
});
