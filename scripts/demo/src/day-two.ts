import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createAirflowHome, type DagRun } from "@antifraud/local";
import { addDays } from "./history";
import { labelOf, sumMetric, scrape } from "./metrics-scrape";

export const DAILY_DAG = "antifraud_daily_refresh";
export const RETRAIN_DAG = "antifraud_weekly_retrain";
const SNAPSHOT_INFO = "antifraud_terminal_snapshot_info";
const START_TIME = "antifraud_process_process_start_time_seconds";
/** How long after the daily run a scorer may take to swap the snapshot in (it polls every 5 s). */
const PICKUP_TIMEOUT_MS = 30_000;

export interface DayTwoSettings {
  /** The day whose raw file arrived overnight: the DAGs clean it, refresh and retrain up to it. */
  readonly day: string;
  readonly raw: string;
  readonly clean: string;
  readonly features: string;
  readonly models: string;
  readonly work: string;
  /** The Airflow home (metadata database and DAG logs), kept after the run. */
  readonly airflowDir: string;
  readonly mlflowUrl: string;
  readonly signingKeyFile: string;
  /** Running scoring processes that serve the terminal snapshot: name -> /metrics URL. */
  readonly scorers: Readonly<Record<string, string>>;
  readonly say: (line: string) => void;
}

export interface SnapshotPickup {
  readonly process: string;
  readonly asOfBefore: string | undefined;
  readonly asOfAfter: string | undefined;
  /** From `latest.json` moving to the first scrape that showed the new snapshot (undefined: never). */
  readonly seconds: number | undefined;
  /** False when the process start time changed, i.e. it was restarted to take the snapshot. */
  readonly sameProcess: boolean;
}

export interface DayTwoReport {
  readonly day: string;
  readonly dagRuns: readonly DagRun[];
  readonly dataQuality: {
    readonly rowsRead: number;
    readonly rowsValid: number;
    readonly rowsRejected: number;
  };
  readonly snapshot: readonly SnapshotPickup[];
  readonly retrain: {
    readonly version: string;
    readonly champion: string | null;
    readonly promoted: boolean;
    readonly reason: string;
    readonly metrics: Readonly<Record<string, number>>;
    readonly mlflowRunId: string;
    readonly mlflowRunUrl: string;
  };
}

interface ExportResult {
  version: string;
  promoted: boolean;
  reason: string;
  mlflow_run_id: string;
}

interface Manifest {
  metrics: { test: Record<string, unknown> };
  comparison: { champion_version: string | null };
}

const readJson = <T>(...parts: string[]): T => JSON.parse(readFileSync(join(...parts), "utf8")) as T;

interface ScorerState {
  readonly asOf: string | undefined;
  readonly startTime: number;
}

async function scorerState(metricsUrl: string): Promise<ScorerState> {
  const exposition = await scrape(`${metricsUrl}/metrics`);
  return {
    asOf: labelOf(exposition, SNAPSHOT_INFO, "as_of_day"),
    startTime: sumMetric(exposition, START_TIME),
  };
}

