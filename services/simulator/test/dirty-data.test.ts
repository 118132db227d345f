import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DIRTY_MANIFEST_FILE, generateDataset } from "../src/dataset/generate-dataset";
import { DIRTY_RULES, type DirtyManifest } from "../src/dirty/dirty-rules";
import { parseRawRow, RAW_COLUMNS } from "../src/format/raw-format";
import { cleanupTempDirs, readFolder, tempDir } from "./helpers/temp-dir";

const params = { customers: 300, terminals: 600, days: 12, seed: 11 };
const rate = 0.01;

describe("dirty-data injection", () => {
  let clean: Map<string, string>;
  let dirty: Map<string, string>;
  let manifest: DirtyManifest;

  beforeAll(async () => {
    const [cleanDir, dirtyDir] = [tempDir(), tempDir()];
    await generateDataset({ out: cleanDir, params });
    const summary = await generateDataset({
      out: dirtyDir,
      params,
      dirtyRates: Object.fromEntries(DIRTY_RULES.map((rule) => [rule, rate])),
    });
    clean = readFolder(cleanDir);
    dirty = readFolder(dirtyDir);
    manifest = JSON.parse(readFileSync(join(dirtyDir, DIRTY_MANIFEST_FILE), "utf8")) as DirtyManifest;
    expect(summary.dirty?.total).toBe(manifest.total);
  });
  afterAll(cleanupTempDirs);

  const dayFiles = () => [...clean.keys()].filter((name) => name.endsWith(".txt"));
  const dataLines = (files: Map<string, string>, name: string) => files.get(name)!.split("\n").slice(1, -1);

  it("writes clean data by default (no manifest, every row parses)", () => {
    expect(clean.has(DIRTY_MANIFEST_FILE)).toBe(false);
    for (const name of dayFiles())
      expect(dataLines(clean, name).every((line) => parseRawRow(line) !== undefined)).toBe(true);
  });

  it("injects every rule at about its rate and counts exactly what it listed", () => {
    for (const rule of DIRTY_RULES) {
      expect(manifest.counts[rule]).toBe(manifest.injections[rule].length);
      // About 1% of cleanRows each; 3 standard deviations of a binomial count.
      const expected = rate * manifest.cleanRows;
      expect(Math.abs(manifest.counts[rule] - expected)).toBeLessThan(3 * Math.sqrt(expected));
    }
    expect(manifest.total).toBe(DIRTY_RULES.reduce((sum, rule) => sum + manifest.counts[rule], 0));
    expect(manifest.dataLines).toBe(manifest.cleanRows + manifest.counts.duplicate_id);
  });

  it("changes only the listed lines: every other line equals the clean row with the same id", () => {
    const listed = new Set(
      DIRTY_RULES.flatMap((rule) => manifest.injections[rule].map((item) => `${item.file}:${item.line}`)),
    );
    let total = 0;
    for (const name of dayFiles()) {
      const cleanById = new Map(dataLines(clean, name).map((line) => [line.split(",")[0], line]));
      dataLines(dirty, name).forEach((line, index) => {
        total++;
        if (listed.has(`${name}:${index + 2}`)) return;
        expect(line).toBe(cleanById.get(line.split(",")[0]));
      });
    }
    expect(total).toBe(manifest.dataLines);
  });

  it("puts each listed defect at its file and line", () => {
    const lineAt = (file: string, line: number) => dirty.get(file)!.split("\n")[line - 1]!;
    const cleanRow = (file: string, id: number) =>
      dataLines(clean, file)
        .find((line) => line.startsWith(`${id},`))!
        .split(",");
    for (const item of manifest.injections.duplicate_id) {
      expect(lineAt(item.file, item.line)).toBe(lineAt(item.file, item.line - 1));
      expect(lineAt(item.file, item.line)).toBe(cleanRow(item.file, item.transaction_id).join(","));
    }
    for (const item of manifest.injections.empty_field) {
      const fields = lineAt(item.file, item.line).split(",");
      const column = RAW_COLUMNS.indexOf(item.detail!.column as (typeof RAW_COLUMNS)[number]);
      expect(fields[column]).toBe("");
      expect(fields.filter((field) => field === "").length).toBeGreaterThanOrEqual(1);
    }
    for (const item of manifest.injections.non_positive_amount) {
      const amount = Number(lineAt(item.file, item.line).split(",")[4]);
      expect(amount).toBeLessThanOrEqual(0);
      expect(String(item.detail!.value)).toBe(lineAt(item.file, item.line).split(",")[4]);
    }
    for (const item of manifest.injections.negative_id) {
      const fields = lineAt(item.file, item.line).split(",");
      const column = RAW_COLUMNS.indexOf(item.detail!.column as (typeof RAW_COLUMNS)[number]);
      expect(Number(fields[column])).toBeLessThan(0);
      expect(Math.abs(Number(fields[column]))).toBe(
        Math.max(1, Number(cleanRow(item.file, item.transaction_id)[column])),
      );
    }
    for (const item of manifest.injections.time_24) {
      expect(lineAt(item.file, item.line).split(",")[1]).toBe(`${item.file.slice(0, 10)} 24:00:00`);
    }
    for (const item of manifest.injections.malformed) {
      const line = lineAt(item.file, item.line);
      expect(parseRawRow(line)).toBeUndefined();
      const variant = item.detail!.variant;
      if (variant === "truncated") expect(line.split(",").length).toBeLessThan(RAW_COLUMNS.length);
      if (variant === "extra_fields") expect(line.split(",").length).toBe(RAW_COLUMNS.length + 2);
      if (variant === "wrong_separator") expect(line.split(";")).toHaveLength(RAW_COLUMNS.length);
      if (variant === "bad_number") expect(Number.isNaN(Number(line.split(",")[4]))).toBe(true);
    }
  });

  it("makes every non-duplicate defect fail the strict row parser", () => {
    for (const rule of DIRTY_RULES.filter((name) => name !== "duplicate_id")) {
      for (const item of manifest.injections[rule]) {
        const line = dirty.get(item.file)!.split("\n")[item.line - 1]!;
        // An emptied tx_fraud_scenario or similar still fails: the parser requires all nine fields.
        expect({ rule, parsed: parseRawRow(line) }).toEqual({ rule, parsed: undefined });
      }
    }
  });

  it("leaves the clean data unchanged when dirt is injected (same rows, same labels)", () => {
    const cleanIds = new Set(
      dayFiles().flatMap((name) => dataLines(clean, name).map((line) => line.split(",")[0])),
    );
    expect(cleanIds.size).toBe(manifest.cleanRows);
  });
});
