import { spawnSync } from "node:child_process";
import path from "node:path";
import { generateDataset, SIMULATION_SUMMARY_FILE } from "../src/dataset/generate-dataset";
import { RAW_COLUMNS, RAW_HEADER, parseRawRow } from "../src/format/raw-format";
import { addDays, clockTime, formatCents } from "../src/format/datetime";
import { cleanupTempDirs, readFolder, tempDir } from "./helpers/temp-dir";

const params = { customers: 200, terminals: 400, days: 10, seed: 3, startDate: "2019-12-28" };

describe("raw day files", () => {
  afterAll(cleanupTempDirs);

  it("writes one file per day with the seed format's header and strictly parseable rows", async () => {
    const dir = tempDir();
    const summary = await generateDataset({ out: dir, params });
    const files = readFolder(dir);
    const dayFiles = [...files.keys()].filter((name) => name.endsWith(".txt"));
    expect(dayFiles).toEqual(Array.from({ length: 10 }, (_, d) => `${addDays("2019-12-28", d)}.txt`));
    expect(dayFiles).toContain("2020-01-01.txt");
    expect([...files.keys()].filter((name) => !name.endsWith(".txt"))).toEqual([SIMULATION_SUMMARY_FILE]);

    let expectedId = 0;
    let frauds = 0;
    for (const [index, name] of dayFiles.entries()) {
      const lines = files.get(name)!.split("\n");
      expect(lines[0]).toBe(RAW_HEADER);
      expect(lines[lines.length - 1]).toBe("");
      for (const line of lines.slice(1, -1)) {
        const row = parseRawRow(line);
        expect(row).toBeDefined();
        expect(line.split(",")).toHaveLength(RAW_COLUMNS.length);
        expect(row!.transactionId).toBe(expectedId++);
        expect(row!.txTimeDays).toBe(index);
        expect(Math.floor(row!.txTimeSeconds / 86400)).toBe(index);
        expect(row!.txDatetime).toBe(`${name.slice(0, 10)} ${clockTime(row!.txTimeSeconds % 86400)}`);
        expect(row!.txFraud === 1).toBe(row!.txFraudScenario !== 0);
        frauds += row!.txFraud;
      }
    }
    expect(expectedId).toBe(summary.transactions);
    expect(frauds).toBe(summary.frauds);
  });

  it("spells the header exactly as the seed data does", () => {
    expect(RAW_HEADER).toBe(
      "#tranaction_id | tx_datetime | customer_id | terminal_id | tx_amount | tx_time_seconds | tx_time_days | tx_fraud | tx_fraud_scenario",
    );
  });

  it.each([
    [5700, "57.00"],
    [5, "0.05"],
    [123456, "1234.56"],
    [-5, "-0.05"],
    [0, "0.00"],
  ])("formats %p cents as %p", (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it.each([
    [0, "00:00:00"],
    [24663, "06:51:03"],
    [86399, "23:59:59"],
  ])("formats second %p of the day as %p", (second, text) => {
    expect(clockTime(second)).toBe(text);
  });

  it("rejects rows that are not clean", () => {
    const clean = "12,2018-04-01 06:51:03,596,3156,57.16,24663,0,0,0";
    expect(parseRawRow(clean)).toEqual({
      transactionId: 12,
      txDatetime: "2018-04-01 06:51:03",
      customerId: 596,
      terminalId: 3156,
      txAmount: 57.16,
      txTimeSeconds: 24663,
      txTimeDays: 0,
      txFraud: 0,
      txFraudScenario: 0,
    });
    for (const dirty of [
      "12,2018-04-01 24:00:00,596,3156,57.16,24663,0,0,0",
      "12,2018-04-01 06:51:03,-596,3156,57.16,24663,0,0,0",
      "12,2018-04-01 06:51:03,596,3156,0.00,24663,0,0,0",
      "12,2018-04-01 06:51:03,596,,57.16,24663,0,0,0",
      "12,2018-04-01 06:51:03,596,3156,57.16",
      "12;2018-04-01 06:51:03;596;3156;57.16;24663;0;0;0",
      RAW_HEADER,
    ]) {
      expect(parseRawRow(dirty)).toBeUndefined();
    }
  });
});

describe("determinism", () => {
  afterAll(cleanupTempDirs);

  it("writes byte-identical files for the same seed, and different data for another seed", async () => {
    const [first, second, other] = [tempDir(), tempDir(), tempDir()];
    await generateDataset({ out: first, params });
    await generateDataset({ out: second, params });
    await generateDataset({ out: other, params: { ...params, seed: 4 } });
    const a = readFolder(first);
    expect(readFolder(second)).toEqual(a);
    const b = readFolder(other);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const name of [...a.keys()].filter((file) => file.endsWith(".txt"))) {
      expect(b.get(name)).not.toEqual(a.get(name));
    }
  });
});

describe("the raw columns, in TypeScript and in the PySpark jobs", () => {
  // The simulator writes the files the clean job reads: both sides must list the same columns in the
  // same order. The training package's list is read from Python itself (its virtualenv).
  it("are the same list", () => {
    const repo = path.resolve(__dirname, "../../..");
    const python = spawnSync(
      path.join(repo, ".venv/bin/python"),
      [
        "-c",
        "import json; from antifraud_training.raw_format import RAW_COLUMNS; print(json.dumps(RAW_COLUMNS))",
      ],
      { encoding: "utf8", env: { ...process.env, PYTHONPATH: path.join(repo, "services/training/src") } },
    );
    expect(python.stderr).toBe("");
    expect(JSON.parse(python.stdout)).toEqual([...RAW_COLUMNS]);
  });
});
