/**
 * Finds the PySpark sources the Data Processing cluster runs: every module of the training package
 * (uploaded one by one for reading and as one zip for `--py-files`) and the `job.py` entry points.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { createZip } from "./zip";

export interface JobFile {
  /** Absolute path on disk. */
  readonly source: string;
  /** Object key relative to the jobs prefix, forward slashes (e.g. `antifraud_training/clean/job.py`). */
  readonly key: string;
}

export interface TrainingJobs {
  readonly modules: JobFile[];
  /** Entry points: `<package>/<step>/job.py`. */
  readonly entryPoints: JobFile[];
  /** The package as a zip for `--py-files`, built from `modules`. */
  readonly packageZip: Buffer;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return entry === "__pycache__" ? [] : walk(full);
      return entry.endsWith(".py") ? [full] : [];
    });
}

/** Lists the `.py` files of the package at `packageDir`; keys start with the package directory name. */
export function findTrainingJobs(packageDir: string): TrainingJobs {
  const root = path.dirname(packageDir);
  const modules = walk(packageDir).map((source) => ({
    source,
    key: path.relative(root, source).split(path.sep).join("/"),
  }));
  if (modules.length === 0) throw new Error(`no Python modules found under ${packageDir}`);
  const entryPoints = modules.filter((m) => path.basename(m.key) === "job.py");
  const packageZip = createZip(modules.map((m) => ({ name: m.key, data: readFileSync(m.source) })));
  return { modules, entryPoints, packageZip };
}

/** One object the cluster's jobs need under the jobs prefix: a file from disk, or bytes (the package zip). */
export interface JobUpload {
  /** Suffix of the Pulumi resource name. */
  readonly resourceSuffix: string;
  readonly key: string;
  readonly content: { readonly file: string } | { readonly base64: string };
  readonly contentType: string;
}

/**
 * What either cloud's Spark component uploads: the entry points as files (spark-submit's main file), the
 * package as one zip for `--py-files`, the Spark entry wrapper and the feature spec.
 */
export function jobUploads(
  jobs: TrainingJobs,
  files: { readonly sparkEntry: string; readonly featureSpec: string },
  prefix: string,
): JobUpload[] {
  return [
    ...jobs.entryPoints.map((m) => ({
      resourceSuffix: `job-${m.key.replace(/[^A-Za-z0-9]+/g, "-")}`,
      key: `${prefix}${m.key}`,
      content: { file: m.source },
      contentType: "text/x-python",
    })),
    {
      resourceSuffix: "job-package-zip",
      key: `${prefix}antifraud_training.zip`,
      content: { base64: jobs.packageZip.toString("base64") },
      contentType: "application/zip",
    },
    {
      resourceSuffix: "job-spark-entry",
      key: `${prefix}spark_entry.py`,
      content: { file: files.sparkEntry },
      contentType: "text/x-python",
    },
    {
      resourceSuffix: "job-feature-spec",
      key: `${prefix}contracts/features.json`,
      content: { file: files.featureSpec },
      contentType: "application/json",
    },
  ];
}
