import type { Logger } from "pino";
import { asScoringError } from "../errors/catalogue";
import type { Transaction, TransactionValidator } from "../features/transaction";
import type { Metrics } from "../metrics/metrics";
import { scoreResultsJson } from "../scoring/score-json";
import type { Scorer, ScoreResult } from "../scoring/scorer";
import { parseTransactionMessage } from "./message";
import type { InboundBatch, InboundMessage, OutboundRecord, StreamTransport } from "./transport";

export interface StreamTopics {
  scores: string;
  dlq: string;
}

export interface StreamWorkerDeps {
  transport: StreamTransport;
  scorer: Scorer;
  /** The transaction contract and clock, shared with the HTTP API. */
  validator: TransactionValidator;
  topics: StreamTopics;
  metrics: Metrics;
  logger: Logger;
  /** Attempts for errors that are not infrastructure outages before the batch goes to the DLQ. Default 3. */
  maxScoringAttempts?: number;
  /** First retry delay; doubles up to 5 s. Default 100 ms. */
  retryDelayMs?: number;
}

export interface StreamWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Outages (Redis, no model yet) are waited out; nothing is dead-lettered because of them. */
const OUTAGE_CODES = new Set(["FEATURE_STORE_UNAVAILABLE", "MODEL_NOT_LOADED", "FEATURES_NOT_LOADED"]);

export function dlqRecord(
  topic: string,
  source: { topic: string; partition: number },
  message: InboundMessage,
  code: string,
  reason: string,
  errorMessage: string,
): OutboundRecord {
  const headers: Record<string, Buffer | string> = {};
  for (const [k, v] of Object.entries(message.headers)) {
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(",") : v;
  }
  Object.assign(headers, {
    "x-error-code": code,
    "x-error-reason": reason,
    "x-error-message": errorMessage.slice(0, 1000),
    "x-source-topic": source.topic,
    "x-source-partition": String(source.partition),
    "x-source-offset": message.offset,
  });
  return { topic, key: message.key, value: message.value ?? Buffer.alloc(0), headers };
}

/** Consumes `transactions`, writes `scores` and `transactions.dlq`, exactly once via the transport. */
export function createStreamWorker(deps: StreamWorkerDeps): StreamWorker {
  const { transport, scorer, validator, topics, metrics, logger } = deps;
  const maxAttempts = deps.maxScoringAttempts ?? 3;
  const baseDelay = deps.retryDelayMs ?? 100;
  let stopping = false;
  let running: Promise<void> | null = null;

  async function scoreWithRetry(
    txs: Transaction[],
  ): Promise<ScoreResult[] | { failed: string; message: string }> {
    let attempt = 0;
    let delay = baseDelay;
    for (;;) {
      try {
        return await scorer.score(txs, "stream");
      } catch (err) {
        const e = asScoringError(err);
        attempt++;
        metrics.scoringErrors.inc({ path: "stream", code: e.code });
        const outage = OUTAGE_CODES.has(e.code);
        if (!outage && attempt >= maxAttempts) return { failed: e.code, message: e.message };
        // Leave the batch uncommitted on shutdown; it is redelivered to the next owner.
        if (stopping) throw e;
        logger.warn(
          { code: e.code, attempt, err: (e.cause as Error | undefined)?.message },
          "scoring failed, retrying",
        );
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  async function handle(batch: InboundBatch): Promise<OutboundRecord[]> {
    const source = { topic: batch.topic, partition: batch.partition };
    const out: OutboundRecord[] = [];
    const valid: Transaction[] = [];
    const validMessages: InboundMessage[] = [];
    for (const message of batch.messages) {
      const parsed = parseTransactionMessage(message.value, validator);
      if (parsed.ok) {
        valid.push(parsed.tx);
        validMessages.push(message);
      } else {
        metrics.invalidInput.inc({ path: "stream", reason: parsed.reason });
        metrics.dlqMessages.inc({ reason: parsed.reason });
        out.push(dlqRecord(topics.dlq, source, message, parsed.code, parsed.reason, parsed.message));
      }
    }
    if (valid.length > 0) {
      const scored = await scoreWithRetry(valid);
      if ("failed" in scored) {
        metrics.dlqMessages.inc({ reason: "scoring_failed" }, validMessages.length);
        logger.error(
          { code: scored.failed, count: validMessages.length },
          "batch dead-lettered after retries",
        );
        for (const m of validMessages)
          out.push(dlqRecord(topics.dlq, source, m, scored.failed, "scoring_failed", scored.message));
      } else {
        const values = scoreResultsJson(scored);
        scored.forEach((r, i) =>
          out.push({ topic: topics.scores, key: String(r.customer_id), value: values[i]! }),
        );
      }
    }
    const last = batch.messages[batch.messages.length - 1];
    if (last) {
      const lag = BigInt(batch.highWatermark) - BigInt(last.offset) - 1n;
      metrics.consumerLag.set(
        { topic: batch.topic, partition: String(batch.partition) },
        Number(lag < 0n ? 0n : lag),
      );
    }
    return out;
  }

  return {
    async start() {
      running = transport.run(handle);
      await running;
    },
    async stop() {
      stopping = true;
      await transport.stop();
    },
  };
}
