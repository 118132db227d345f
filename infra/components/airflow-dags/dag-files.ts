/**
 * Finds the files Managed Airflow syncs from the DAG bucket: everything under the DAG folder (DAG
 * modules, their helper package, `.airflowignore`), except Python's byte-code caches. Keys keep the
 * relative path under `dags/`, where the cluster's code sync looks; each file carries the sha256 of
 * its bytes, so an edited file is a changed upload.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { sha256Of } from "../content-hash";

/** Key prefix the cluster reads DAGs from, in the bucket named by `code_sync.s3.bucket`. */
export const DAGS_PREFIX = "dags/";

export interface DagFile {
  /** Absolute path on disk. */
  readonly source: string;
  /** Object key, forward slashes (e.g. `dags/antifraud_pipelines/settings.py`). */
  readonly key: string;
  /** sha256 (hex) of the file's bytes. */
  readonly sha256: string;
}

const skipped = (entry: string, isDirectory: boolean): boolean =>
  isDirectory ? entry === "__pycache__" : entry.endsWith(".pyc");

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      const isDirectory = statSync(full).isDirectory();
      if (skipped(entry, isDirectory)) return [];
      return isDirectory ? walk(full) : [full];
    });
}

/** Every file under `dagsDir`, sorted by key; throws naming the folder when it is missing or empty. */
export function findDagFiles(dagsDir: string): DagFile[] {
  if (!existsSync(dagsDir) || !statSync(dagsDir).isDirectory()) {
    throw new Error(`the DAG folder ${dagsDir} does not exist: Airflow's DAGs are uploaded from it`);
  }
  const files = walk(dagsDir).map((source) => ({
    source,
    key: `${DAGS_PREFIX}${path.relative(dagsDir, source).split(path.sep).join("/")}`,
    sha256: sha256Of({ source }),
  }));
  if (files.length === 0) throw new Error(`the DAG folder ${dagsDir} holds no files to upload`);
  return files;
}
