import {
  API_KEYS,
  USED_VERSIONS,
  checkUsedVersions,
  decodeApiVersions,
  type UsedVersion,
} from "./api-versions";
import { KafkaConnection, type TlsOptions } from "./connection";
import { kafkaErrorName, METADATA_RETRIABLE_CODES } from "./error-codes";
import { decodeMetadataResponse, encodeMetadataRequest, type BrokerAddress } from "./metadata";

export interface ClusterOptions {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly requestTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** How long `route` waits for a new topic's partitions to get leaders, ms. */
  readonly metadataWaitMs: number;
  readonly allowAutoTopicCreation: boolean;
  readonly connectionsPerBroker: number;
  /** API versions every broker must offer. Default USED_VERSIONS (Metadata and Produce). */
  readonly requiredVersions?: Readonly<Record<number, UsedVersion>>;
  /** TLS to every broker; absent means plain TCP. */
  readonly tls?: TlsOptions;
}

export interface TopicRoute {
  /** Leader node id per partition. */
  readonly leaders: Int32Array;
}

/** The brokers as the producer sees them: topic routes from metadata and one open connection per leader. */
export interface Cluster {
  /** The topic's partition leaders (cached; waits briefly while a new topic gets leaders). */
  route(topic: string): Promise<TopicRoute>;
  /** Drops the cached route, e.g. after a partition said it is not led there any more. */
  forget(topic: string): void;
  /** An open, version-checked connection to the broker `nodeId` (reopened if it failed). */
  leaderConnection(nodeId: number): Promise<KafkaConnection>;
  /** Like `leaderConnection`, for a broker named by a response (a coordinator), not by metadata. */
  brokerConnection(broker: BrokerAddress): Promise<KafkaConnection>;
  /** The connection to a bootstrap broker, for requests any broker answers (FindCoordinator). */
  anyConnection(): Promise<KafkaConnection>;
  /** Ends every connection after its requests in flight. */
  close(): Promise<void>;
}

function parseBroker(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  const port = Number(address.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Error(`broker address must be host:port, got "${address}"`);
  return { host: address.slice(0, colon), port };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connects to the first reachable bootstrap broker, checks it speaks the versions we use, and connects to
 * partition leaders on demand, only at the addresses the brokers' metadata advertises.
 */
export async function connectCluster(options: ClusterOptions): Promise<Cluster> {
  const { clientId, requestTimeoutMs, connectTimeoutMs, metadataWaitMs, allowAutoTopicCreation } = options;
  const connectionsPerBroker = options.connectionsPerBroker;
  const requiredVersions = options.requiredVersions ?? USED_VERSIONS;
  const bootstrap = options.brokers.map(parseBroker);
  if (bootstrap.length === 0) throw new Error("at least one bootstrap broker is required");

  const open = async (host: string, port: number): Promise<KafkaConnection> => {
    const connection = await KafkaConnection.open({
      host,
      port,
      clientId,
      requestTimeoutMs,
      connectTimeoutMs,
      tls: options.tls,
    });
    try {
      const ranges = await connection.request(API_KEYS.apiVersions, 0, () => {}, decodeApiVersions);
      checkUsedVersions(connection.address, ranges, requiredVersions);
    } catch (error) {
      await connection.close();
      throw error;
    }
    return connection;
  };

  const openBootstrap = async (): Promise<KafkaConnection> => {
    const failures: string[] = [];
    for (const { host, port } of bootstrap) {
      try {
        return await open(host, port);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    throw new Error(`no bootstrap broker reachable: ${failures.join("; ")}`);
  };
  /** The connection metadata requests use; reopened (once, however many sends ask) after it failed. */
  let metadataConnection: Promise<KafkaConnection | undefined> = Promise.resolve(undefined);
  const anyConnection = async (): Promise<KafkaConnection> => {
    const current = metadataConnection;
    const connection = await current.catch(() => undefined);
    if (connection !== undefined && connection.error === undefined) return connection;
    if (metadataConnection === current) {
      metadataConnection = openBootstrap();
      metadataConnection.catch(() => undefined);
    }
    return (await metadataConnection)!;
  };
  await anyConnection();

  const brokers = new Map<number, BrokerAddress>();
  const routes = new Map<string, Promise<TopicRoute>>();
  const connections = new Map<string, Promise<KafkaConnection>>();
  let nextSlot = 0;

  const fetchRoute = async (topic: string): Promise<TopicRoute> => {
    const deadline = Date.now() + metadataWaitMs;
    for (;;) {
      const connection = await anyConnection();
      const metadata = await connection.request(
        API_KEYS.metadata,
        USED_VERSIONS[API_KEYS.metadata].version,
        (writer) => encodeMetadataRequest(writer, [topic], allowAutoTopicCreation),
        decodeMetadataResponse,
      );
      for (const broker of metadata.brokers) brokers.set(broker.nodeId, broker);
      const found = metadata.topics.find((candidate) => candidate.name === topic);
      const errorCode = found?.errorCode ?? 3;
      const notReady =
        found === undefined ||
        found.partitions.length === 0 ||
        found.partitions.some((partition) => partition.leaderId < 0 || partition.errorCode !== 0);
      if (errorCode === 0 && !notReady) {
        const leaders = new Int32Array(found.partitions.length);
        for (const partition of found.partitions) leaders[partition.partition] = partition.leaderId;
        return { leaders };
      }
      if ((errorCode !== 0 && !METADATA_RETRIABLE_CODES.has(errorCode)) || Date.now() >= deadline) {
        throw new Error(
          `no usable metadata for topic ${topic}: ${errorCode !== 0 ? kafkaErrorName(errorCode) : "partitions without a leader"}`,
        );
      }
      await sleep(100);
    }
  };

  const route = (topic: string): Promise<TopicRoute> => {
    let cached = routes.get(topic);
    if (cached === undefined) {
      cached = fetchRoute(topic);
      cached.catch(() => routes.delete(topic));
      routes.set(topic, cached);
    }
    return cached;
  };

  const leaderConnection = async (nodeId: number): Promise<KafkaConnection> => {
    const key = `${nodeId}/${nextSlot++ % connectionsPerBroker}`;
    const existing = connections.get(key);
    if (existing !== undefined) {
      const connection = await existing;
      if (connection.error === undefined) return connection;
    }
    const broker = brokers.get(nodeId);
    if (broker === undefined) throw new Error(`metadata names leader ${nodeId} but no broker with that id`);
    const opening = open(broker.host, broker.port);
    connections.set(key, opening);
    opening.catch(() => connections.delete(key));
    return opening;
  };

  return {
    route,
    forget: (topic) => routes.delete(topic),
    leaderConnection,
    brokerConnection(broker) {
      brokers.set(broker.nodeId, broker);
      return leaderConnection(broker.nodeId);
    },
    anyConnection,
    async close() {
      const opened = await Promise.allSettled(connections.values());
      await Promise.all([
        metadataConnection.then(
          (connection) => connection?.close(),
          () => undefined,
        ),
        ...opened.map((result) => (result.status === "fulfilled" ? result.value.close() : undefined)),
      ]);
    },
  };
}
