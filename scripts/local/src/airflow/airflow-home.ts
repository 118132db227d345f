import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../paths";

const run = promisify(execFile);

/**
 * The Airflow Variable `antifraud_pipeline` for the local runner (services/pipelines/dags/
 * antifraud_pipelines/settings.py validates it): local folders, the training virtualenv, local Spark.
 */
export interface LocalPipelineVariable {
  readonly raw_uri: string;
  readonly clean_uri: string;
  readonly features_uri: string;
  readonly models_uri: string;
  readonly work_uri: string;
  /** Default: the repository's training virtualenv. */
  readonly python?: string;
  /** Default `local[2]`. */
  readonly spark_master?: string;
  readonly mlflow_tracking_uri?: string;
}

export interface AirflowHomeOptions {
  readonly variable: LocalPipelineVariable;
  /** `[antifraud] retrain_schedule`; default: the DAG's own (@weekly). */
  readonly retrainSchedule?: string;
  /** More environment for the tasks (e.g. MODEL_SIGNING_KEY_FILE). */
  readonly env?: Readonly<Record<string, string>>;
  /** Default: a new temporary folder, deleted by remove(). */
  readonly dir?: string;
}

export interface DagRun {
  readonly dagId: string;
  readonly logicalDate: string;
  /** The run's final state (`success`, `failed`), or `unknown` when the run did not finish. */
  readonly state: string;
  /** Final state per task id, in the order the tasks finished. */
  readonly tasks: Readonly<Record<string, string>>;
  readonly seconds: number;
  /** The whole output of `airflow dags test` (every task's log). */
  readonly logFile: string;
}

export interface AirflowHome {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** `airflow dags test <dagId> <logicalDate>`: the DAG run in this process, every task, no scheduler. */
  dagsTest(dagId: string, logicalDate: string): Promise<DagRun>;
  remove(): void;
}

export function airflowBinary(): string {
  return join(repoRoot(), ".venv-airflow", "bin", "airflow");
}

export function dagsFolder(): string {
  return join(repoRoot(), "services", "pipelines", "dags");
}

/**
 * States from what `airflow dags test` logs (it records the run only in its own session, so
 * `airflow dags state` does not know it): one "Marking task as STATE ... task_id=ID" line per task and
 * one "DagRun Finished: ... state=STATE" line.
 */
export function parseDagTestOutput(output: string): { state: string; tasks: Record<string, string> } {
  const tasks: Record<string, string> = {};
  for (const match of output.matchAll(/Marking task as (\w+)\. dag_id=[^,]+, task_id=([^,\s]+)/g)) {
    tasks[match[2] ?? ""] = (match[1] ?? "").toLowerCase();
  }
  const finished = /DagRun Finished: .*? state=(\w+)/.exec(output);
  return { state: finished?.[1] ?? "unknown", tasks };
}

function variableJson(variable: LocalPipelineVariable): string {
  return JSON.stringify({
    runner: "local",
    python: join(repoRoot(), ".venv", "bin", "python"),
    spark_master: "local[2]",
    ...variable,
  });
}

async function airflow(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(airflowBinary(), args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    const tail = `${failed.stdout ?? ""}${failed.stderr ?? ""}`.split("\n").slice(-40).join("\n");
    throw new Error(`airflow ${args.join(" ")} failed: ${failed.message}\n${tail}`);
  }
}

/**
 * An Airflow home of its own (sqlite metadata database, config from the environment, the repo's DAG
 * folder) where DAG runs execute for real with `airflow dags test`: the same DAG files, operator and
 * jobs the managed cluster runs, with the `local` runner.
 */
export async function createAirflowHome(options: AirflowHomeOptions): Promise<AirflowHome> {
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "antifraud-airflow-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    AIRFLOW_HOME: dir,
    AIRFLOW__CORE__DAGS_FOLDER: dagsFolder(),
    AIRFLOW__CORE__LOAD_EXAMPLES: "False",
    AIRFLOW__LOGGING__BASE_LOG_FOLDER: join(dir, "logs"),
    AIRFLOW_VAR_ANTIFRAUD_PIPELINE: variableJson(options.variable),
    ...(options.retrainSchedule === undefined
      ? {}
      : { AIRFLOW__ANTIFRAUD__RETRAIN_SCHEDULE: options.retrainSchedule }),
  };
  try {
    await airflow(["db", "migrate"], env);
  } catch (error) {
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    env,
    async dagsTest(dagId, logicalDate) {
      const started = Date.now();
      const logFile = join(dir, `${dagId}-${logicalDate}.log`);
      let output: string;
      try {
        output = await airflow(["dags", "test", dagId, logicalDate], env);
      } catch (error) {
        output = (error as Error).message;
      }
      writeFileSync(logFile, output);
      const { state, tasks } = parseDagTestOutput(output);
      return { dagId, logicalDate, state, tasks, seconds: (Date.now() - started) / 1000, logFile };
    },
    remove() {
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
