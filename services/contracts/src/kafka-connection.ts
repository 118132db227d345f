/**
 * How every client of the platform connects to Kafka. Yandex Managed Kafka accepts only SASL_SSL
 * (SCRAM-SHA-512 on port 9091, server certificates signed by Yandex's CA), and so does the local
 * broker; plaintext exists only as an explicit option for a local broker started that way.
 */
export type KafkaSecurity =
  | {
      readonly protocol: "sasl_ssl";
      /** PEM file of the CA that signed the brokers' certificates; always verified. */
      readonly caFile: string;
      readonly mechanism: "scram-sha-512" | "scram-sha-256";
      readonly username: string;
      readonly password: string;
    }
  | { readonly protocol: "plaintext" };

export interface KafkaConnection {
  /** `host:port` bootstrap servers. */
  readonly brokers: readonly string[];
  readonly security: KafkaSecurity;
}

/**
 * The librdkafka properties of a connection (shared by every client: worker, simulator, demo,
 * tests). The server certificate and host name are always verified against `caFile`.
 */
export function librdkafkaConnectionConfig(connection: KafkaConnection): Record<string, string | boolean> {
  const { security } = connection;
  const base = { "bootstrap.servers": connection.brokers.join(",") };
  if (security.protocol === "plaintext") return { ...base, "security.protocol": "plaintext" };
  return {
    ...base,
    "security.protocol": "sasl_ssl",
    "ssl.ca.location": security.caFile,
    "enable.ssl.certificate.verification": true,
    "ssl.endpoint.identification.algorithm": "https",
    "sasl.mechanisms": security.mechanism.toUpperCase(),
    "sasl.username": security.username,
    "sasl.password": security.password,
  };
}
