import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { createHttpServer } from "../../src/http/server";
import { RedisCustomerWindowStore } from "../../src/store/redis-customer-window-store";
import { writeFixtureBundle } from "../support/bundle-fixture";
import { createMetricsServer } from "../../src/http/ops-servers";
import { bearer, fixtureRuntime, sampleTx, spec } from "../helpers";
import { ensureRedis, redisClient, uniquePrefix } from "./services";

let redis: Awaited<ReturnType<typeof ensureRedis>>;
beforeAll(async () => {
  redis = await ensureRedis();
});
afterAll(() => redis.stop());

/** Fires requests with `concurrency` in flight until `until` resolves; returns every status and version seen. */
async function load(url: string, concurrency: number, until: Promise<unknown>) {
  let done = false;
  void until.finally(() => (done = true));
  const statuses = new Map<number, number>();
  const versions = new Set<string>();
  let id = 0;
  const worker = async () => {
    while (!done) {
      const n = id++;
      const res = await fetch(`${url}/v1/score`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: bearer() },
        body: JSON.stringify(sampleTx({ transaction_id: n, customer_id: n % 50 })),
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const body = (await res.json()) as { model_version?: string };
      if (body.model_version) versions.add(body.model_version);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { statuses: Object.fromEntries(statuses), versions: [...versions].sort(), total: id };
}

test("hot swap under load fails no request; a corrupt bundle is rejected while the old model keeps serving", async () => {
  const client = redisClient(redis.url, redis.caFile);
  const store = new RedisCustomerWindowStore(client, {
    windowDays: spec.customerWindows,
    keyPrefix: uniquePrefix("swap"),
    latenessSeconds: 86400,
    ttlSeconds: 86400 * 40,
  });
  const rt = await fixtureRuntime({ store });
  const app = createHttpServer(rt);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const script = (async () => {
      await pause(300);
      writeFixtureBundle(rt.modelsRoot, { version: "v2", spec, bias: -3 });
      expect(await rt.models.refresh()).toBe("loaded");
      await pause(300);
      // v3's model.onnx is damaged after its manifest was written: the checksum no longer matches.
      const dir = writeFixtureBundle(rt.modelsRoot, { version: "v3", spec });
      fs.appendFileSync(path.join(dir, "model.onnx"), Buffer.from([0]));
      expect(await rt.models.refresh()).toBe("rejected");
      await pause(300);
    })();
    const result = await load(url, 16, script);
    await script;
    expect(result.statuses).toEqual({ 200: result.total });
    expect(result.versions).toEqual(["v1", "v2"]);
    expect(rt.models.current?.version).toBe("v2");
    const after = await fetch(`${url}/v1/score`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: bearer() },
      body: JSON.stringify(sampleTx({ transaction_id: "after" })),
    });
    expect(((await after.json()) as { model_version: string }).model_version).toBe("v2");
    const metrics = (await createMetricsServer(rt.registry).inject({ url: "/metrics" })).body;
    expect(metrics).toContain(
      'antifraud_reloads_total{artifact="model",result="rejected",reason="checksum_mismatch"} 1',
    );
  } finally {
    await app.close();
    await store.close();
  }
});
