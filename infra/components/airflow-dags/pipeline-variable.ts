import type { SparkJobProperties } from "../spark-jobs/job-properties";

/**
 * The Airflow Variable the DAGs read their settings from (services/pipelines/dags, `settings.py`): one JSON
 * object, resolved through Airflow's Lockbox secrets backend from the secret
 * `airflow/variables/antifraud_pipeline`. The key set is the contract with the DAGs (pure).
 */

export const PIPELINE_VARIABLE = "antifraud_pipeline";
/** Where Airflow's Lockbox backend looks a Variable up: `<variables prefix>/<variable name>`. */
export const PIPELINE_SECRET_NAME = `airflow/variables/${PIPELINE_VARIABLE}`;
/** The backend returns the value of the secret's only entry, whatever its key. */
export const PIPELINE_SECRET_ENTRY = "value";
/** The entry the export reads the model signing key from (`LOCKBOX_ENTRY` in the training package). */
export const SIGNING_KEY_ENTRY = "private_key_pem";

/** Exactly the keys the DAGs accept for the Data Processing runner. */
export const PIPELINE_VARIABLE_KEYS = [
  "runner",
  "dataproc_cluster_id",
  "raw_uri",
  "clean_uri",
  "features_uri",
  "models_uri",
  "work_uri",
  "jobs_uri",
  "mlflow_tracking_uri",
  "spark_properties",
  "signing_key_secret_id",
] as const;

export type PipelineVariable = Record<
  Exclude<(typeof PIPELINE_VARIABLE_KEYS)[number], "spark_properties">,
  string
> & {
  /** The sized profiles (`sparkJobProperties`): each job is submitted with its profile's properties. */
  readonly spark_properties: SparkJobProperties;
};

export interface PipelineLocations {
  readonly dataprocClusterId: string;
  readonly buckets: { readonly raw: string; readonly clean: string; readonly models: string };
  /** `s3a://` prefix holding spark_entry.py and the package zip (the Spark component's uploads). */
  readonly jobsUri: string;
  readonly mlflowTrackingUri: string;
  readonly sparkProperties: SparkJobProperties;
  /** Lockbox secret with the model signing key the export reads (`--signing-key lockbox:<id>`). */
  readonly signingKeySecretId: string;
}

/** The Variable's value: Spark reads and writes through `s3a://` on the Data Processing cluster. */
export function pipelineVariable(l: PipelineLocations): PipelineVariable {
  return {
    runner: "dataproc",
    dataproc_cluster_id: l.dataprocClusterId,
    raw_uri: `s3a://${l.buckets.raw}/`,
    clean_uri: `s3a://${l.buckets.clean}/clean`,
    features_uri: `s3a://${l.buckets.clean}/features`,
    models_uri: `s3a://${l.buckets.models}/`,
    work_uri: `s3a://${l.buckets.clean}/runs`,
    jobs_uri: l.jobsUri,
    mlflow_tracking_uri: l.mlflowTrackingUri,
    spark_properties: l.sparkProperties,
    signing_key_secret_id: l.signingKeySecretId,
  };
}
