import { DLQ_HEADERS } from "@antifraud/contracts";
import type { InboundMessage, OutboundRecord } from "./transport";

/**
 * Bytes a dead letter may take (key, value and headers). Below the producer's and the broker's 1 MB
 * record limits with room for the batch overhead, so a dead letter can always be written: a larger
 * one would fail its transaction again on every retry and block the partition.
 */
export const DLQ_MAX_RECORD_BYTES = 900_000;

export interface DeadLetterReason {
  code: string;
  reason: string;
  message: string;
}

/**
 * The dead letter of one input record: its key, value and headers plus the error and source headers
 * of DLQ_HEADERS. A value that does not fit DLQ_MAX_RECORD_BYTES is cut to fit, and the header
 * `truncatedFrom` says how long it was.
 */
export function dlqRecord(
  topic: string,
  source: { topic: string; partition: number },
  message: InboundMessage,
  why: DeadLetterReason,
): OutboundRecord {
  const headers: { key: string; value: Buffer | string }[] = [
    ...message.headers,
    { key: DLQ_HEADERS.errorCode, value: why.code },
    { key: DLQ_HEADERS.errorReason, value: why.reason },
    { key: DLQ_HEADERS.errorMessage, value: why.message.slice(0, 1000) },
    { key: DLQ_HEADERS.sourceTopic, value: source.topic },
    { key: DLQ_HEADERS.sourcePartition, value: String(source.partition) },
    { key: DLQ_HEADERS.sourceOffset, value: String(message.offset) },
  ];
  const value = message.value ?? Buffer.alloc(0);
  const headerBytes = headers.reduce((n, h) => n + h.key.length + h.value.length, 0) + 64;
  const room = DLQ_MAX_RECORD_BYTES - headerBytes - (message.key?.length ?? 0);
  if (value.length <= room) return { topic, key: message.key, value, headers };
  headers.push({ key: DLQ_HEADERS.truncatedFrom, value: String(value.length) });
  return { topic, key: message.key, value: value.subarray(0, Math.max(0, room - 64)), headers };
}
