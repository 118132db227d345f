import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Registry } from "prom-client";
import { FEATURE_SPEC_PATH } from "@antifraud/contracts";
import { createAirflowHome, startMlflow, type AirflowHome, type MlflowHandle } from "@antifraud/local";
import {
  createArtifactStore,
  createLogger,
  createMetrics,
  createSnapshotRegistry,
  loadFeatureSpec,
} from "@antifraud/scoring";
import { generateDataset } from "@antifraud/simulator";
import { runToCompletion } from "../src/child-process";
import { addDays, splitHistory } from "../src/history";
import { createDemoKeys } from "../src/keys";
import { mlflowRun, mlflowArtifacts, type MlflowRun } from "./support/mlflow-rest";

const REPO = join(__dirname, "..", "..", "..");
const PYTHON = join(REPO, ".venv", "bin", "python");
const DAILY = "antifraud_daily_refresh";
const RETRAIN = "antifraud_weekly_retrain";

interface Manifest {
  version: string;
  metrics: { test: Record<string, number> & { at_threshold: Record<string, number> } };
  comparison: { champion_version: string | null; decision: { promote: boolean; reason: string } };
}

interface ExportResult {
  version: string;
  promoted: boolean;
  reason: string;
  mlflow_run_id: string;
}

/**
 * The scheduled pipelines for real, as the managed Airflow runs them but with the `local` runner: the
 * repo's DAG files under `airflow dags test` (every task, the training package's jobs on local Spark),
 * over a simulated history, for two consecutive days. The daily DAG appends each day and writes its
 * snapshot, which the scorer's snapshot registry, polling the features root, swaps in without a
 * restart; the retrain DAG (on a daily schedule here, through the same `[antifraud] retrain_schedule`
 * setting the cluster reads) trains, compares with the champion and records the decision in the bundle,
 * the champion pointer and a run on a real MLflow server, read back through MLflow's REST API.
 */
