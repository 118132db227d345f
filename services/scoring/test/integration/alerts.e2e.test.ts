/**
 * The business alert end to end: a real Prometheus, loading infra/monitoring/alert-rules.yaml
 * unchanged and scraping/evaluating every second, scrapes the real `serve` command (fixture model,
 * real Redis). Traffic with 20% declines makes DeclineShareAboveLimit fire in Prometheus' alerts API;
 * a burst of normal traffic (0.5% declines) brings the 5-minute share under 5% and the alert resolves.
 * Bounded by the rule's own `for` (1 minute) plus a few seconds on each side.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type PrometheusHandle, startPrometheus, testRedis } from "@antifraud/local";
import { ALERT_RULES_FILE, alertingRules, loadRuleFile, SCRAPE_JOBS } from "@antifraud/infra/monitoring";
import { runServe } from "../../src/app/serve";
import { DEFAULT_FEATURE_SPEC_PATH, loadServeConfig } from "../../src/config/config";
import { loadFeatureSpec } from "../../src/features/spec";
import { silentLogger } from "../../src/log/logger";
import { writeFixtureBundle, writeFixtureSnapshot } from "../support/bundle-fixture";
import { testKeyPair } from "../support/signing-keys";
import { bearer } from "../helpers";

const ALERT = "DeclineShareAboveLimit";
/** With the fixture model (threshold 0.5) a new customer's 1000.00 payment is declined, a 12.50 one approved. */
const DECLINED_AMOUNT = 1000;
const APPROVED_AMOUNT = 12.5;

interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: "pending" | "firing";
  activeAt: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parseDurationSeconds(duration: string): number {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600 };
  const match = /^(\d+)([smh])$/.exec(duration);
  if (!match) throw new Error(`unexpected duration ${duration}`);
  return Number(match[1]) * units[match[2]!]!;
}

