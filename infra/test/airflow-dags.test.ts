import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { findDagFiles } from "../components/airflow-dags/dag-files";
import {
  PIPELINE_SECRET_NAME,
  PIPELINE_VARIABLE_KEYS,
  SIGNING_KEY_ENTRY,
  pipelineVariable,
} from "../components/airflow-dags/pipeline-variable";

const REPO = path.join(__dirname, "..", "..");
const FIXTURE = path.join(__dirname, "fixtures", "dags");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
/** The fixture copied to a scratch folder, plus byte-code caches (git ignores them, so they are made here). */
function fixtureWithCaches(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "dags-"));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  mkdirSync(path.join(dir, "__pycache__"));
  writeFileSync(path.join(dir, "__pycache__", "weekly.cpython-311.pyc"), "cache");
  mkdirSync(path.join(dir, "helpers", "__pycache__"));
  writeFileSync(path.join(dir, "helpers", "__pycache__", "steps.cpython-311.pyc"), "cache");
  writeFileSync(path.join(dir, "helpers", "stale.pyc"), "cache");
  return dir;
}
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("findDagFiles", () => {
  it("lists every file under dags/ with its relative path, skipping byte-code caches", () => {
    const dir = fixtureWithCaches();
    expect(findDagFiles(dir).map((f) => [f.key, path.relative(dir, f.source)])).toEqual([
      ["dags/.airflowignore", ".airflowignore"],
      ["dags/helpers/__init__.py", path.join("helpers", "__init__.py")],
      ["dags/helpers/steps.py", path.join("helpers", "steps.py")],
      ["dags/weekly.py", "weekly.py"],
    ]);
  });

  it("hashes each file's bytes, so an edited file gets a new hash and the others keep theirs", () => {
    const dir = fixtureWithCaches();
    const before = findDagFiles(dir);
    for (const f of before)
      expect({ key: f.key, sha256: f.sha256 }).toEqual({ key: f.key, sha256: sha256(f.source) });
    writeFileSync(path.join(dir, "weekly.py"), 'SCHEDULE = "@daily"\n');
    const after = findDagFiles(dir);
    const changed = after.filter((f, i) => f.sha256 !== before[i]?.sha256).map((f) => f.key);
    expect(changed).toEqual(["dags/weekly.py"]);
  });

  it("fails naming the folder when it is missing or holds nothing to upload", () => {
    const missing = path.join(tmpdir(), "no-such-dags-folder");
    expect(() => findDagFiles(missing)).toThrow(`the DAG folder ${missing} does not exist`);
    const empty = mkdtempSync(path.join(tmpdir(), "dags-empty-"));
    dirs.push(empty);
    mkdirSync(path.join(empty, "__pycache__"));
    writeFileSync(path.join(empty, "__pycache__", "x.pyc"), "cache");
    expect(() => findDagFiles(empty)).toThrow(`the DAG folder ${empty} holds no files to upload`);
  });
});

describe("pipelineVariable", () => {
  const locations = {
    dataprocClusterId: "c9qcluster",
    buckets: { raw: "b-raw", clean: "b-clean", models: "b-models" },
    jobsUri: "s3a://b-spark/jobs/",
    mlflowTrackingUri: "http://mlflow.mlflow.svc.cluster.local:5000",
    sparkProperties: {
      etl: { "spark.dynamicAllocation.enabled": "true" },
      training: { "spark.executor.instances": "2" },
    },
    signingKeySecretId: "e6qsigningkey",
  };

  it("names the signing key entry the export reads (the training package's LOCKBOX_ENTRY)", () => {
    const signing = readFileSync(
      path.join(REPO, "services", "training", "src", "antifraud_training", "export", "signing.py"),
      "utf8",
    );
    expect(signing).toContain(`LOCKBOX_ENTRY = "${SIGNING_KEY_ENTRY}"`);
  });

  it("is accepted as it is by the DAGs' own settings parser (Airflow's virtualenv)", () => {
    const parsed = execFileSync(
      path.join(REPO, ".venv-airflow", "bin", "python"),
      [
        "-c",
        "import json, sys; sys.path.insert(0, sys.argv[1]); " +
          "from antifraud_pipelines.settings import parse_settings; " +
          "s = parse_settings(json.load(sys.stdin)); " +
          "print(json.dumps([s.runner, s.jobs_uri, s.spark_properties, s.signing_key_secret_id]))",
        path.join(REPO, "services", "pipelines", "dags"),
      ],
      { input: JSON.stringify(pipelineVariable(locations)), encoding: "utf8" },
    );
    expect(JSON.parse(parsed)).toEqual([
      "dataproc",
      "s3a://b-spark/jobs/",
      locations.sparkProperties,
      "e6qsigningkey",
    ]);
  });

  it("has exactly the keys the DAGs accept for the Data Processing runner", () => {
    expect(Object.keys(pipelineVariable(locations)).sort()).toEqual([...PIPELINE_VARIABLE_KEYS].sort());
    expect(PIPELINE_SECRET_NAME).toBe("airflow/variables/antifraud_pipeline");
  });

  it.each([
    ["runner", "dataproc"],
    ["dataproc_cluster_id", "c9qcluster"],
    ["raw_uri", "s3a://b-raw/"],
    ["clean_uri", "s3a://b-clean/clean"],
    ["features_uri", "s3a://b-clean/features"],
    ["models_uri", "s3a://b-models/"],
    ["work_uri", "s3a://b-clean/runs"],
    ["jobs_uri", "s3a://b-spark/jobs/"],
    ["mlflow_tracking_uri", "http://mlflow.mlflow.svc.cluster.local:5000"],
    ["spark_properties", locations.sparkProperties],
    ["signing_key_secret_id", "e6qsigningkey"],
  ] as const)("%s = %s", (key, value) => {
    expect(pipelineVariable(locations)[key]).toEqual(value);
  });
});
