import fs from "node:fs";
import path from "node:path";
import { buildOpenApi } from "../../src/http/openapi";
import { createHttpServer } from "../../src/http/server";
import { METRIC } from "../../src/metrics/names";
import type { CustomerWindowStore } from "../../src/store/customer-window-store";
import { MemoryCustomerWindowStore } from "../../src/store/memory-customer-window-store";
import { fixtureRuntime, metricValue, sampleTx, spec } from "../helpers";

async function server(opts: Parameters<typeof fixtureRuntime>[0] = {}) {
  const rt = await fixtureRuntime(opts);
  const app = createHttpServer({ ...rt, maxBatchSize: 3 });
  return { rt, app };
}

describe("HTTP API", () => {
  test("POST /v1/score returns the score, decision and traceable ids", async () => {
    const { app } = await server();
    const res = await app.inject({
      method: "POST",
      url: "/v1/score",
      payload: sampleTx({ transaction_id: "abc" }),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      transaction_id: "abc",
      customer_id: 42,
      terminal_id: 7,
      tx_datetime: "2019-09-21 13:45:00",
      score: expect.any(Number),
      decision: body.score >= 0.5 ? "decline" : "approve",
      threshold: 0.5,
      model_version: "v1",
      scored_at: "2026-01-01T00:00:00.000Z",
    });
    expect(body.score).toBeGreaterThan(0);
    expect(body.score).toBeLessThan(1);
  });

  test("a label-derived input is refused with a coded 400 and counted", async () => {
    const { app, rt } = await server();
    const res = await app.inject({
      method: "POST",
      url: "/v1/score",
      payload: sampleTx({ percent_fraud_on_terminal: 0.9 }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: "INVALID_TRANSACTION",
        message: expect.stringContaining("percent_fraud_on_terminal"),
        retriable: false,
        details: [expect.objectContaining({ path: "/percent_fraud_on_terminal", reason: "label_field" })],
      },
    });
    expect(await metricValue(rt.registry, METRIC.invalidInput, { path: "http", reason: "label_field" })).toBe(
      1,
    );
    expect(
      await metricValue(rt.registry, METRIC.scoredTransactions, { path: "http", decision: "approve" }),
    ).toBeUndefined();
  });

  test.each([
    ["schema type", { payload: sampleTx({ tx_amount: "57" }) }, 400, "INVALID_REQUEST"],
    ["missing field", { payload: { transaction_id: 1 } }, 400, "INVALID_REQUEST"],
    [
      "impossible time",
      { payload: sampleTx({ tx_datetime: "2019-09-21 24:00:00" }) },
      400,
      "INVALID_TRANSACTION",
    ],
    ["broken JSON", { payload: "{", headers: { "content-type": "application/json" } }, 400, "INVALID_JSON"],
    [
      "wrong media type",
      { payload: "x", headers: { "content-type": "text/plain" } },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
  ])("%s -> %s %s", async (_name, req, status, code) => {
    const { app } = await server();
    const res = await app.inject({ method: "POST", url: "/v1/score", ...req });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  test("unknown routes give a coded 404", async () => {
    const { app } = await server();
    const res = await app.inject({ method: "GET", url: "/nope" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("NOT_FOUND");
  });

  test("batch: results in request order, one inference call; any invalid item rejects the batch", async () => {
    const { app, rt } = await server();
    const txs = [1, 2, 3].map((i) => sampleTx({ transaction_id: i, customer_id: i }));
    const ok = await app.inject({ method: "POST", url: "/v1/score/batch", payload: { transactions: txs } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().results.map((r: { transaction_id: number }) => r.transaction_id)).toEqual([1, 2, 3]);
    const histogram = await rt.registry.getSingleMetric(METRIC.inferenceBatchSize)!.get();
    expect(
      histogram.values.find(
        (v) => (v as { metricName?: string }).metricName === `${METRIC.inferenceBatchSize}_count`,
      )?.value,
    ).toBe(1);

    const bad = await app.inject({
      method: "POST",
      url: "/v1/score/batch",
      payload: {
        transactions: [txs[0], sampleTx({ transaction_id: 9, tx_datetime: "2019-02-30 00:00:00" })],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({
      path: "/transactions/1/tx_datetime",
      reason: "bad_datetime",
    });

    const big = await app.inject({
      method: "POST",
      url: "/v1/score/batch",
      payload: { transactions: [...txs, txs[0]] },
    });
    expect(big.statusCode).toBe(400);
    expect(big.json().error.code).toBe("BATCH_TOO_LARGE");
  });

  test("503 with a coded error and not-ready until a model is loaded", async () => {
    const { app } = await server({ load: false });
    const score = await app.inject({ method: "POST", url: "/v1/score", payload: sampleTx() });
    expect(score.statusCode).toBe(503);
    expect(score.json().error).toMatchObject({ code: "MODEL_NOT_LOADED", retriable: true });
    expect((await app.inject({ url: "/v1/model" })).statusCode).toBe(503);
    const ready = await app.inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({
      status: "not_ready",
      checks: { model: false, terminal_snapshot: false, redis: true },
    });
    expect((await app.inject({ url: "/healthz" })).statusCode).toBe(200);
  });

  test("readiness reflects the feature store; scoring gives 503 when it is down", async () => {
    const down: CustomerWindowStore = {
      recordAndQuery: async () => {
        throw new Error("ECONNREFUSED");
      },
      ping: async () => false,
      close: async () => undefined,
    };
    const { app, rt } = await server({ store: down });
    const logged = jest.spyOn(rt.logger, "error");
    const ready = await app.inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toEqual({ model: true, terminal_snapshot: true, redis: false });
    const res = await app.inject({ method: "POST", url: "/v1/score", payload: sampleTx() });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe("FEATURE_STORE_UNAVAILABLE");
    expect(res.body).not.toContain("ECONNREFUSED");
    // The cause stays out of the response but is logged, with the request id.
    expect(logged).toHaveBeenCalledTimes(1);
    const [fields, message] = logged.mock.calls[0] as unknown as [Record<string, unknown>, string];
    expect(message).toBe("request failed");
    expect(fields).toMatchObject({ code: "FEATURE_STORE_UNAVAILABLE", reqId: expect.any(String) });
    expect((fields.err as Error).message).toBe("ECONNREFUSED");
  });

  test("GET /v1/model, /readyz, /metrics and /openapi.json", async () => {
    const { app } = await server({ store: new MemoryCustomerWindowStore(spec.customerWindows) });
    const model = await app.inject({ url: "/v1/model" });
    expect(model.json()).toMatchObject({
      version: "v1",
      created_at: "2025-12-31T00:00:00.000Z",
      threshold: 0.5,
      feature_spec_version: spec.version,
      feature_names: spec.names,
      terminal_snapshot_as_of_day: "2019-09-20",
    });
    expect((await app.inject({ url: "/readyz" })).json()).toEqual({
      status: "ready",
      checks: { model: true, terminal_snapshot: true, redis: true },
    });
    await app.inject({ method: "POST", url: "/v1/score", payload: sampleTx() });
    const metrics = (await app.inject({ url: "/metrics" })).body;
    expect(metrics).toContain(`antifraud_model_info{version="v1",spec_version="${spec.version}"} 1`);
    expect(metrics).toContain(
      `antifraud_model_created_timestamp_seconds ${Date.parse("2025-12-31T00:00:00Z") / 1000}`,
    );
    expect(metrics).toMatch(
      /antifraud_scored_transactions_total\{path="http",decision="(approve|decline)"\} 1/,
    );
    expect(metrics).toContain(
      'antifraud_http_request_duration_seconds_count{route="/v1/score",status="200"} 1',
    );

    const doc = (await app.inject({ url: "/openapi.json" })).json();
    const routes = app.printRoutes({ commonPrefix: false });
    for (const p of Object.keys(doc.paths)) expect(routes).toContain(p.split("/").pop());
    expect(doc.components.schemas.Transaction.additionalProperties).toBe(false);
    expect(Object.keys(doc.components.schemas.Transaction.properties)).not.toContain("tx_fraud");
  });

  test("the server serves the generated document, and the committed copy has not drifted", async () => {
    const { app } = await server();
    expect((await app.inject({ url: "/openapi.json" })).json()).toEqual(buildOpenApi(3));
    const committed = JSON.parse(fs.readFileSync(path.join(__dirname, "../../openapi.json"), "utf8"));
    expect(committed).toEqual(buildOpenApi(1000));
  });
});
