import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from "fastify";
import sjson from "secure-json-parse";
import { ScoringError } from "../errors/catalogue";
import { type ShapeLimits, shapeProblem } from "./json-shape";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Shape limits of the route's JSON body (json-shape.ts). */
    jsonShape?: ShapeLimits;
  }
}

const DEFAULT_SHAPE: ShapeLimits = { maxDepth: 8, maxValues: 64, maxArrayItems: 64 };

/**
 * The only body parser (application/json; any other type is 415): the route's shape limits are
 * checked before JSON.parse builds anything, then secure-json-parse refuses `__proto__` and
 * `constructor.prototype` keys. A leading BOM is ignored, which RFC 8259 allows a parser to do.
 */
export function registerJsonBody<L extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L>,
): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = body as string;
    const limits = request.routeOptions.config.jsonShape ?? DEFAULT_SHAPE;
    const problem = shapeProblem(text, limits);
    if (problem === "too_many_items") {
      done(new ScoringError("BATCH_TOO_LARGE", `an array holds more than ${limits.maxArrayItems} items`));
      return;
    }
    if (problem !== null) {
      const what =
        problem === "too_deep"
          ? `nests deeper than ${limits.maxDepth}`
          : `holds over ${limits.maxValues} values`;
      done(new ScoringError("BODY_TOO_COMPLEX", `The body ${what}.`, { reason: problem }));
      return;
    }
    if (text.length === 0) {
      done(new ScoringError("INVALID_JSON", "The request body is empty.", { parser: "empty body" }));
      return;
    }
    try {
      done(null, sjson.parse(text, { protoAction: "error", constructorAction: "error" }));
    } catch (err) {
      done(new ScoringError("INVALID_JSON", undefined, { parser: (err as Error).message.slice(0, 200) }));
    }
  });
}
