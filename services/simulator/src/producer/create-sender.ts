import { createKafkaSender } from "./kafka-sender";
import type { MessageSender } from "./message-sender";
import { createWireSender } from "./wire";

export const CLIENTS = ["wire", "kafkajs"] as const;
export type ClientKind = (typeof CLIENTS)[number];

export interface SenderChoice {
  /** `wire`: our own protocol client (fast, no retries); `kafkajs`: idempotent with retries. Default wire. */
  readonly client?: ClientKind;
  readonly brokers: readonly string[];
  readonly compression?: "gzip" | "none";
  /** wire: connections per leader broker (kafkajs sends one batch at a time on one). Default 1. */
  readonly connections?: number;
}

export function parseClient(value: string | undefined): ClientKind {
  const client = value ?? "wire";
  if (!(CLIENTS as readonly string[]).includes(client))
    throw new Error(`--client must be one of ${CLIENTS.join(", ")}, got ${client}`);
  return client as ClientKind;
}

export function createSender(choice: SenderChoice): Promise<MessageSender> {
  const compression = choice.compression ?? "gzip";
  const connections = choice.connections ?? 1;
  return (choice.client ?? "wire") === "wire"
    ? createWireSender({ brokers: choice.brokers, compression, connectionsPerBroker: connections })
    : createKafkaSender({ brokers: choice.brokers, compression });
}
