/** Every metric the scoring service exports. Alert rules and dashboards refer to these names. */
export const METRIC = {
  /** Counter; labels path (http|stream), decision (approve|decline). */
  scoredTransactions: "antifraud_scored_transactions_total",
  /** Counter; labels path, code. Requests/messages that failed (any catalogue code). */
  scoringErrors: "antifraud_scoring_errors_total",
  /** Counter; labels path, reason. Inputs rejected by validation. */
  invalidInput: "antifraud_invalid_input_total",
  /** Histogram (seconds); labels route, status. HTTP request latency. */
  httpRequestDuration: "antifraud_http_request_duration_seconds",
  /** Histogram (seconds); label path. Time to score one batch (features + inference). */
  scoringDuration: "antifraud_scoring_duration_seconds",
  /** Histogram (seconds). One ONNX session.run call. */
  inferenceDuration: "antifraud_inference_duration_seconds",
  /** Histogram (rows); label path. Rows per inference call. */
  inferenceBatchSize: "antifraud_inference_batch_size_rows",
  /** Histogram (probability 0..1); label path. Distribution of fraud scores. */
  score: "antifraud_score",
  /** Gauge = 1; labels version, spec_version. The model in service. */
  modelInfo: "antifraud_model_info",
  /** Gauge (unix seconds). created_at of the model in service (model age = time() - this). */
  modelCreatedTimestamp: "antifraud_model_created_timestamp_seconds",
  /** Gauge (unix seconds). When the model in service was loaded. */
  modelLoadedTimestamp: "antifraud_model_loaded_timestamp_seconds",
  /** Gauge (seconds). How long loading and verifying the model in service took. */
  modelLoadDuration: "antifraud_model_load_duration_seconds",
  /** Gauge. Decision threshold of the model in service. */
  modelThreshold: "antifraud_model_threshold",
  /** Counter; labels artifact (model|terminal_snapshot), result (loaded|rejected|unchanged), reason. */
  reloads: "antifraud_reloads_total",
  /** Gauge = 1; label as_of_day. The terminal snapshot in service. */
  terminalSnapshotInfo: "antifraud_terminal_snapshot_info",
  /** Gauge (unix seconds). End of the snapshot's as-of day. */
  terminalSnapshotAsOfTimestamp: "antifraud_terminal_snapshot_as_of_timestamp_seconds",
  /** Gauge (messages); labels topic, partition. High watermark minus the next offset to read. */
  consumerLag: "antifraud_consumer_lag_messages",
  /** Counter; label reason. Messages written to the dead-letter topic. */
  dlqMessages: "antifraud_dlq_messages_total",
  /** Counter; label result (committed|aborted). Kafka transactions of the stream worker. */
  kafkaTransactions: "antifraud_kafka_transactions_total",
  /** Counter; label event (assign|revoke|lost). Consumer group rebalance events of the stream worker. */
  kafkaRebalances: "antifraud_kafka_rebalances_total",
  /** Histogram (seconds). Redis round trip of one feature batch. */
  featureStoreDuration: "antifraud_feature_store_duration_seconds",
  /** Counter; label source (copy|redis). Customer windows per batch: the process's copy was current, or Redis sent the window. */
  customerWindows: "antifraud_customer_windows_total",
  /** Gauge 1/0. Whether the last Redis call succeeded. */
  featureStoreUp: "antifraud_feature_store_up",
  /** Gauge; labels model_version, feature. PSI of the last DRIFT_WINDOW_ROWS served feature rows against the bundle's reference distribution. */
  featurePsi: "antifraud_feature_psi",
  /** Gauge (rows); label model_version. Served rows in the PSI window (it fills up after a model swap). */
  featurePsiWindowRows: "antifraud_feature_psi_window_rows",
  /** Counter; label model_version. Scores joined with their delayed label (quality command). */
  qualityJoined: "antifraud_quality_joined_total",
  /** Counter; labels side (score|label), reason (ttl|capacity). Records that left the join without their partner. */
  qualityUnmatched: "antifraud_quality_unmatched_total",
  /** Gauge (records); label side (score|label). Records waiting in the join for their partner. */
  qualityPending: "antifraud_quality_pending_records",
  /** Counter; labels topic (scores|labels), code. Records that break their contract, skipped. */
  qualityInvalidRecords: "antifraud_quality_invalid_records_total",
  /** Gauge (ratio); label model_version. Online precision at the served decision over the quality window. */
  qualityPrecision: "antifraud_quality_precision_ratio",
  /** Gauge (ratio); label model_version. Online recall at the served decision over the quality window. */
  qualityRecall: "antifraud_quality_recall_ratio",
  /** Gauge (ratio); label model_version. Online F1 at the served decision over the quality window. */
  qualityF1: "antifraud_quality_f1_ratio",
  /** Gauge (ratio); label model_version. Share of the window's labelled transactions that were declined. */
  qualityDeclinedShare: "antifraud_quality_declined_share_ratio",
  /** Gauge (transactions); labels model_version, outcome (tp|fp|fn|tn). The quality window's confusion counts. */
  qualityWindowTransactions: "antifraud_quality_window_transactions",
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
