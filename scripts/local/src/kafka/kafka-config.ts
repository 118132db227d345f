/** What a single-node KRaft broker (combined broker + controller) needs to know. */
export interface KafkaNodeConfig {
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  /** Default partitions of auto-created topics. */
  readonly numPartitions: number;
  /** Extra or overriding server.properties entries. */
  readonly overrides?: Readonly<Record<string, string | number | boolean>>;
}

export const KAFKA_NODE_ID = 1;

/**
 * server.properties for one node. Every internal topic gets replication factor 1 and min ISR 1, so
 * consumer groups and transactions work on a single node; internal topics get one partition because
 * creating the default 50 partitions would dominate test start-up.
 */
export function renderServerProperties(config: KafkaNodeConfig): string {
  const host = "127.0.0.1";
  const entries: Record<string, string | number | boolean> = {
    "process.roles": "broker,controller",
    "node.id": KAFKA_NODE_ID,
    "controller.quorum.voters": `${KAFKA_NODE_ID}@${host}:${config.controllerPort}`,
    listeners: `PLAINTEXT://${host}:${config.port},CONTROLLER://${host}:${config.controllerPort}`,
    "advertised.listeners": `PLAINTEXT://${host}:${config.port}`,
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "log.dirs": config.dataDir,
    "num.partitions": config.numPartitions,
    "default.replication.factor": 1,
    "min.insync.replicas": 1,
    "auto.create.topics.enable": true,
    "offsets.topic.replication.factor": 1,
    "offsets.topic.num.partitions": 1,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    "transaction.state.log.num.partitions": 1,
    "share.coordinator.state.topic.replication.factor": 1,
    "share.coordinator.state.topic.min.isr": 1,
    "group.initial.rebalance.delay.ms": 0,
    ...config.overrides,
  };
  return (
    Object.entries(entries)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join("\n") + "\n"
  );
}

/** log4j2 configuration: the broker logs to stdout, which the process manager sends to a file. */
export function renderLog4jProperties(level: "INFO" | "WARN" = "INFO"): string {
  return [
    `rootLogger.level=${level}`,
    "rootLogger.appenderRef.stdout.ref=STDOUT",
    "appender.stdout.type=Console",
    "appender.stdout.name=STDOUT",
    "appender.stdout.layout.type=PatternLayout",
    "appender.stdout.layout.pattern=[%d] %p %m (%c)%n",
    // The state-change and request loggers are noisy at INFO and tell nothing a test needs.
    "logger.statechange.name=state.change.logger",
    "logger.statechange.level=WARN",
    "logger.request.name=kafka.request.logger",
    "logger.request.level=WARN",
    "",
  ].join("\n");
}
