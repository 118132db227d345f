import Fastify, { type FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import type { LoadedModel } from "../model/bundle";
import type { Current } from "../scoring/feature-rows";
import type { CustomerWindowStore } from "../store/customer-window-store";
import type { TerminalSnapshot } from "../terminal/snapshot";
import { statusSchema } from "./schemas";
import { boundedServer, DEFAULT_TIMEOUTS } from "./server";

const small = {
  bodyLimit: 1024,
  serverFactory: (h: Parameters<typeof boundedServer>[0]) => boundedServer(h, DEFAULT_TIMEOUTS),
};

/** `/metrics` alone, on the port only Prometheus is admitted to. */
export function createMetricsServer(registry: Registry): FastifyInstance {
  const app = Fastify(small);
  app.get("/metrics", async (_request, reply) =>
    reply.header("content-type", registry.contentType).send(await registry.metrics()),
  );
  return app;
}

export interface Readiness {
  models: Current<LoadedModel>;
  snapshots: Current<TerminalSnapshot>;
  store: Pick<CustomerWindowStore, "ping">;
}

/** Readiness checks: a model and a terminal snapshot in service, Redis answering. */
export async function readinessChecks(r: Readiness): Promise<Record<string, boolean>> {
  return {
    model: r.models.current !== null,
    terminal_snapshot: r.snapshots.current !== null,
    redis: await r.store.ping(),
  };
}

/** `/healthz` (liveness) and `/readyz` on the port only the kubelet is admitted to. */
export function createHealthServer(readiness: Readiness): FastifyInstance {
  const app = Fastify(small);
  app.get("/healthz", { schema: { response: { 200: statusSchema } } }, async () => ({ status: "ok" }));
  app.get(
    "/readyz",
    { schema: { response: { 200: statusSchema, 503: statusSchema } } },
    async (_request, reply) => {
      const checks = await readinessChecks(readiness);
      const ready = Object.values(checks).every(Boolean);
      return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not_ready", checks });
    },
  );
  return app;
}
