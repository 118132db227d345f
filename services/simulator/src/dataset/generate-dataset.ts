import {
  dirtyRatesSchema,
  DIRTY_RULES,
  isClean,
  type DirtyManifest,
  type DirtyRates,
} from "../dirty/dirty-rules";
import { formatDayFile } from "../format/day-file";
import type { SimulationParamsInput } from "../model/params";
import { simulate, type SimulationPhase } from "../model/simulate";
import type { DatasetSink } from "../sink/dataset-sink";
import { openSink, type OpenSinkOptions } from "../sink/open-sink";
import { datasetStatistics, type DatasetStatistics } from "./summary";

/** Names start with "_" so Spark and Hadoop readers of the folder skip them as hidden files. */
export const DIRTY_MANIFEST_FILE = "_dirty_manifest.json";
export const SIMULATION_SUMMARY_FILE = "_simulation.json";

export interface GenerateDatasetOptions extends OpenSinkOptions {
  /** A folder or `s3://bucket/prefix`. Ignored when `sink` is given. */
  readonly out?: string;
  readonly sink?: DatasetSink;
  readonly params?: SimulationParamsInput;
  /** Per-row rates of each dirty-data rule; omitted or all zero writes clean data. */
  readonly dirtyRates?: Partial<DirtyRates>;
  readonly onProgress?: (phase: SimulationPhase | "writing", done: number, total: number) => void;
}

export interface DatasetSummary extends DatasetStatistics {
  readonly location: string;
  readonly files: readonly string[];
  readonly simulateMs: number;
  readonly writeMs: number;
  readonly dirty?: Pick<DirtyManifest, "counts" | "total" | "dataLines"> & { readonly manifestFile: string };
}

/**
 * Simulates the dataset and writes one raw file per day (DESIGN 4.1), plus `_simulation.json`
 * (parameters and statistics) and, with dirt, `_dirty_manifest.json` (every injected defect).
 */
export async function generateDataset(options: GenerateDatasetOptions): Promise<DatasetSummary> {
  const sink = options.sink ?? (options.out === undefined ? undefined : openSink(options.out, options));
  if (sink === undefined) throw new Error("generateDataset needs `out` (folder or s3:// URI) or a `sink`");
  const rates = dirtyRatesSchema.parse(options.dirtyRates ?? {}) as DirtyRates;
  const dirty = isClean(rates) ? undefined : rates;

  const simulateStarted = Date.now();
  const { params, table, fraudSteps } = simulate(options.params, options.onProgress);
  const simulateMs = Date.now() - simulateStarted;

  const writeStarted = Date.now();
  const files: string[] = [];
  const injections = Object.fromEntries(
    DIRTY_RULES.map((rule) => [rule, []]),
  ) as unknown as DirtyManifest["injections"];
  let dataLines = 0;
  let pendingWrite: Promise<void> = Promise.resolve();
  for (let day = 0; day < params.days; day++) {
    const file = formatDayFile(
      table,
      day,
      params.startDate,
      dirty === undefined ? undefined : { rates: dirty, seed: params.seed },
    );
    for (const { rule, injection } of file.injections) injections[rule].push(injection);
    dataLines += file.dataLines;
    // Formatting the next day overlaps with writing this one.
    await pendingWrite;
    pendingWrite = sink.write(file.name, file.content);
    files.push(file.name);
    options.onProgress?.("writing", day + 1, params.days);
  }
  await pendingWrite;

  const statistics = datasetStatistics(table, fraudSteps, params);
  let dirtySummary: DatasetSummary["dirty"];
  if (dirty !== undefined) {
    const counts = Object.fromEntries(
      DIRTY_RULES.map((rule) => [rule, injections[rule].length]),
    ) as DirtyManifest["counts"];
    const total = DIRTY_RULES.reduce((sum, rule) => sum + counts[rule], 0);
    const manifest: DirtyManifest = {
      seed: params.seed,
      rates: dirty,
      cleanRows: table.length,
      dataLines,
      counts,
      total,
      injections,
    };
    await sink.write(DIRTY_MANIFEST_FILE, JSON.stringify(manifest) + "\n");
    dirtySummary = { counts, total, dataLines, manifestFile: DIRTY_MANIFEST_FILE };
  }
  await sink.write(SIMULATION_SUMMARY_FILE, JSON.stringify({ params, statistics, files }, null, 2) + "\n");
  return {
    ...statistics,
    location: sink.location,
    files,
    simulateMs,
    writeMs: Date.now() - writeStarted,
    ...(dirtySummary === undefined ? {} : { dirty: dirtySummary }),
  };
}
