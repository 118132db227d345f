import { connect } from "node:net";
import type { KafkaConnection } from "@antifraud/contracts";
import { withAdmin } from "./kafka-clients";

/** True when `host:port` accepts a TCP connection within `timeoutMs`. */
export function portAccepts(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * True once the broker authenticates the admin and answers a metadata request. The listener is
 * checked first with a plain TCP connect: while the broker starts, each poll would otherwise create
 * and destroy a librdkafka client whose connections are still failing (dozens per start), the churn
 * suspected of a native crash seen once in the test process.
 */
export async function kafkaAnswersMetadata(connection: KafkaConnection): Promise<boolean> {
  const [host, port] = splitBroker(connection.brokers[0] ?? "");
  if (!(await portAccepts(host, port))) return false;
  return withAdmin(connection, async (admin) => {
    await admin.listTopics({ timeout: 2000 });
    return true;
  });
}

function splitBroker(broker: string): [string, number] {
  const at = broker.lastIndexOf(":");
  const port = Number(broker.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port)) throw new Error(`broker address "${broker}" is not host:port`);
  return [broker.slice(0, at), port];
}
