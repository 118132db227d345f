import fs from "node:fs";
import path from "node:path";
import { buildOpenApi } from "../../src/http/openapi";
import { createHealthServer, createMetricsServer } from "../../src/http/ops-servers";
import { createHttpServer } from "../../src/http/server";
import { METRIC } from "../../src/metrics/names";
import type { CustomerWindowStore } from "../../src/store/customer-window-store";
import { MemoryCustomerWindowStore } from "../../src/store/memory-customer-window-store";
import { bearer, fixtureRuntime, metricValue, sampleTx, spec } from "../helpers";

async function server(opts: Parameters<typeof fixtureRuntime>[0] = {}) {
  const rt = await fixtureRuntime(opts);
  const app = createHttpServer({ ...rt, maxBatchSize: 3 });
  return { rt, app };
}

const auth = { authorization: bearer() };
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => ({
  method: "POST" as const,
  url,
  payload: payload as string,
  headers: { ...auth, ...headers },
});

describe("HTTP API", () => {
  test("POST /v1/score returns the score, decision and traceable ids", async () => {
    const { app } = await server();
    const res = await app.inject(post("/v1/score", sampleTx({ transaction_id: "abc" })));
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
    const res = await app.inject(post("/v1/score", sampleTx({ percent_fraud_on_terminal: 0.9 })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: "INVALID_TRANSACTION",
        message: expect.stringContaining("percent_fraud_on_terminal"),
        retriable: false,
        details: {
          problems: [
            {
              path: "/percent_fraud_on_terminal",
              reason: "label_field",
              message: "percent_fraud_on_terminal is label-derived and must not be sent",
            },
          ],
          invalid_items: 1,
          truncated: false,
        },
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
    ["string amount", sampleTx({ tx_amount: "57" }), "INVALID_TRANSACTION", "bad_amount"],
    ["missing fields", { transaction_id: 1 }, "INVALID_TRANSACTION", "missing_field"],
    [
      "impossible time",
      sampleTx({ tx_datetime: "2019-09-21 24:00:00" }),
      "INVALID_TRANSACTION",
      "bad_datetime",
    ],
    ["far future", sampleTx({ tx_datetime: "9999-12-31 23:59:59" }), "FUTURE_TRANSACTION", "future_datetime"],
    ["unsafe integer id", sampleTx({ customer_id: 2 ** 53 + 2 }), "INVALID_TRANSACTION", "bad_customer_id"],
    ["an array", [sampleTx()], "INVALID_TRANSACTION", "not_an_object"],
  ])("%s -> 400 %s (%s)", async (_name, payload, code, reason) => {
    const { app } = await server();
    const res = await app.inject(post("/v1/score", payload));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.details.problems[0].reason).toBe(reason);
  });

  test.each([
    ["broken JSON", "{", "application/json", 400, "INVALID_JSON"],
    ["empty body", "", "application/json", 400, "INVALID_JSON"],
    ["__proto__ key", '{"__proto__":{"x":1}}', "application/json", 400, "INVALID_JSON"],
    ["deep nesting", `${"[".repeat(5000)}${"]".repeat(5000)}`, "application/json", 400, "BODY_TOO_COMPLEX"],
    ["text/plain", "x", "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["form data", "a=1", "application/x-www-form-urlencoded", 415, "UNSUPPORTED_MEDIA_TYPE"],
  ])("%s -> %s %s", async (_name, payload, type, status, code) => {
    const { app } = await server();
    const res = await app.inject(post("/v1/score", payload, { "content-type": type }));
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  test("a BOM before the JSON is ignored (RFC 8259 lets a parser do so)", async () => {
    const { app } = await server();
    const res = await app.inject(
      post("/v1/score", `\ufeff${JSON.stringify(sampleTx())}`, { "content-type": "application/json" }),
    );
    expect(res.statusCode).toBe(200);
  });

  test("every /v1 route needs a valid token; openapi.json does not", async () => {
    const { app, rt } = await server();
    const cases: [string, string | undefined][] = [
      ["no header", undefined],
      ["not bearer", "Basic dXNlcjpwYXNz"],
      ["garbage", "Bearer not.a.token"],
      ["expired", bearer({ ttlSeconds: -60 })],
      ["other audience", bearer({ audience: "someone-else" })],
    ];
    for (const [name, header] of cases) {
      for (const req of [
        post("/v1/score", sampleTx()),
        post("/v1/score/batch", { transactions: [sampleTx()] }),
        { method: "GET" as const, url: "/v1/model", headers: {} },
      ]) {
        const headers: Record<string, string> = { ...req.headers };
        delete headers.authorization;
        if (header !== undefined) headers.authorization = header;
        const res = await app.inject({ ...req, headers });
        expect([name, res.statusCode]).toEqual([name, 401]);
        expect(res.headers["www-authenticate"]).toBe('Bearer realm="antifraud-scoring"');
        expect(res.json().error).toMatchObject({ code: "UNAUTHENTICATED", retriable: false });
      }
    }
    expect(
      await metricValue(rt.registry, METRIC.scoredTransactions, { path: "http", decision: "approve" }),
    ).toBeUndefined();
    expect((await app.inject({ url: "/openapi.json" })).statusCode).toBe(200);
    expect((await app.inject({ url: "/v1/model", headers: auth })).statusCode).toBe(200);
  });

  test("unknown routes give a coded 404, and the probes and /metrics are not on the API port", async () => {
    const { app } = await server();
    for (const url of ["/nope", "/metrics", "/healthz", "/readyz"]) {
      const res = await app.inject({ method: "GET", url });
      expect([url, res.statusCode]).toEqual([url, 404]);
      expect(res.json().error.code).toBe("NOT_FOUND");
    }
  });

  test("batch: results in request order, one inference call; any invalid item rejects the batch", async () => {
    const { app, rt } = await server();
    const txs = [1, 2, 3].map((i) => sampleTx({ transaction_id: i, customer_id: i }));
    const ok = await app.inject(post("/v1/score/batch", { transactions: txs }));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().results.map((r: { transaction_id: number }) => r.transaction_id)).toEqual([1, 2, 3]);
    const histogram = await rt.registry.getSingleMetric(METRIC.inferenceBatchSize)!.get();
    expect(
      histogram.values.find(
        (v) => (v as { metricName?: string }).metricName === `${METRIC.inferenceBatchSize}_count`,
      )?.value,
    ).toBe(1);

    const bad = await app.inject(
      post("/v1/score/batch", {
        transactions: [txs[0], sampleTx({ transaction_id: 9, tx_datetime: "2019-02-30 00:00:00" })],
      }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: "INVALID_TRANSACTION",
      message:
        "1 of 2 transaction(s) invalid: /transactions/1/tx_datetime: not a real UTC instant, e.g. 2019-09-21 13:45:00 or 2019-09-21T13:45:00Z",
      details: {
        problems: [{ path: "/transactions/1/tx_datetime", reason: "bad_datetime" }],
        invalid_items: 1,
      },
    });

    const big = await app.inject(post("/v1/score/batch", { transactions: [...txs, txs[0]] }));
    expect(big.statusCode).toBe(400);
    expect(big.json().error.code).toBe("BATCH_TOO_LARGE");
    const empty = await app.inject(post("/v1/score/batch", { transactions: [] }));
    expect([empty.statusCode, empty.json().error.code]).toEqual([400, "EMPTY_BATCH"]);
    const envelope = await app.inject(post("/v1/score/batch", { transactions: txs, extra: 1 }));
    expect(envelope.json().error).toMatchObject({
      code: "INVALID_REQUEST",
      details: { problems: [{ path: "/extra", reason: "unexpected_field" }] },
    });
    const scored = async (decision: string) =>
      (await metricValue(rt.registry, METRIC.scoredTransactions, { path: "http", decision })) ?? 0;
    // Only the valid batch was scored: the refused ones never reached the scorer.
    expect((await scored("approve")) + (await scored("decline"))).toBe(3);
  });

  test("the error report is capped: 3 problems per item, 20 in all, every invalid item counted", async () => {
    const rt = await fixtureRuntime();
    const app = createHttpServer({ ...rt, maxBatchSize: 100 });
    const junk = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, i]));
    const res = await app.inject(post("/v1/score/batch", { transactions: Array(100).fill(junk) }));
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.details.invalid_items).toBe(100);
    expect(error.details.truncated).toBe(true);
    expect(error.details.problems).toHaveLength(20);
    expect(error.details.problems.slice(0, 4).map((p: { path: string }) => p.path)).toEqual([
      "/transactions/0/f0",
      "/transactions/0/f1",
      "/transactions/0/f2",
      "/transactions/1/f0",
    ]);
    expect(error.message).toBe(
      "100 of 100 transaction(s) invalid: /transactions/0/f0: unknown field f0; /transactions/0/f1: unknown field f1; /transactions/0/f2: unknown field f2; ...",
    );
  });

  test("503 with a coded error and not-ready until a model is loaded", async () => {
    const { app, rt } = await server({ load: false });
    const score = await app.inject(post("/v1/score", sampleTx()));
    expect(score.statusCode).toBe(503);
    expect(score.json().error).toMatchObject({ code: "MODEL_NOT_LOADED", retriable: true });
    expect((await app.inject({ url: "/v1/model", headers: auth })).statusCode).toBe(503);
    const health = createHealthServer(rt);
    const ready = await health.inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({
      status: "not_ready",
      checks: { model: false, terminal_snapshot: false, redis: true },
    });
    expect((await health.inject({ url: "/healthz" })).statusCode).toBe(200);
  });

  test("readiness reflects the feature store; scoring gives 503 when it is down or slow", async () => {
    const failWith = (message: string): CustomerWindowStore => ({
      recordAndQuery: async () => {
        throw new Error(message);
      },
      ping: async () => false,
      close: async () => undefined,
    });
    const { app, rt } = await server({ store: failWith("ECONNREFUSED") });
    const logged = jest.spyOn(rt.logger, "error");
    const ready = await createHealthServer(rt).inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toEqual({ model: true, terminal_snapshot: true, redis: false });
    const res = await app.inject(post("/v1/score", sampleTx()));
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatchObject({ code: "FEATURE_STORE_UNAVAILABLE", retriable: true });
    expect(res.body).not.toContain("ECONNREFUSED");
    // The cause stays out of the response but is logged, with the request id.
    expect(logged).toHaveBeenCalledTimes(1);
    const [fields, message] = logged.mock.calls[0] as unknown as [Record<string, unknown>, string];
    expect(message).toBe("request failed");
    expect(fields).toMatchObject({ code: "FEATURE_STORE_UNAVAILABLE", reqId: expect.any(String) });
    expect((fields.err as Error).message).toBe("ECONNREFUSED");

    const slow = await server({ store: failWith("Command timed out") });
    const timedOut = await slow.app.inject(post("/v1/score", sampleTx()));
    expect(timedOut.statusCode).toBe(503);
    expect(timedOut.json().error).toMatchObject({ code: "FEATURE_STORE_TIMEOUT", retriable: true });
  });

  test("a full queue answers 503 OVERLOADED with Retry-After", async () => {
    const rt = await fixtureRuntime();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const scorer = {
      ...rt.scorer,
      score: async (...args: Parameters<typeof rt.scorer.score>) => {
        await gate;
        return rt.scorer.score(...args);
      },
    };
    const app = createHttpServer({ ...rt, scorer, maxBatchSize: 1, maxQueued: 1 });
    const pending = [1, 2, 3, 4, 5].map((i) =>
      app.inject(post("/v1/score", sampleTx({ transaction_id: i, customer_id: i }))),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const responses = await Promise.all(pending);
    // One call of 1 runs and 1 waits; the others find the queue full and are told when to retry.
    const refused = responses.filter((r) => r.statusCode !== 200);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(4);
    for (const r of refused) {
      expect([r.statusCode, r.headers["retry-after"], r.json().error.code]).toEqual([503, "1", "OVERLOADED"]);
    }
  });

  test("GET /v1/model, /metrics on its own server and /openapi.json", async () => {
    const { app, rt } = await server({ store: new MemoryCustomerWindowStore(spec.customerWindows) });
    const model = await app.inject({ url: "/v1/model", headers: auth });
    expect(model.json()).toMatchObject({
      version: "v1",
      created_at: "2025-12-31T00:00:00.000Z",
      threshold: 0.5,
      feature_spec_version: spec.version,
      feature_names: spec.names,
      terminal_snapshot_as_of_day: "2019-09-20",
    });
    expect((await createHealthServer(rt).inject({ url: "/readyz" })).json()).toEqual({
      status: "ready",
      checks: { model: true, terminal_snapshot: true, redis: true },
    });
    await app.inject(post("/v1/score", sampleTx()));
    const metricsApp = createMetricsServer(rt.registry);
    const metrics = (await metricsApp.inject({ url: "/metrics" })).body;
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
    expect((await metricsApp.inject({ url: "/v1/model" })).statusCode).toBe(404);

    const doc = (await app.inject({ url: "/openapi.json" })).json();
    // Every documented operation is a registered route with that exact method and path.
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([url, operations]) =>
      Object.keys(operations).map((method) => ({ method: method.toUpperCase(), url })),
    );
    expect(documented).toEqual([
      { method: "POST", url: "/v1/score" },
      { method: "POST", url: "/v1/score/batch" },
      { method: "GET", url: "/v1/model" },
      { method: "GET", url: "/openapi.json" },
    ]);
    for (const route of documented) expect([route, app.hasRoute(route)]).toEqual([route, true]);
    expect(doc.components.schemas.Transaction.additionalProperties).toBe(false);
    expect(Object.keys(doc.components.schemas.Transaction.properties)).not.toContain("tx_fraud");
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  test("the server serves the generated document, and the committed copy has not drifted", async () => {
    const { app } = await server();
    expect((await app.inject({ url: "/openapi.json" })).json()).toEqual(buildOpenApi(3));
    const committed = JSON.parse(fs.readFileSync(path.join(__dirname, "../../openapi.json"), "utf8"));
    expect(committed).toEqual(buildOpenApi(1000));
  });
});
