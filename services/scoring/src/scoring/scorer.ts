import type { ScoreMessage } from "@antifraud/contracts";
import type { DriftMonitor } from "../drift/drift-monitor";
import { ScoringError } from "../errors/catalogue";
import type { Transaction } from "../features/transaction";
import type { ScoringPath } from "../metrics/metrics";
import type { LoadedModel } from "../model/bundle";
import { decide } from "./decision";
import { createFeatureRows, type Current, type FeatureRowsDeps } from "./feature-rows";

/** One scored transaction: the score contract (`services/contracts/score.schema.json`). */
export type ScoreResult = ScoreMessage;

export interface ScorerDeps extends FeatureRowsDeps {
  models: Current<LoadedModel>;
  clock?: () => Date;
  /** Served feature rows go to the PSI window of the model that scored them. */
  drift?: DriftMonitor;
}

export interface Scorer {
  /** Scores a batch with one feature-store round trip and one inference call. */
  score(txs: readonly Transaction[], path: ScoringPath): Promise<ScoreResult[]>;
}

export function createScorer(deps: ScorerDeps): Scorer {
  const { models, metrics } = deps;
  const features = createFeatureRows(deps);
  const clock = deps.clock ?? (() => new Date());

  async function score(txs: readonly Transaction[], path: ScoringPath): Promise<ScoreResult[]> {
    if (txs.length === 0) return [];
    // Pin the model for the whole batch: a hot swap mid-batch must not mix versions.
    const model = models.current;
    if (model === null) throw new ScoringError("MODEL_NOT_LOADED");
    const started = process.hrtime.bigint();
    const rows = await features(txs, model.features);
    deps.drift?.observe(model, rows);
    const width = model.features.spec.names.length;
    const buffer = new Float32Array(txs.length * width);
    rows.forEach((row, i) => buffer.set(row, i * width));
    const inferenceStarted = process.hrtime.bigint();
    let scores: Float32Array;
    try {
      scores = await model.onnx.predict(buffer, txs.length);
    } catch (err) {
      throw new ScoringError("SCORING_FAILED", "Inference failed.", null, { cause: err });
    }
    const done = process.hrtime.bigint();
    metrics.inferenceDuration.observe(Number(done - inferenceStarted) / 1e9);
    metrics.inferenceBatchSize.observe({ path }, txs.length);
    metrics.scoringDuration.observe({ path }, Number(done - started) / 1e9);
    const scoredAt = clock().toISOString();
    let declined = 0;
    // The labelled child once per batch: label hashing per observation is measurable at stream rates.
    const scoreHistogram = metrics.score.labels({ path });
    const results = txs.map((tx, i): ScoreResult => {
      const s = scores[i]!;
      const decision = decide(s, model.threshold);
      if (decision === "decline") declined++;
      scoreHistogram.observe(s);
      return {
        transaction_id: tx.transactionId,
        customer_id: tx.customerId,
        terminal_id: tx.terminalId,
        tx_datetime: tx.txDatetime,
        score: s,
        decision,
        threshold: model.threshold,
        model_version: model.version,
        scored_at: scoredAt,
      };
    });
    if (declined > 0) metrics.scoredTransactions.inc({ path, decision: "decline" }, declined);
    if (declined < txs.length)
      metrics.scoredTransactions.inc({ path, decision: "approve" }, txs.length - declined);
    return results;
  }

  return { score };
}
