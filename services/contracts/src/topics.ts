/** Kafka topic names of DESIGN.md 4.4; infrastructure, services and tests all use these. */
export const TOPICS = {
  transactions: "transactions",
  scores: "scores",
  transactionsDlq: "transactions.dlq",
  labels: "labels",
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** Header names on dead-lettered records. */
export const DLQ_HEADERS = {
  errorCode: "x-error-code",
  errorMessage: "x-error-message",
  sourceTopic: "x-source-topic",
  sourcePartition: "x-source-partition",
  sourceOffset: "x-source-offset",
} as const;
