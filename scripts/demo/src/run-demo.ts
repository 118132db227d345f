import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Redis from "ioredis";
import { loadFeatureSpec, type TransactionMessage } from "@antifraud/contracts";
import { ALERT_RULES_FILE, SCRAPE_JOBS } from "@antifraud/infra/monitoring";
import { freePort, startKafka, startMlflow, startPrometheus, startRedis } from "@antifraud/local";
import { RedisCustomerWindowStore } from "@antifraud/scoring";
import { generateDataset, rawFileSource } from "@antifraud/simulator";
import { alertStates } from "./alerts";
import { backfillCustomerWindows } from "./backfill";
import { consumerQuality } from "./consumer-quality";
import { runToCompletion } from "./child-process";
import { runDayTwo } from "./day-two";
import { addDays, splitHistory } from "./history";
import { httpLoad } from "./http-load";
import { createDemoKeys } from "./keys";
import { onlineQuality } from "./online-quality";
import type { DemoOptions } from "./options";
import { renderCharts } from "./charts";
import { renderReport, reportCharts, summaryLines, type DemoReport } from "./report";
import { startScoring } from "./scoring-processes";
import type { Shutdown } from "./shutdown";
import { streamPeriod } from "./stream-period";
import { ensureTopics } from "./topics";

const REPO = resolve(__dirname, "..", "..", "..");
const PYTHON = join(REPO, ".venv", "bin", "python");
/** The scorer's own defaults, stated here so the backfill writes exactly the keys it reads. */
const REDIS_KEY_PREFIX = "af:";
const LATENESS_S = 86_400;
const TTL_S = 40 * 86_400;
/** Partitions per topic: more than one, so ordering per customer key and rebalancing are exercised. */
const TOPIC_PARTITIONS = 4;

interface Champion {
  version: string;
}

