import type { OutgoingMessage } from "./messages";

/**
 * The Kafka client as the producer sees it: `send` resolves only once the broker acknowledged every
 * message of the batch (acks=all) and rejects otherwise. Concurrent calls are allowed.
 */
export interface MessageSender {
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}
