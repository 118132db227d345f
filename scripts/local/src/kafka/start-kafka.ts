import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, LOCALHOST } from "../process/free-port";
import { startManagedProcess, type ManagedProcess } from "../process/managed-process";
import { waitUntil } from "../process/wait-until";
import type { KafkaConnection } from "@antifraud/contracts";
import { localTls } from "../tls/local-tls";
import { createAccess, type KafkaSecurity } from "./kafka-access";
import { renderLog4jProperties, renderServerProperties, type BrokerSecurity } from "./kafka-config";
import { kafkaAnswersMetadata } from "./kafka-ready";
import { ensureFormatted, javaCommand, kafkaClasspath } from "./kafka-storage";

export interface StartKafkaOptions {
  /** Client port; default: a free port. */
  readonly port?: number;
  /** Controller (KRaft quorum) port; default: a free port. */
  readonly controllerPort?: number;
  /** Working folder (data + logs + config); default: a new temporary folder, deleted by stop(). */
  readonly dir?: string;
  /** Default partitions of auto-created topics. Default 3. */
  readonly numPartitions?: number;
  /** JVM heap in MiB. Default 512. */
  readonly heapMb?: number;
  /**
   * `sasl_ssl` (default): the production protocol, as Yandex Managed Kafka speaks it: TLS with the
   * bootstrap's certificate, SCRAM-SHA-512 users per role and ACLs. `plaintext`: neither, explicitly.
   */
  readonly protocol?: "sasl_ssl" | "plaintext";
  /** Extra server.properties entries. */
  readonly overrides?: Readonly<Record<string, string | number | boolean>>;
  /** See ManagedProcessOptions.ownerPid. Default: this process. */
  readonly ownerPid?: number | null;
  /** Default 60 s. */
  readonly readyTimeoutMs?: number;
}

export interface KafkaHandle {
  /** `127.0.0.1:<port>`, librdkafka's `bootstrap.servers`. */
  readonly bootstrapServers: string;
  readonly port: number;
  readonly controllerPort: number;
  /** CA and SCRAM users for SASL_SSL (also in `<dir>/security.json`); undefined for plaintext. */
  readonly security: KafkaSecurity | undefined;
  readonly dir: string;
  readonly logFile: string;
  /** Pid of the watchdog that owns the broker (its process group). */
  pid(): number;
  /** Milliseconds from spawn (including storage preparation) to the first answered metadata request. */
  readonly startupMs: number;
  /** Stops the broker gracefully (SIGTERM, then SIGKILL after the grace period). */
  stop(): Promise<void>;
  /** Stops and starts the broker again on the same ports and data; resolves when it is ready. */
  restart(): Promise<{ startupMs: number }>;
}

export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaHandle> {
  const port = options.port ?? (await freePort());
  const controllerPort = options.controllerPort ?? (await freePort());
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "antifraud-kafka-"));
  const dataDir = join(dir, "data");
  const logFile = join(dir, "broker.log");
  const propertiesFile = join(dir, "server.properties");
  const log4jFile = join(dir, "log4j2.properties");
  const securityFile = join(dir, "security.json");
  const bootstrapServers = `${LOCALHOST}:${port}`;
  const classpath = kafkaClasspath();
  const secure = (options.protocol ?? "sasl_ssl") === "sasl_ssl";
  const tls = secure ? localTls() : undefined;
  mkdirSync(dir, { recursive: true });
  const admin = ensureFormatted(dataDir);
  // The controller listener's secret only lives in this broker's server.properties.
  const brokerSecurity: BrokerSecurity | undefined = tls && {
    keystoreFile: tls.keystoreFile,
    keystorePassword: tls.keystorePassword,
    caFile: tls.caFile,
    admin,
    controllerPassword: randomBytes(18).toString("base64url"),
  };
  writeFileSync(
    propertiesFile,
    renderServerProperties({
      port,
      controllerPort,
      dataDir,
      numPartitions: options.numPartitions ?? 3,
      ...(brokerSecurity === undefined ? {} : { security: brokerSecurity }),
      ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
    }),
    { mode: 0o600 },
  );
  writeFileSync(log4jFile, renderLog4jProperties());
  let security: KafkaSecurity | undefined =
    secure && existsSync(securityFile)
      ? (JSON.parse(readFileSync(securityFile, "utf8")) as KafkaSecurity)
      : undefined;
  const adminConnection: KafkaConnection = {
    brokers: [bootstrapServers],
    security: tls
      ? { protocol: "sasl_ssl", caFile: tls.caFile, mechanism: "scram-sha-512", ...admin }
      : { protocol: "plaintext" },
  };

  const launch = async (): Promise<{ process: ManagedProcess; startupMs: number }> => {
    const started = Date.now();
    ensureFormatted(dataDir);
    const heap = `${options.heapMb ?? 512}m`;
    const broker = startManagedProcess({
      name: "kafka",
      command: javaCommand(),
      args: [
        `-Xmx${heap}`,
        "-Xms128m",
        "-XX:+UseG1GC",
        "-Djava.awt.headless=true",
        `-Dlog4j2.configurationFile=${log4jFile}`,
        "-cp",
        classpath,
        "kafka.Kafka",
        propertiesFile,
      ],
      logFile,
      ...(options.ownerPid === undefined ? {} : { ownerPid: options.ownerPid }),
    });
    try {
      await waitUntil(`kafka on ${bootstrapServers}`, () => kafkaAnswersMetadata(adminConnection), {
        timeoutMs: options.readyTimeoutMs ?? 60_000,
        intervalMs: 150,
        abort: () => (broker.hasExited() ? `broker exited; log tail:\n${broker.logTail()}` : undefined),
      });
      // Users and ACLs live in the cluster metadata: made once, kept across restarts.
      if (tls && security === undefined) {
        security = {
          protocol: "sasl_ssl",
          mechanism: "scram-sha-512",
          caFile: tls.caFile,
          users: createAccess(bootstrapServers, tls.caFile, admin),
        };
        writeFileSync(securityFile, JSON.stringify(security, null, 2), { mode: 0o600 });
      }
    } catch (error) {
      await broker.stop();
      throw error;
    }
    return { process: broker, startupMs: Date.now() - started };
  };

  let current = await launch();
  return {
    bootstrapServers,
    port,
    controllerPort,
    security,
    dir,
    logFile,
    pid: () => current.process.pid,
    startupMs: current.startupMs,
    async stop() {
      await current.process.stop();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await current.process.stop();
      current = await launch();
      return { startupMs: current.startupMs };
    },
  };
}
