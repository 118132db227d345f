export { generateDataset, DIRTY_MANIFEST_FILE, SIMULATION_SUMMARY_FILE } from "./dataset/generate-dataset";
export type { DatasetSummary, GenerateDatasetOptions } from "./dataset/generate-dataset";
export { datasetStatistics, formatStatistics, type DatasetStatistics } from "./dataset/summary";
export { simulate, type Simulation } from "./model/simulate";
export {
  resolveParams,
  type SimulationParams,
  type SimulationParamsInput,
  type FraudParams,
} from "./model/params";
export type { TransactionTable } from "./model/transaction-table";
export { RAW_COLUMNS, RAW_HEADER, parseRawRow, rawFileName, type RawTransaction } from "./format/raw-format";
export {
  DIRTY_RULES,
  uniformDirtyRates,
  type DirtyRule,
  type DirtyRates,
  type DirtyManifest,
} from "./dirty/dirty-rules";
export { openSink } from "./sink/open-sink";
export { parseS3Uri, s3Sink, type S3PutClient } from "./sink/s3-sink";
export type { DatasetSink } from "./sink/dataset-sink";
export {
  produceTransactions,
  fullyDelivered,
  type ProduceOptions,
  type ProduceReport,
} from "./producer/produce";
export { createKafkaSender, type Compression, type KafkaSenderOptions } from "./producer/kafka-sender";
export type { MessageSender } from "./producer/message-sender";
export type { TransactionRecord, TransactionValue, LabelValue, OutgoingMessage } from "./producer/messages";
export { rawFileSource, generatedSource } from "./producer/sources";
export { formatReport } from "./producer/report-format";
