import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Registry } from "prom-client";
import { DEFAULT_FEATURE_SPEC_PATH } from "../src/config/config";
import { loadFeatureSpec } from "../src/features/spec";
import { silentLogger } from "../src/log/logger";
import { createDriftMonitor } from "../src/drift/drift-monitor";
import { createMetrics } from "../src/metrics/metrics";
import { LocalArtifactStore } from "../src/artifacts/artifact-store";
import { createModelRegistry } from "../src/model/model-registry";
import { planFeatures } from "../src/features/compute";
import { createFeatureRows } from "../src/scoring/feature-rows";
import { createScorer } from "../src/scoring/scorer";
import type { CustomerWindowStore } from "../src/store/customer-window-store";
import { MemoryCustomerWindowStore } from "../src/store/memory-customer-window-store";
import { createSnapshotRegistry } from "../src/terminal/snapshot-registry";
import { writeFixtureBundle, writeFixtureSnapshot } from "./support/bundle-fixture";
import { testKeyPair } from "./support/signing-keys";
import { createTokenAuthenticator } from "../src/auth/token-authenticator";
import { issueToken } from "../src/auth/token-issuer";
import { createTransactionValidator, type Transaction } from "../src/features/transaction";

export const spec = loadFeatureSpec(DEFAULT_FEATURE_SPEC_PATH);

const tmpDirs: string[] = [];
/** Removes the folders tmpDir made: jest runs it after each test file, a bench when it ends. */
export function removeTmpDirs(): void {
  for (const dir of tmpDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
// Under jest only: the benches (npm run bench, bench:recovery) import these fixtures outside it.
if (typeof afterAll === "function") afterAll(removeTmpDirs);

/** A temp folder removed after the test file that created it. */
export function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `scoring-${prefix}-`));
  tmpDirs.push(dir);
  return dir;
}

/** A runtime over temp folders with a fixture model and snapshot; the store defaults to memory. */
export async function fixtureRuntime(
  opts: { store?: CustomerWindowStore; load?: boolean; threshold?: number; driftWindowRows?: number } = {},
) {
  const modelsRoot = tmpDir("models");
  const featuresRoot = tmpDir("features");
  const registry = new Registry();
  const metrics = createMetrics(registry);
  const logger = silentLogger();
  const store = opts.store ?? new MemoryCustomerWindowStore(spec.customerWindows);
  const models = createModelRegistry({
    store: new LocalArtifactStore(modelsRoot),
    spec,
    signingKeys: [testKeyPair("model-signing").publicKeyPem],
    metrics,
    logger,
  });
  const snapshots = createSnapshotRegistry({
    store: new LocalArtifactStore(featuresRoot),
    spec,
    metrics,
    logger,
  });
  const scorer = createScorer({
    models,
    snapshots,
    store,
    metrics,
    clock: () => new Date("2026-01-01T00:00:00Z"),
    ...(opts.driftWindowRows === undefined
      ? {}
      : { drift: createDriftMonitor(metrics, opts.driftWindowRows) }),
  });
  if (opts.load ?? true) {
    writeFixtureBundle(modelsRoot, {
      version: "v1",
      spec,
      threshold: opts.threshold ?? 0.5,
      createdAt: "2025-12-31T00:00:00Z",
    });
    writeFixtureSnapshot(
      featuresRoot,
      "2019-09-20",
      [
        { terminal_id: 7, day: "2019-09-10", tx_count: 10, fraud_count: 2 },
        { terminal_id: 7, day: "2019-09-13", tx_count: 5, fraud_count: 0 },
      ],
      { specVersion: spec.version },
    );
    await models.refresh();
    await snapshots.refresh();
  }
  return {
    modelsRoot,
    featuresRoot,
    registry,
    metrics,
    logger,
    store,
    models,
    snapshots,
    scorer,
    /** The scorer's feature path on the same store and snapshot (what the parity test compares). */
    featureRows: createFeatureRows({ snapshots, store, metrics }),
    /** The contract spec's plan on the store's windows (what a bundle of the current spec is served with). */
    plan: planFeatures(spec, spec),
    validator,
    authenticator: testAuthenticator(),
  };
}

/** The production validator on the system clock (the samples are dated 2019). */
export const validator = createTransactionValidator({ now: Date.now, maxFutureSkewSeconds: 300 });

/** A valid raw transaction as the scorer sees it (throws on an invalid fixture). */
export function validTx(raw: unknown): Transaction {
  const r = validator.validate(raw);
  if (!r.ok) throw new Error(`invalid fixture ${JSON.stringify(raw)}: ${JSON.stringify(r.problems)}`);
  return r.tx;
}

export const TOKEN_ISSUER = "antifraud";
export const TOKEN_AUDIENCE = "antifraud-scoring";

/** Verifies tokens of the test issuer key (generated in memory by the test run). */
export function testAuthenticator() {
  return createTokenAuthenticator({
    publicKeys: [testKeyPair("token-issuer").publicKeyPem],
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
  });
}

/** `Authorization` header value of a token from the test issuer. */
export function bearer(over: { subject?: string; ttlSeconds?: number; audience?: string } = {}): string {
  const token = issueToken(testKeyPair("token-issuer").privateKeyPem, {
    subject: over.subject ?? "card-processing",
    issuer: TOKEN_ISSUER,
    audience: over.audience ?? TOKEN_AUDIENCE,
    ttlSeconds: over.ttlSeconds ?? 3600,
  });
  return `Bearer ${token}`;
}

export const sampleTx = (over: Record<string, unknown> = {}) => ({
  transaction_id: 1,
  tx_datetime: "2019-09-21 13:45:00",
  customer_id: 42,
  terminal_id: 7,
  tx_amount: 57.16,
  ...over,
});

/** Reads one sample value of a metric (labels must match exactly). */
/** Every sample of a metric with its defined labels, sorted by labels; [] when it has none. */
export async function metricSamples(registry: Registry, name: string) {
  const metric = registry.getSingleMetric(name);
  if (!metric) return [];
  const { values } = await metric.get();
  return values
    .map((v) => ({
      labels: Object.fromEntries(Object.entries(v.labels).filter(([, val]) => val !== undefined)),
      value: v.value,
    }))
    .sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
}

export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const metric = registry.getSingleMetric(name);
  if (!metric) return undefined;
  const { values } = await metric.get();
  const found = values.find(
    (v) =>
      Object.keys(labels).length === Object.keys(v.labels).filter((k) => v.labels[k] !== undefined).length &&
      Object.entries(labels).every(([k, val]) => String(v.labels[k]) === val),
  );
  return found?.value;
}
