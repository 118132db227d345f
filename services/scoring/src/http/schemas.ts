import { readFileSync } from "node:fs";
import { loadScoreSchema } from "@antifraud/contracts";
import { ERROR_CATALOGUE } from "../errors/catalogue";
import { TRANSACTION_SCHEMA_PATH } from "../features/transaction";

/** JSON Schemas of the responses (serialization) and of the OpenAPI document. */

/** The transaction contract itself (services/contracts), as the OpenAPI document shows it. */
export function transactionSchema(): Record<string, unknown> {
  return withoutIdentity(
    JSON.parse(readFileSync(TRANSACTION_SCHEMA_PATH, "utf8")) as Record<string, unknown>,
  );
}

/** A contract's schema as a component of another document: its dialect and id belong to the file. */
function withoutIdentity(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/** The score contract itself (services/contracts): fastify serializes responses with it. */
export const scoreResultSchema = withoutIdentity(loadScoreSchema());

export const batchRequestSchema = (maxItems: number) =>
  ({
    type: "object",
    additionalProperties: false,
    required: ["transactions"],
    properties: {
      transactions: {
        type: "array",
        minItems: 1,
        maxItems,
        items: { $ref: "#/components/schemas/Transaction" },
      },
    },
  }) as const;

export const batchResponseSchema = {
  type: "object",
  required: ["results"],
  properties: { results: { type: "array", items: scoreResultSchema } },
} as const;

export const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "retriable", "details"],
      properties: {
        code: { type: "string", enum: Object.keys(ERROR_CATALOGUE) },
        message: { type: "string" },
        retriable: { type: "boolean" },
        details: {},
      },
    },
  },
} as const;

export const modelInfoSchema = {
  type: "object",
  required: ["version", "created_at", "loaded_at", "threshold", "feature_spec_version", "feature_names"],
  properties: {
    version: { type: "string" },
    created_at: { type: "string", format: "date-time" },
    loaded_at: { type: "string", format: "date-time" },
    threshold: { type: "number" },
    feature_spec_version: { type: "string" },
    feature_names: { type: "array", items: { type: "string" } },
    metrics: { type: "object", additionalProperties: true },
    terminal_snapshot_as_of_day: { type: ["string", "null"] },
  },
} as const;

export const statusSchema = {
  type: "object",
  required: ["status"],
  properties: {
    status: { type: "string" },
    checks: { type: "object", additionalProperties: { type: "boolean" } },
  },
} as const;
