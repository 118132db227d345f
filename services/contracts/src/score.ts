import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";

/**
 * The score contract (`score.schema.json`): the `scores` topic value and the HTTP response item. The
 * scoring service serializes with this file and the OpenAPI document shows it; readers check what
 * they consume against it here. Ids and tx_datetime accept exactly what the transaction contract does.
 */
export const SCORE_SCHEMA_PATH = join(__dirname, "..", "score.schema.json");

/** A score as the service writes it (the shape the schema accepts). */
export interface ScoreMessage {
  transaction_id: string | number;
  customer_id: number;
  terminal_id: number;
  tx_datetime: string;
  score: number;
  decision: "approve" | "decline";
  threshold: number;
  model_version: string;
  scored_at: string;
}

export function loadScoreSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCORE_SCHEMA_PATH, "utf8")) as Record<string, unknown>;
}

/** A compiled validator of the score contract. */
export function scoreShapeValidator(): ValidateFunction<ScoreMessage> {
  return new Ajv2020({ allowUnionTypes: true }).compile<ScoreMessage>(loadScoreSchema());
}