describe("scheduled pipelines on Airflow (local runner)", () => {
  const dir = mkdtempSync(join(tmpdir(), "antifraud-pipelines-"));
  const data = {
    raw: join(dir, "raw"),
    history: join(dir, "history"),
    clean: join(dir, "clean"),
    features: join(dir, "features"),
    models: join(dir, "models"),
    work: join(dir, "runs"),
  };
  let mlflow: MlflowHandle;
  let airflow: AirflowHome;
  let day1 = "";
  let day2 = "";
  const logger = createLogger("silent", "pipelines-test");
  const metrics = createMetrics(new Registry());
  const snapshots = createSnapshotRegistry({
    store: createArtifactStore(data.features, { endpoint: "", region: "" }),
    spec: loadFeatureSpec(FEATURE_SPEC_PATH),
    metrics,
    logger,
  });

  const readJson = <T>(...parts: string[]): T => JSON.parse(readFileSync(join(...parts), "utf8")) as T;
  const exportOf = (lastDay: string) => readJson<ExportResult>(data.work, "retrain", lastDay, "export.json");
  const manifestOf = (version: string) => readJson<Manifest>(data.models, version, "manifest.json");
  const runAfter = (day: string) => addDays(day, 1);

  beforeAll(async () => {
    await generateDataset({
      out: data.raw,
      params: { customers: 400, terminals: 800, days: 45, startDate: "2018-04-01", seed: 3 },
    });
    const split = splitHistory(data.raw, data.history, 2);
    [day1, day2] = split.streamDays as [string, string];
    // The history before the two days, cleaned once as a deployment's first load would be.
    await runToCompletion(
      "clean history",
      PYTHON,
      ["-m", "antifraud_training", "clean", "--raw", data.history, "--out", data.clean],
      process.env,
    );
    mlflow = await startMlflow();
    const keys = createDemoKeys(join(dir, "keys"), 60);
    airflow = await createAirflowHome({
      variable: {
        raw_uri: data.raw,
        clean_uri: data.clean,
        features_uri: data.features,
        models_uri: data.models,
        work_uri: data.work,
        mlflow_tracking_uri: mlflow.url,
      },
      retrainSchedule: "@daily",
      env: { MODEL_SIGNING_KEY_FILE: keys.signingKeyFile },
    });
  }, 300_000);

  afterAll(async () => {
    snapshots.stop();
    await mlflow?.stop();
    airflow?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it("appends the first day to the clean history and writes its snapshot and quality report", async () => {
    const run = await airflow.dagsTest(DAILY, runAfter(day1));
    expect(run.state).toBe("success");
    expect(run.tasks).toEqual({ clean: "success", features: "success" });
    const days = readdirSync(join(data.clean, "transactions")).filter((d) => d.startsWith("day="));
    // 43 history days stay, the new day is added once.
    expect(days).toHaveLength(44);
    expect(days.at(-1)).toBe(`day=${day1}`);
    expect(readJson<{ as_of_day: string }>(data.features, "terminal", "latest.json").as_of_day).toBe(day1);
    const quality = readJson<{ rows_read: number; rows_valid: number; valid_rows_by_day: object }>(
      data.work,
      "quality",
      `${day1}.json`,
    );
    expect(Object.keys(quality.valid_rows_by_day)).toEqual([day1]);
    expect(quality.rows_valid).toBeGreaterThan(0);
    await expect(snapshots.refresh()).resolves.toBe("loaded");
    expect(snapshots.current?.asOfDay).toBe(day1);
  }, 600_000);

  it("retrains on the window ending on the first day and promotes the first model, logged to MLflow", async () => {
    const run = await airflow.dagsTest(RETRAIN, runAfter(day1));
    expect(run.state).toBe("success");
    const result = exportOf(day1);
    expect(result.promoted).toBe(true);
    expect(readJson<{ version: string }>(data.models, "champion.json").version).toBe(result.version);

    const manifest = manifestOf(result.version);
    const logged: MlflowRun = await mlflowRun(mlflow.url, result.mlflow_run_id);
    const test = manifest.metrics.test;
    expect(logged.metrics).toEqual({
      auc_roc: test.auc_roc,
      average_precision: test.average_precision,
      card_precision_at_100: test.card_precision_at_100,
      ...Object.fromEntries(Object.entries(test.at_threshold).map(([k, v]) => [`threshold_${k}`, v])),
    });
    expect(logged.tags["antifraud.version"]).toBe(result.version);
    expect(logged.tags["antifraud.decision"]).toBe("promoted");
    expect(logged.tags["antifraud.champion_compared"]).toBe("none");
    const artifacts = await mlflowArtifacts(mlflow.url, result.mlflow_run_id, "bundle");
    const bundleFiles = readdirSync(join(data.models, result.version)).filter((f) => f !== "manifest.sig");
    expect(artifacts).toEqual(bundleFiles.map((f) => `bundle/${f}`).sort());
  }, 900_000);

  it("refreshes the second day and the polling scorer swaps the new snapshot in without a restart", async () => {
    snapshots.start(200);
    const run = await airflow.dagsTest(DAILY, runAfter(day2));
    expect(run.state).toBe("success");
    const deadline = Date.now() + 10_000;
    while (snapshots.current?.asOfDay !== day2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(snapshots.current?.asOfDay).toBe(day2);
    expect(readdirSync(join(data.clean, "transactions")).filter((d) => d.startsWith("day="))).toHaveLength(
      45,
    );
  }, 600_000);

  it("retrains on the second day's window, compares with the champion and records the decision", async () => {
    const champion = exportOf(day1).version;
    const run = await airflow.dagsTest(RETRAIN, runAfter(day2));
    expect(run.state).toBe("success");
    const result = exportOf(day2);
    const manifest = manifestOf(result.version);
    expect(manifest.comparison.champion_version).toBe(champion);
    expect(manifest.comparison.decision.promote).toBe(result.promoted);
    const pointer = readJson<{ version: string }>(data.models, "champion.json").version;
    expect(pointer).toBe(result.promoted ? result.version : champion);

    const logged = await mlflowRun(mlflow.url, result.mlflow_run_id);
    expect(logged.tags["antifraud.champion_compared"]).toBe(champion);
    expect(logged.tags["antifraud.decision"]).toBe(result.promoted ? "promoted" : "not_promoted");
    expect(logged.tags["antifraud.decision_reason"]).toBe(manifest.comparison.decision.reason);
  }, 900_000);

  it("a rerun of an exported date publishes nothing new and decides nothing again", async () => {
    const before = readdirSync(data.models).sort();
    const run = await airflow.dagsTest(RETRAIN, runAfter(day2));
    expect(run.state).toBe("success");
    expect(readdirSync(data.models).sort()).toEqual(before);
    expect(readFileSync(run.logFile, "utf8")).toContain('"skipped": "run already exported"');
  }, 600_000);
});
