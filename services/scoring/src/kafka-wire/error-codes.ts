/** Names of the Kafka error codes a producer meets, for error messages (the number is always shown too). */
const NAMES: Readonly<Record<number, string>> = {
  [-1]: "UNKNOWN_SERVER_ERROR",
  1: "OFFSET_OUT_OF_RANGE",
  2: "CORRUPT_MESSAGE",
  3: "UNKNOWN_TOPIC_OR_PARTITION",
  4: "INVALID_FETCH_SIZE",
  5: "LEADER_NOT_AVAILABLE",
  6: "NOT_LEADER_OR_FOLLOWER",
  7: "REQUEST_TIMED_OUT",
  10: "MESSAGE_TOO_LARGE",
  14: "COORDINATOR_LOAD_IN_PROGRESS",
  15: "COORDINATOR_NOT_AVAILABLE",
  16: "NOT_COORDINATOR",
  17: "INVALID_TOPIC_EXCEPTION",
  18: "RECORD_LIST_TOO_LARGE",
  19: "NOT_ENOUGH_REPLICAS",
  20: "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
  21: "INVALID_REQUIRED_ACKS",
  29: "TOPIC_AUTHORIZATION_FAILED",
  35: "UNSUPPORTED_VERSION",
  42: "INVALID_REQUEST",
  43: "UNSUPPORTED_FOR_MESSAGE_FORMAT",
  45: "OUT_OF_ORDER_SEQUENCE_NUMBER",
  46: "DUPLICATE_SEQUENCE_NUMBER",
  47: "INVALID_PRODUCER_EPOCH",
  48: "INVALID_TXN_STATE",
  49: "INVALID_PRODUCER_ID_MAPPING",
  50: "INVALID_TRANSACTION_TIMEOUT",
  51: "CONCURRENT_TRANSACTIONS",
  52: "TRANSACTION_COORDINATOR_FENCED",
  53: "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
  55: "OPERATION_NOT_ATTEMPTED",
  56: "KAFKA_STORAGE_ERROR",
  76: "UNSUPPORTED_COMPRESSION_TYPE",
  87: "INVALID_RECORD",
  90: "PRODUCER_FENCED",
};

/** Codes after which fresh metadata may help (the partition moved, or a new topic is not ready yet). */
export const METADATA_RETRIABLE_CODES: ReadonlySet<number> = new Set([3, 5, 6]);

/**
 * Produce errors the broker returns before appending anything, so sending the same batch again cannot
 * store it twice: the partition is not (yet) led by that broker, or too few replicas are in sync.
 * A fresh KRaft topic answers NOT_LEADER_OR_FOLLOWER for a moment after its metadata names a leader.
 */
export const NOT_APPENDED_CODES: ReadonlySet<number> = new Set([3, 5, 6, 19]);

/** Coordinator errors after which finding the coordinator again (and retrying) may help. */
export const COORDINATOR_RETRIABLE_CODES: ReadonlySet<number> = new Set([14, 15, 16]);

/** The coordinator is still completing the previous transaction (routine right after EndTxn): retry soon. */
export const CONCURRENT_TRANSACTIONS = 51;

export function kafkaErrorName(code: number): string {
  return `${NAMES[code] ?? "KAFKA_ERROR"}(${code})`;
}
