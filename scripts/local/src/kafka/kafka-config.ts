/** What a single-node KRaft broker (combined broker + controller) needs to know. */
export interface KafkaNodeConfig {
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  /** Default partitions of auto-created topics. */
  readonly numPartitions: number;
  /** SASL_SSL with SCRAM-SHA-512 and ACLs (the default of startKafka), or plaintext without either. */
  readonly security?: BrokerSecurity;
  /** Extra or overriding server.properties entries. */
  readonly overrides?: Readonly<Record<string, string | number | boolean>>;
}

/** What the SASL_SSL listener needs: the server keystore and the internal principals' secrets. */
export interface BrokerSecurity {
  /** PKCS#12 keystore holding the server certificate (for 127.0.0.1) and its key. */
  readonly keystoreFile: string;
  readonly keystorePassword: string;
  /** CA (PEM) the broker verifies itself against on the inter-broker listener. */
  readonly caFile: string;
  /** SCRAM-SHA-512 super user the broker also uses to talk to itself (inter-broker listener). */
  readonly admin: { readonly username: string; readonly password: string };
  /** PLAIN secret of the controller listener (KRaft cannot read SCRAM users before its metadata). */
  readonly controllerPassword: string;
}

/** Listener, authentication and authorization entries: clients see only SASL_SSL, like Yandex's brokers. */
function securityEntries(host: string, config: KafkaNodeConfig): Record<string, string | boolean> {
  const s = config.security;
  if (s === undefined) {
    return {
      listeners: `PLAINTEXT://${host}:${config.port},CONTROLLER://${host}:${config.controllerPort}`,
      "advertised.listeners": `PLAINTEXT://${host}:${config.port}`,
      "inter.broker.listener.name": "PLAINTEXT",
      "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    };
  }
  const quote = (value: string) => JSON.stringify(value);
  return {
    listeners: `SASL_SSL://${host}:${config.port},CONTROLLER://${host}:${config.controllerPort}`,
    "advertised.listeners": `SASL_SSL://${host}:${config.port}`,
    "inter.broker.listener.name": "SASL_SSL",
    "listener.security.protocol.map": "SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT",
    "sasl.enabled.mechanisms": "SCRAM-SHA-512",
    "sasl.mechanism.inter.broker.protocol": "SCRAM-SHA-512",
    "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config": `org.apache.kafka.common.security.scram.ScramLoginModule required username=${quote(s.admin.username)} password=${quote(s.admin.password)};`,
    "listener.name.controller.sasl.enabled.mechanisms": "PLAIN",
    "sasl.mechanism.controller.protocol": "PLAIN",
    "listener.name.controller.plain.sasl.jaas.config": `org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password=${quote(s.controllerPassword)} user_controller=${quote(s.controllerPassword)};`,
    "ssl.keystore.type": "PKCS12",
    "ssl.keystore.location": s.keystoreFile,
    "ssl.keystore.password": s.keystorePassword,
    "ssl.truststore.type": "PEM",
    "ssl.truststore.location": s.caFile,
    "ssl.client.auth": "none",
    "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
    "super.users": `User:${s.admin.username};User:controller`,
    "allow.everyone.if.no.acl.found": false,
  };
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
    ...securityEntries(host, config),
    "controller.listener.names": "CONTROLLER",
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
    // As the Pulumi program configures the managed cluster: batches in another codec are recompressed.
    "compression.type": "zstd",
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
