import {
  labelMessageSchema,
  type LabelMessage,
  scoreShapeValidator,
  type ScoreMessage,
} from "@antifraud/contracts";
import type { ErrorCode } from "../errors/catalogue";

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

function json(value: Buffer | null): { ok: true; json: unknown } | { ok: false; message: string } {
  if (value === null || value.length === 0) return { ok: false, message: "the record has no value" };
  try {
    return { ok: true, json: JSON.parse(value.toString("utf8")) };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** Readers of the two topics, checked against the one score and label contract in services/contracts. */
export function createRecordParsers(): {
  score(value: Buffer | null): Parsed<ScoreMessage>;
  label(value: Buffer | null): Parsed<LabelMessage>;
} {
  const validScore = scoreShapeValidator();
  return {
    score(value) {
      const parsed = json(value);
      if (!parsed.ok) return { ok: false, code: "INVALID_SCORE_RECORD", message: parsed.message };
      if (!validScore(parsed.json)) {
        const first = validScore.errors?.[0];
        return {
          ok: false,
          code: "INVALID_SCORE_RECORD",
          message: `${first?.instancePath || "/"} ${first?.message ?? "is invalid"}`,
        };
      }
      return { ok: true, value: parsed.json };
    },
    label(value) {
      const parsed = json(value);
      if (!parsed.ok) return { ok: false, code: "INVALID_LABEL_RECORD", message: parsed.message };
      const result = labelMessageSchema.safeParse(parsed.json);
      if (!result.success) {
        const first = result.error.issues[0];
        return {
          ok: false,
          code: "INVALID_LABEL_RECORD",
          message: `${first?.path.join(".") || "/"}: ${first?.message ?? "is invalid"}`,
        };
      }
      return { ok: true, value: result.data };
    },
  };
}