/** Runs the platform end to end on this machine; returns the report (also written as HTML). */
export async function runDemo(
  options: DemoOptions,
  shutdown: Shutdown,
  say: (line: string) => void,
): Promise<DemoReport & { reportFile: string }> {
  const startedAt = new Date().toISOString();
  const out = resolve(REPO, options.out);
  rmSync(out, { recursive: true, force: true });
  const dirs = {
    raw: join(out, "raw"),
    history: join(out, "history"),
    work: join(out, "work"),
    models: join(out, "models"),
    logs: join(out, "logs"),
    kafka: join(out, "kafka"),
    redis: join(out, "redis"),
    prometheus: join(out, "prometheus"),
    mlflow: join(out, "mlflow"),
    airflow: join(out, "airflow"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const timings: Record<string, number> = {};
  const dayTwo = options.dayTwo === "on";
  const total = dayTwo ? 8 : 7;
  let number = 0;
  const step = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
    number++;
    say(`[${number}/${total}] ${name} ...`);
    const started = Date.now();
    const result = await action();
    timings[name] = (Date.now() - started) / 1000;
    say(`[${number}/${total}] ${name} done in ${timings[name].toFixed(1)} s`);
    return result;
  };

  const { kafka, redis, mlflow } = await step("start local Kafka, Redis and MLflow", async () => {
    const [kafkaHandle, redisHandle, mlflowHandle] = await Promise.all([
      startKafka({ dir: dirs.kafka }),
      startRedis({ dir: dirs.redis }),
      startMlflow({ dir: dirs.mlflow }),
    ]);
    shutdown.add("Kafka", () => kafkaHandle.stop());
    shutdown.add("Redis", () => redisHandle.stop());
    shutdown.add("MLflow", () => mlflowHandle.stop());
    await ensureTopics(kafkaHandle, TOPIC_PARTITIONS);
    say(
      `Kafka SASL_SSL ${kafkaHandle.bootstrapServers} (started in ${kafkaHandle.startupMs} ms), Redis TLS 127.0.0.1:${redisHandle.port}`,
    );
    say(`  MLflow ${mlflowHandle.url} (sqlite backend and artifacts in ${dirs.mlflow})`);
    return { kafka: kafkaHandle, redis: redisHandle, mlflow: mlflowHandle };
  });

  const simulation = await step("simulate transactions", async () => {
    let lastShown = 0;
    const summary = await generateDataset({
      out: dirs.raw,
      params: {
        customers: options.customers,
        terminals: options.terminals,
        days: options.days,
        startDate: options.start,
        seed: options.seed,
      },
      onProgress: (phase, done, totalWork) => {
        if (Date.now() - lastShown > 2000) {
          lastShown = Date.now();
          say(`  ${phase} ${done}/${totalWork}`);
        }
      },
    });
    say(
      `  ${summary.transactions.toLocaleString()} transactions, ${summary.frauds.toLocaleString()} frauds in ${summary.files.length} files`,
    );
    return summary;
  });

  const split = splitHistory(dirs.raw, dirs.history, options.streamDays);
  const streamFrom = split.streamDays[0] ?? "";
  const streamTo = split.streamDays[split.streamDays.length - 1] ?? "";
  const historyLast = split.historyDays[split.historyDays.length - 1] ?? "";

  const keys = createDemoKeys(join(out, "keys"), 24 * 3600);
  await step("Spark pipeline on the history (clean, features, train, evaluate, compare, export)", () =>
    runToCompletion(
      "pipeline",
      PYTHON,
      [
        "-m",
        "antifraud_training.pipeline",
        "--raw",
        dirs.history,
        "--work",
        dirs.work,
        "--models",
        dirs.models,
        "--train-days",
        String(options.trainDays),
        "--folds",
        String(options.folds),
        "--resamples",
        String(options.resamples),
        "--seed",
        String(options.seed),
      ],
      {
        ...process.env,
        PYSPARK_PYTHON: PYTHON,
        SPARK_LOCAL_IP: "127.0.0.1",
        MODEL_SIGNING_KEY_FILE: keys.signingKeyFile,
        MLFLOW_TRACKING_URI: mlflow.url,
      },
    ),
  );
  const champion = JSON.parse(readFileSync(join(dirs.models, "champion.json"), "utf8")) as Champion;
  const manifest = JSON.parse(
    readFileSync(join(dirs.models, champion.version, "manifest.json"), "utf8"),
  ) as Record<string, unknown>;
  const threshold = Number(
    (manifest["threshold"] as { value?: number } | undefined)?.value ?? manifest["threshold"],
  );

  const spec = loadFeatureSpec();
  const customerWindowDays = spec.features.flatMap((f) =>
    "window_days" in f && f.kind.startsWith("customer_") ? [f.window_days] : [],
  );
  const backfillDays = Math.max(...customerWindowDays);
  await step(`backfill customer windows (${backfillDays} days before ${streamFrom})`, async () => {
    const client = new Redis(redis.url, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      tls: { ca: readFileSync(redis.caFile!, "utf8") },
    });
    try {
      const store = new RedisCustomerWindowStore(client, {
        windowDays: [...new Set(customerWindowDays)],
        keyPrefix: REDIS_KEY_PREFIX,
        latenessSeconds: LATENESS_S,
        ttlSeconds: TTL_S,
      });
      let lastShown = 0;
      const loaded = await backfillCustomerWindows(
        store,
        dirs.raw,
        addDays(streamFrom, -backfillDays),
        historyLast,
        (n) => {
          if (Date.now() - lastShown > 2000) {
            lastShown = Date.now();
            say(`  ${n.toLocaleString()} transactions`);
          }
        },
      );
      say(`  ${loaded.toLocaleString()} transactions loaded`);
    } finally {
      client.disconnect();
    }
  });

  const ports = {
    http: await freePort(),
    httpMetrics: await freePort(),
    httpHealth: await freePort(),
    streamMetrics: await freePort(),
    qualityMetrics: await freePort(),
  };
  const { prometheus, endpoints, scoringDied } = await step(
    "start scoring (serve, stream) and Prometheus",
    async () => {
      const { children, endpoints: urls } = await startScoring({
        modelsRoot: dirs.models,
        featuresRoot: join(dirs.work, "features"),
        redisUrl: redis.url,
        redisCaFile: redis.caFile!,
        kafka,
        httpPort: ports.http,
        httpMetricsPort: ports.httpMetrics,
        httpHealthPort: ports.httpHealth,
        streamMetricsPort: ports.streamMetrics,
        qualityMetricsPort: ports.qualityMetrics,
        // A replay of history: the service clock starts at the end of the streamed period, so
        // the future-date check stays on for data that is years old.
        replayClockFrom: `${streamTo}T23:59:59Z`,
        modelSigningPublicKey: keys.signingPublicKeyPem,
        tokenPublicKey: keys.tokenPublicKeyPem,
        logDir: dirs.logs,
        redisKeyPrefix: REDIS_KEY_PREFIX,
        latenessSeconds: LATENESS_S,
        ttlSeconds: TTL_S,
      });
      for (const child of children) shutdown.add(child.name, () => child.stop());
      const prom = await startPrometheus({
        dir: dirs.prometheus,
        ruleFiles: [ALERT_RULES_FILE],
        scrapeTargets: [
          { jobName: SCRAPE_JOBS.http, targets: [`127.0.0.1:${ports.httpMetrics}`] },
          { jobName: SCRAPE_JOBS.stream, targets: [`127.0.0.1:${ports.streamMetrics}`] },
          { jobName: SCRAPE_JOBS.quality, targets: [`127.0.0.1:${ports.qualityMetrics}`] },
        ],
      });
      shutdown.add("Prometheus", () => prom.stop());
      say(
        `  HTTP API ${urls.httpUrl}, stream metrics ${urls.streamMetricsUrl}, quality metrics ${urls.qualityMetricsUrl}, Prometheus ${prom.url}`,
      );
      // A scoring process that dies later fails the step in progress at once, naming its log.
      const died = Promise.race(children.map((child) => child.unexpectedExit));
      died.catch(() => undefined);
      return { prometheus: prom, endpoints: urls, scoringDied: died };
    },
  );

  const stream = await step(`stream ${streamFrom} .. ${streamTo} through Kafka with delayed labels`, () =>
    whileScoringRuns(
      streamPeriod({
        broker: kafka,
        rawDir: dirs.raw,
        from: streamFrom,
        to: streamTo,
        labelDelayMs: options.labelDelayMs,
        streamMetricsUrl: endpoints.streamMetricsUrl,
        timeoutMs: 600_000,
        say: (line) => say(`  ${line}`),
      }),
    ),
  );

  const { http, alerts } = await step("HTTP load and alert states", () => whileScoringRuns(httpAndAlerts()));
  async function httpAndAlerts() {
    let load = null;
    if (options.httpSeconds > 0) {
      const sample: TransactionMessage[] = [];
      for await (const chunk of rawFileSource(dirs.raw, {
        from: streamFrom,
        to: streamTo,
        chunkSize: 2000,
      })) {
        sample.push(...chunk.map(({ tx_fraud: _label, ...tx }) => tx));
        break;
      }
      load = await httpLoad(endpoints.httpUrl, sample, options.httpSeconds, keys.authorization);
    }
    // Two evaluation rounds after the last scrape, so the states reflect the traffic just sent.
    await new Promise((r) => setTimeout(r, 3000));
    return { http: load, alerts: await alertStates(prometheus.url) };
  }
  function whileScoringRuns<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, scoringDied]);
  }

  const quality = onlineQuality(
    [...stream.scores.values()].map((s) => ({
      transactionId: s.transaction_id,
      score: s.score,
      decision: s.decision,
    })),
    stream.labels,
  );
  // The deployed quality consumer joined the same scores and labels: its figures, beside the demo's own.
  const consumer = await whileScoringRuns(
    consumerQuality(endpoints.qualityMetricsUrl, champion.version, quality.labelled, 60_000),
  );
  const nextDay = dayTwo
    ? await step(`day 2: the scheduled DAGs for ${streamFrom} on Airflow (refresh, retrain)`, () =>
        whileScoringRuns(
          runDayTwo({
            day: streamFrom,
            raw: dirs.raw,
            clean: join(dirs.work, "clean"),
            features: join(dirs.work, "features"),
            models: dirs.models,
            work: dirs.work,
            airflowDir: dirs.airflow,
            mlflowUrl: mlflow.url,
            signingKeyFile: keys.signingKeyFile,
            scorers: {
              "scoring serve": `http://127.0.0.1:${ports.httpMetrics}`,
              "scoring stream": endpoints.streamMetricsUrl,
            },
            say: (line) => say(line),
          }),
        ),
      )
    : null;
  const scoresByClass = { fraud: [] as number[], legitimate: [] as number[] };
  for (const s of stream.scores.values()) {
    const label = stream.labels.get(s.transaction_id);
    if (label === 1) scoresByClass.fraud.push(s.score);
    else if (label === 0) scoresByClass.legitimate.push(s.score);
  }
  const report: DemoReport = {
    startedAt,
    options,
    timings,
    simulation: { transactions: simulation.transactions, frauds: simulation.frauds, days: options.days },
    model: {
      version: champion.version,
      threshold,
      manifest,
      reportPath: join(dirs.models, champion.version, "report.html"),
    },
    stream: {
      sent: stream.produce.acknowledged,
      producerRate: stream.produce.achievedRate,
      ackP50Ms: stream.produce.ackLatencyP50Ms,
      ackP99Ms: stream.produce.ackLatencyP99Ms,
      endToEndSeconds: stream.endToEndSeconds,
      scoredPerSecond: stream.scoredPerSecond,
      dlq: stream.dlq,
      duplicateScores: stream.duplicateScores,
      samples: stream.samples,
    },
    quality,
    consumerQuality: consumer,
    scoresByClass,
    http,
    alerts,
    dayTwo: nextDay,
  };
  const reportFile = join(out, "report.html");
  writeFileSync(reportFile, renderReport(report, await renderCharts(PYTHON, reportCharts(report))));
  writeFileSync(join(out, "report.json"), JSON.stringify({ ...report, scoresByClass: undefined }, null, 2));
  for (const line of summaryLines(report)) say(line);
  return { ...report, reportFile };
}
