import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, LOCALHOST } from "../process/free-port";
import { startManagedProcess, type ManagedProcess } from "../process/managed-process";
import { waitUntil } from "../process/wait-until";
import { renderLog4jProperties, renderServerProperties } from "./kafka-config";
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
  /** Extra server.properties entries. */
  readonly overrides?: Readonly<Record<string, string | number | boolean>>;
  /** See ManagedProcessOptions.ownerPid. Default: this process. */
  readonly ownerPid?: number | null;
  /** Default 60 s. */
  readonly readyTimeoutMs?: number;
}

export interface KafkaHandle {
  /** `127.0.0.1:<port>`, for kafkajs `brokers: [bootstrapServers]`. */
  readonly bootstrapServers: string;
  readonly port: number;
  readonly controllerPort: number;
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
  const bootstrapServers = `${LOCALHOST}:${port}`;
  const classpath = kafkaClasspath();
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    propertiesFile,
    renderServerProperties({
      port,
      controllerPort,
      dataDir,
      numPartitions: options.numPartitions ?? 3,
      ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
    }),
  );
  writeFileSync(log4jFile, renderLog4jProperties());

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
      await waitUntil(`kafka on ${bootstrapServers}`, () => kafkaAnswersMetadata(bootstrapServers), {
        timeoutMs: options.readyTimeoutMs ?? 60_000,
        intervalMs: 150,
        abort: () => (broker.hasExited() ? `broker exited; log tail:\n${broker.logTail()}` : undefined),
      });
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
