/** Kafka topic names of DESIGN.md 4.4; infrastructure, services and tests all use these. */
export const TOPICS = {
  transactions: "transactions",
  scores: "scores",
  transactionsDlq: "transactions.dlq",
  labels: "labels",
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/**
 * Header names on dead-lettered records (`transactions.dlq`): the original key, value and headers
 * plus these. `truncatedFrom` is present only when the value was cut to fit the topic's record size
 * limit; it holds the original value's length in bytes.
 */
export const DLQ_HEADERS = {
  errorCode: "x-error-code",
  errorReason: "x-error-reason",
  errorMessage: "x-error-message",
  sourceTopic: "x-source-topic",
  sourcePartition: "x-source-partition",
  sourceOffset: "x-source-offset",
  truncatedFrom: "x-truncated-from-bytes",
} as const;
