import type { Logger } from "pino";
import { asScoringError } from "../errors/catalogue";
import type { Transaction, TransactionValidator } from "../features/transaction";
import type { Metrics } from "../metrics/metrics";
import { scoreResultsJson } from "../scoring/score-json";
import type { Scorer, ScoreResult } from "../scoring/scorer";
import { dlqRecord } from "./dlq-record";
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

/** Consumes `transactions`, writes `scores` and `transactions.dlq`, exactly once via the transport. */
export function createStreamWorker(deps: StreamWorkerDeps): StreamWorker {
  const { transport, scorer, validator, topics, metrics, logger } = deps;
  const maxAttempts = deps.maxScoringAttempts ?? 3;
  const baseDelay = deps.retryDelayMs ?? 100;
  let stopping = false;
  let running: Promise<void> | null = null;

  /** Scores `txs`, waiting out outages; a failure that persists is returned, not thrown. */
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
          { code: e.code, attempt, count: txs.length, err: (e.cause as Error | undefined)?.message },
          "scoring failed, retrying",
        );
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  /**
   * Scores a batch; when it keeps failing (not an outage), bisects it so that only the records that
   * fail on their own are returned as failures and the rest of the batch is scored (a poison record
   * costs about 2 log2(n) scorer calls, not n).
   */
  async function scoreIsolating(
    txs: Transaction[],
  ): Promise<{ scored: ScoreResult[]; failed: { index: number; code: string; message: string }[] }> {
    const scored: ScoreResult[] = [];
    const failed: { index: number; code: string; message: string }[] = [];
    const visit = async (from: number, to: number): Promise<void> => {
      const part = from === 0 && to === txs.length ? txs : txs.slice(from, to);
      const result = await scoreWithRetry(part);
      if (!("failed" in result)) {
        scored.push(...result);
        return;
      }
      if (to - from === 1) {
        failed.push({ index: from, code: result.failed, message: result.message });
        return;
      }
      const middle = from + Math.ceil((to - from) / 2);
      await visit(from, middle);
      await visit(middle, to);
    };
    await visit(0, txs.length);
    return { scored, failed };
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
        out.push(dlqRecord(topics.dlq, source, message, parsed));
      }
    }
    if (valid.length > 0) {
      const { scored, failed } = await scoreIsolating(valid);
      if (failed.length > 0) {
        metrics.dlqMessages.inc({ reason: "scoring_failed" }, failed.length);
        logger.error(
          { code: failed[0]!.code, count: failed.length, of: valid.length },
          "records dead-lettered after retries; the rest of the batch was scored",
        );
        for (const f of failed) {
          out.push(
            dlqRecord(topics.dlq, source, validMessages[f.index]!, {
              code: f.code,
              reason: "scoring_failed",
              message: f.message,
            }),
          );
        }
      }
      if (scored.length > 0) {
        const values = scoreResultsJson(scored);
        scored.forEach((r, i) =>
          out.push({ topic: topics.scores, key: String(r.customer_id), value: values[i]! }),
        );
      }
    }
    const last = batch.messages[batch.messages.length - 1];
    if (last && batch.highWatermark >= 0) {
      metrics.consumerLag.set(
        { topic: batch.topic, partition: String(batch.partition) },
        Math.max(0, batch.highWatermark - last.offset - 1),
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
