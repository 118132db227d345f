/**
 * `npm run local:up [-- --kafka-port N --redis-port N --prometheus-port N]`: starts Kafka, Redis and
 * Prometheus in the background under .local/ (they outlive this command), records them in
 * .local/services.json and prints how to reach them. Kafka speaks SASL_SSL with per-role SCRAM users
 * (credentials in .local/kafka/security.json), Redis TLS with a password. `npm run local:down` stops them.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startKafka } from "../kafka/start-kafka";
import { localStateDir } from "../paths";
import { freePort } from "../process/free-port";
import { startPrometheus } from "../prometheus/start-prometheus";
import { startRedis } from "../redis/start-redis";
import { TEST_KAFKA_BROKERS_ENV, TEST_KAFKA_SECURITY_ENV, TEST_REDIS_URL_ENV } from "../testing/test-env";
import { readLocalState, writeLocalState, type LocalServiceRecord } from "./local-state";

function optionalPort(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`--${flag} must be a port, got ${value}`);
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "kafka-port": { type: "string" },
      "redis-port": { type: "string" },
      "prometheus-port": { type: "string" },
    },
  });
  if (readLocalState() !== undefined) {
    throw new Error(
      "local services are already recorded in .local/services.json: run `npm run local:down` first",
    );
  }
  const root = localStateDir();
  const dirs = {
    kafka: join(root, "kafka"),
    redis: join(root, "redis"),
    prometheus: join(root, "prometheus"),
  };
  Object.values(dirs).forEach((dir) => mkdirSync(dir, { recursive: true }));
  const kafkaPort = optionalPort(values["kafka-port"], "kafka-port");
  const redisPort = optionalPort(values["redis-port"], "redis-port");
  const prometheusPort = optionalPort(values["prometheus-port"], "prometheus-port") ?? (await freePort());

  const kafka = await startKafka({
    dir: dirs.kafka,
    ownerPid: null,
    ...(kafkaPort ? { port: kafkaPort } : {}),
  });
  const redis = await startRedis({
    dir: dirs.redis,
    ownerPid: null,
    ...(redisPort ? { port: redisPort } : {}),
  });
  const prometheus = await startPrometheus({
    dir: dirs.prometheus,
    ownerPid: null,
    port: prometheusPort,
    // Scrapes itself so the UI has data; point more targets at it with the lifecycle reload API.
    scrapeTargets: [{ jobName: "prometheus", targets: [`127.0.0.1:${prometheusPort}`] }],
    ruleFiles: [],
  });
  const services: LocalServiceRecord[] = [
    {
      name: "kafka",
      pid: kafka.pid(),
      port: kafka.port,
      address: kafka.bootstrapServers,
      dir: kafka.dir,
      logFile: kafka.logFile,
    },
    {
      name: "redis",
      pid: redis.pid(),
      port: redis.port,
      address: `rediss://127.0.0.1:${redis.port}`,
      dir: redis.dir,
      logFile: redis.logFile,
    },
    {
      name: "prometheus",
      pid: prometheus.pid,
      port: prometheus.port,
      address: prometheus.url,
      dir: prometheus.dir,
      logFile: prometheus.logFile,
    },
  ];
  const file = writeLocalState({ startedAt: new Date().toISOString(), services });
  for (const service of services) {
    console.log(
      `${service.name.padEnd(10)} ${service.address.padEnd(28)} pid ${service.pid}  log ${service.logFile}`,
    );
  }
  console.log(`kafka ready in ${(kafka.startupMs / 1000).toFixed(1)} s; state in ${file}`);
  console.log(
    `kafka: SASL_SSL, SCRAM users and CA in ${join(kafka.dir, "security.json")}; redis: TLS, CA ${redis.caFile}`,
  );
  console.log(
    `reuse from tests: export ${TEST_KAFKA_BROKERS_ENV}=${kafka.bootstrapServers} ${TEST_KAFKA_SECURITY_ENV}=${join(kafka.dir, "security.json")} ${TEST_REDIS_URL_ENV}='${redis.url}'`,
  );
}

main().catch((error: unknown) => {
  console.error(`local:up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
