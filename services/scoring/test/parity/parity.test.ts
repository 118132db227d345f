import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { generateDataset } from "@antifraud/simulator";
import type { Transaction } from "../../src/features/transaction";
import { dayNumber, dayNumberFromIso } from "../../src/features/time";
import { OnnxModel } from "../../src/model/onnx-model";
import { RedisCustomerWindowStore } from "../../src/store/redis-customer-window-store";
import { fixtureRuntime, spec, tmpDir, validTx } from "../helpers";
import { ensureRedis, redisClient, uniquePrefix } from "../integration/services";

/**
 * The same simulated transactions through services/training's Spark jobs and through the online
 * path (Redis windows + the terminal snapshot the features job wrote): every feature must agree to
 * 1e-9 relative; and node's onnxruntime must score the Spark feature rows as python's does.
 */
jest.setTimeout(600_000);

const REPO = path.resolve(__dirname, "../../../..");
const PYTHON = path.join(REPO, ".venv/bin/python");
const START = "2018-04-01";
const DAYS = 45;
const AS_OF = "2018-05-05"; // snapshot serves 2018-05-06 .. 2018-05-13 (as_of + 1 .. as_of + min delay + 1)

const readJsonl = <T>(file: string): T[] =>
  fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

let work: string;
let redis: Awaited<ReturnType<typeof ensureRedis>>;

beforeAll(async () => {
  if (!fs.existsSync(PYTHON))
    throw new Error(`${PYTHON} missing: run npm run bootstrap (scripts/bootstrap.d/30-python.sh)`);
  redis = await ensureRedis();
  const raw = tmpDir("parity-raw");
  work = tmpDir("parity-work");
  await generateDataset({
    out: raw,
    params: { customers: 400, terminals: 800, days: DAYS, startDate: START, seed: 11 },
  });
  execFileSync(PYTHON, [path.join(__dirname, "training_side.py"), raw, work, AS_OF], {
    cwd: REPO,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PYTHONPATH: path.join(REPO, "services/training/src"),
      SPARK_LOCAL_IP: "127.0.0.1",
    },
  });
});
afterAll(() => redis?.stop());

test("online features equal the Spark job's features (1e-9 relative)", async () => {
  const client = redisClient(redis.url, redis.caFile);
  const store = new RedisCustomerWindowStore(client, {
    windowDays: spec.customerWindows,
    keyPrefix: uniquePrefix("parity"),
    latenessSeconds: 86400,
    ttlSeconds: 86400 * 400,
  });
  const rt = await fixtureRuntime({ store, load: false });
  // The snapshot exactly as the features job wrote it, through the service's own loader.
  fs.cpSync(path.join(work, "features", "terminal"), path.join(rt.featuresRoot, "terminal"), {
    recursive: true,
  });
  expect(await rt.snapshots.refresh()).toBe("loaded");
  const { featureRows, plan } = rt;

  const txs: Transaction[] = readJsonl<unknown>(path.join(work, "transactions.jsonl")).map(validTx);
  const online = new Map<number, number[]>();
  for (let i = 0; i < txs.length; i += 500) {
    const batch = txs.slice(i, i + 500);
    (await featureRows(batch, plan)).forEach((row, k) => online.set(batch[k]!.transactionId as number, row));
  }
  await store.close();

  const served = [dayNumberFromIso(AS_OF)! + 1, dayNumberFromIso(AS_OF)! + 8];
  const dayOf = new Map(txs.map((t) => [t.transactionId as number, dayNumber(t.timeSeconds)]));
  const terminalIndexes = spec.features.flatMap((f, i) => (f.kind.startsWith("terminal_") ? [i] : []));
  const mismatches: string[] = [];
  let compared = 0;
  let terminalRows = 0;
  for (const { transaction_id: id, features } of readJsonl<{ transaction_id: number; features: number[] }>(
    path.join(work, "features.jsonl"),
  )) {
    const mine = online.get(id);
    if (!mine) {
      mismatches.push(`${id}: not scored online`);
      continue;
    }
    const day = dayOf.get(id)!;
    const terminalServed = day >= served[0]! && day <= served[1]!;
    if (terminalServed) terminalRows++;
    features.forEach((expected, i) => {
      if (terminalIndexes.includes(i) && !terminalServed) return;
      compared++;
      const actual = mine[i]!;
      if (Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(expected))) {
        mismatches.push(`${id} ${spec.names[i]}: online ${actual}, spark ${expected}`);
      }
    });
  }
  expect(mismatches.slice(0, 20)).toEqual([]);
  expect(online.size).toBe(txs.length);
  expect(txs.length).toBeGreaterThan(10_000);
  expect(terminalRows).toBeGreaterThan(1000);
  expect(compared).toBeGreaterThan(txs.length * 9);
});

test("node's onnxruntime scores the Spark feature rows exactly as the training side does", async () => {
  const model = await OnnxModel.load(fs.readFileSync(path.join(work, "model.onnx")), spec.names.length);
  const rows = readJsonl<{ transaction_id: number; features: number[] }>(path.join(work, "features.jsonl"));
  const expected = new Map(
    readJsonl<{ transaction_id: number; score: number }>(path.join(work, "scores.jsonl")).map((r) => [
      r.transaction_id,
      r.score,
    ]),
  );
  const buffer = new Float32Array(rows.length * spec.names.length);
  rows.forEach((r, i) => buffer.set(r.features, i * spec.names.length));
  const scores = await model.predict(buffer, rows.length);
  let maxDiff = 0;
  rows.forEach(
    (r, i) => (maxDiff = Math.max(maxDiff, Math.abs(scores[i]! - expected.get(r.transaction_id)!))),
  );
  expect(rows.length).toBeGreaterThan(10_000);
  expect(new Set(Array.from(scores)).size).toBeGreaterThan(10); // a real model, not a constant
  expect(maxDiff).toBeLessThan(1e-6);
});