describe("DeclineShareAboveLimit against a real Prometheus and the serve command", () => {
  const rule = alertingRules(loadRuleFile()).find((r) => r.alert === ALERT);
  const forSeconds = parseDurationSeconds(rule?.for ?? "0s");
  const dirs: string[] = [];
  let server: { stop(): Promise<void>; url: string; metricsUrl: string };
  let prometheus: PrometheusHandle;
  let nextId = Date.now() * 1000;

  /** Scores a batch in which `declines` transactions are built to be declined; returns the decisions seen. */
  async function sendBatch(size: number, declines: number): Promise<{ decline: number; approve: number }> {
    const transactions = Array.from({ length: size }, (_, i) => {
      const id = nextId++;
      // One customer per transaction, so no customer window carries a large amount into another.
      return {
        transaction_id: id,
        tx_datetime: "2026-03-02 14:30:00",
        customer_id: id % 1_000_000_000,
        terminal_id: 17,
        tx_amount: i < declines ? DECLINED_AMOUNT : APPROVED_AMOUNT,
      };
    });
    const response = await fetch(`${server.url}/v1/score/batch`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: bearer() },
      body: JSON.stringify({ transactions }),
    });
    if (response.status !== 200)
      throw new Error(`scoring answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { results: { decision: "decline" | "approve" }[] };
    const decline = body.results.filter((r) => r.decision === "decline").length;
    return { decline, approve: body.results.length - decline };
  }

  async function alertsNamed(name: string): Promise<PromAlert[]> {
    const response = await fetch(`${prometheus.url}/api/v1/alerts`);
    const body = (await response.json()) as { data: { alerts: PromAlert[] } };
    return body.data.alerts.filter((a) => a.labels.alertname === name);
  }

  async function query(
    promql: string,
  ): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await response.json()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    return body.data.result;
  }

  /** Keeps sending `size`-transaction batches every `everyMs` until `done()` holds or `timeoutMs` passes. */
  async function trafficUntil(
    batch: { size: number; declines: number; everyMs: number },
    done: () => Promise<boolean>,
    timeoutMs: number,
  ): Promise<{ decline: number; approve: number; elapsedMs: number }> {
    const started = Date.now();
    const seen = { decline: 0, approve: 0 };
    while (Date.now() - started < timeoutMs) {
      const tick = Date.now();
      const result = await sendBatch(batch.size, batch.declines);
      seen.decline += result.decline;
      seen.approve += result.approve;
      if (await done()) return { ...seen, elapsedMs: Date.now() - started };
      await sleep(Math.max(0, batch.everyMs - (Date.now() - tick)));
    }
    throw new Error(`condition not reached within ${timeoutMs} ms (decisions seen: ${JSON.stringify(seen)})`);
  }

  beforeAll(async () => {
    const tmp = (name: string) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `alerts-e2e-${name}-`));
      dirs.push(dir);
      return dir;
    };
    const modelsRoot = tmp("models");
    const featuresRoot = tmp("features");
    const spec = loadFeatureSpec(DEFAULT_FEATURE_SPEC_PATH);
    writeFixtureBundle(modelsRoot, {
      version: "alerts-e2e",
      spec,
      threshold: 0.5,
      createdAt: new Date().toISOString(),
    });
    writeFixtureSnapshot(featuresRoot, "2026-03-01", [
      { terminal_id: 17, day: "2026-02-20", tx_count: 40, fraud_count: 0 },
    ]);
    const config = loadServeConfig({
      MODELS_ROOT: modelsRoot,
      FEATURES_ROOT: featuresRoot,
      REDIS_URL: testRedis().url,
      REDIS_TLS_CA_PATH: testRedis().caFile,
      REDIS_KEY_PREFIX: `e2e${process.pid}:`,
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: "0",
      METRICS_PORT: "0",
      HEALTH_PORT: "0",
      LOG_LEVEL: "silent",
      MODEL_SIGNING_PUBLIC_KEYS: testKeyPair("model-signing").publicKeyPem,
      AUTH_TOKEN_PUBLIC_KEYS: testKeyPair("token-issuer").publicKeyPem,
    });
    server = await runServe(config, silentLogger());
    prometheus = await startPrometheus({
      scrapeTargets: [{ jobName: SCRAPE_JOBS.http, targets: [new URL(server.metricsUrl).host] }],
      ruleFiles: [ALERT_RULES_FILE],
    });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await server?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    "fires above 5% declines and resolves when traffic returns to normal",
    async () => {
      expect(rule?.labels?.severity).toBe("critical");
      expect(forSeconds).toBeLessThanOrEqual(60);

      // Normal traffic until the rule's volume guard (1 transaction/s over 5 minutes, i.e. 300
      // transactions in the window) holds: the share is computed, under 5%, and the alert is absent.
      await trafficUntil(
        { size: 100, declines: 0, everyMs: 250 },
        async () => (await query("antifraud:scored_transactions:rate5m >= 1")).length > 0,
        20_000,
      );
      const normalShare = Number((await query("antifraud:decline_share:ratio_rate5m"))[0]?.value[1]);
      expect(normalShare).toBeLessThan(0.05);
      expect(await alertsNamed(ALERT)).toEqual([]);

      // 20% declines at 50 transactions/s: pending within seconds, firing after the rule's `for`.
      const breachStarted = Date.now();
      const breach = await trafficUntil(
        { size: 25, declines: 5, everyMs: 500 },
        async () => (await alertsNamed(ALERT)).some((a) => a.state === "firing"),
        (forSeconds + 30) * 1000,
      );
      expect(breach.decline / (breach.decline + breach.approve)).toBeCloseTo(0.2, 5);
      expect(breach.elapsedMs).toBeGreaterThanOrEqual(forSeconds * 1000);
      const [firing] = await alertsNamed(ALERT);
      expect(firing?.labels).toEqual({ alertname: ALERT, severity: "critical" });
      expect(firing?.annotations.runbook_url).toBe("docs/runbook.md#declineshareabovelimit");
      expect(firing?.annotations.summary).toMatch(/^Declined share \d+(\.\d+)?% is above the 5% limit$/);
      const pendingAfterMs = Date.parse(firing?.activeAt ?? "") - breachStarted;
      console.log(
        `${ALERT}: pending ${(pendingAfterMs / 1000).toFixed(1)} s and firing ${(breach.elapsedMs / 1000).toFixed(1)} s ` +
          `after declines rose to 20% (for: ${rule?.for})`,
      );

      // Normal traffic in volume: the 5-minute share drops under 5% and the alert disappears.
      const recovery = await trafficUntil(
        { size: 1000, declines: 5, everyMs: 200 },
        async () => (await alertsNamed(ALERT)).length === 0,
        30_000,
      );
      expect(recovery.decline / (recovery.decline + recovery.approve)).toBeCloseTo(0.005, 5);
      expect(Number((await query("antifraud:decline_share:ratio_rate5m"))[0]?.value[1])).toBeLessThanOrEqual(
        0.05,
      );
      console.log(
        `${ALERT} resolved ${(recovery.elapsedMs / 1000).toFixed(1)} s after traffic returned to normal`,
      );

      // The other rules read series this service really exports under the scrape job the rules expect.
      for (const series of [
        `up{job="${SCRAPE_JOBS.http}"} == 1`,
        `antifraud_process_process_cpu_seconds_total{job="${SCRAPE_JOBS.http}"}`,
        'route:antifraud_http_request_duration_seconds:p99_rate5m{route="/v1/score/batch"}',
        `antifraud:model_age_seconds{job="${SCRAPE_JOBS.http}"} < 600`,
      ]) {
        expect([series, (await query(series)).length]).toEqual([series, 1]);
      }
    },
    (forSeconds + 90) * 1000,
  );
});