/** Polls one scorer until it serves the snapshot as of `day`; the time it was first seen (ms), if ever. */
async function watchPickup(
  metricsUrl: string,
  day: string,
  until: Promise<unknown>,
): Promise<number | undefined> {
  let done = false;
  let deadline = Number.POSITIVE_INFINITY;
  const stop = () => {
    done = true;
    deadline = Date.now() + PICKUP_TIMEOUT_MS;
  };
  until.then(stop, stop);
  while (!done || Date.now() < deadline) {
    const state = await scorerState(metricsUrl);
    if (state.asOf === day) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}

async function mlflowRunUrl(trackingUrl: string, runId: string): Promise<string> {
  const response = await fetch(`${trackingUrl}/api/2.0/mlflow/runs/get?run_id=${encodeURIComponent(runId)}`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`MLflow run ${runId}: HTTP ${response.status} ${await response.text()}`);
  const { run } = (await response.json()) as { run: { info: { experiment_id: string } } };
  return `${trackingUrl}/#/experiments/${run.info.experiment_id}/runs/${runId}`;
}

function requireSuccess(run: DagRun): DagRun {
  if (run.state !== "success") {
    throw new Error(
      `${run.dagId} for ${run.logicalDate} ended ${run.state} (tasks ${JSON.stringify(run.tasks)}); log: ${run.logFile}`,
    );
  }
  return run;
}

/**
 * The night after `day`: the repo's DAGs under `airflow dags test` with the local runner (the managed
 * cluster runs the same files on Data Processing), while the scoring processes keep serving. The daily
 * run cleans the day, appends it and writes its terminal snapshot, which each scorer must swap in
 * without a restart; the retrain (on the daily schedule here) trains a challenger on the window ending
 * on the day, compares it with the champion, exports it and logs the run and its decision to MLflow.
 */
export async function runDayTwo(settings: DayTwoSettings): Promise<DayTwoReport> {
  const { day, say } = settings;
  const logicalDate = addDays(day, 1);
  const airflow = await createAirflowHome({
    dir: settings.airflowDir,
    variable: {
      raw_uri: settings.raw,
      clean_uri: settings.clean,
      features_uri: settings.features,
      models_uri: settings.models,
      work_uri: settings.work,
      mlflow_tracking_uri: settings.mlflowUrl,
    },
    retrainSchedule: "@daily",
    env: { MODEL_SIGNING_KEY_FILE: settings.signingKeyFile, SPARK_LOCAL_IP: "127.0.0.1" },
  });
  const scorers = Object.entries(settings.scorers);
  const before = await Promise.all(scorers.map(([, url]) => scorerState(url)));

  say(`  ${DAILY_DAG} ${logicalDate} (cleans ${day}, appends it, writes its terminal snapshot) ...`);
  const daily = airflow.dagsTest(DAILY_DAG, logicalDate);
  const seen = await Promise.all(scorers.map(([, url]) => watchPickup(url, day, daily)));
  const dailyRun = requireSuccess(await daily);
  say(
    `  ${DAILY_DAG} ${dailyRun.state} in ${dailyRun.seconds.toFixed(1)} s: ${JSON.stringify(dailyRun.tasks)}`,
  );
  const movedAt = statSync(join(settings.features, "terminal", "latest.json")).mtimeMs;
  const after = await Promise.all(scorers.map(([, url]) => scorerState(url)));
  const snapshot = scorers.map(([name], i): SnapshotPickup => {
    const at = seen[i];
    return {
      process: name,
      asOfBefore: before[i]?.asOf,
      asOfAfter: after[i]?.asOf,
      seconds: at === undefined ? undefined : Math.max(0, (at - movedAt) / 1000),
      sameProcess: before[i]?.startTime === after[i]?.startTime,
    };
  });
  for (const s of snapshot) {
    say(
      `  ${s.process}: snapshot ${s.asOfBefore} -> ${s.asOfAfter}${s.sameProcess ? ", same process" : ", RESTARTED"}`,
    );
  }
  const missed = snapshot.filter((s) => s.asOfAfter !== day || !s.sameProcess);
  if (missed.length > 0) {
    throw new Error(
      `the snapshot as of ${day} was not swapped in by ${missed.map((s) => s.process).join(", ")}`,
    );
  }

  say(`  ${RETRAIN_DAG} ${logicalDate} (train, evaluate, compare with the champion, export) ...`);
  const retrainRun = requireSuccess(await airflow.dagsTest(RETRAIN_DAG, logicalDate));
  say(
    `  ${RETRAIN_DAG} ${retrainRun.state} in ${retrainRun.seconds.toFixed(1)} s: ${JSON.stringify(retrainRun.tasks)}`,
  );
  const result = readJson<ExportResult>(settings.work, "retrain", day, "export.json");
  const manifest = readJson<Manifest>(settings.models, result.version, "manifest.json");
  const quality = readJson<{ rows_read: number; rows_valid: number; rows_rejected: number }>(
    settings.work,
    "quality",
    `${day}.json`,
  );
  const metrics = Object.fromEntries(
    Object.entries(manifest.metrics.test).filter(
      (entry): entry is [string, number] => typeof entry[1] === "number",
    ),
  );
  return {
    day,
    dagRuns: [dailyRun, retrainRun],
    dataQuality: {
      rowsRead: quality.rows_read,
      rowsValid: quality.rows_valid,
      rowsRejected: quality.rows_rejected,
    },
    snapshot,
    retrain: {
      version: result.version,
      champion: manifest.comparison.champion_version,
      promoted: result.promoted,
      reason: result.reason,
      metrics,
      mlflowRunId: result.mlflow_run_id,
      mlflowRunUrl: await mlflowRunUrl(settings.mlflowUrl, result.mlflow_run_id),
    },
  };
}
