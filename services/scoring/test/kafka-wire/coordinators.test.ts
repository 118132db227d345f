import { BufferReader } from "../../src/kafka-wire/buffer-reader";
import { BufferWriter } from "../../src/kafka-wire/buffer-writer";
import type { Cluster } from "../../src/kafka-wire/cluster";
import type { KafkaConnection } from "../../src/kafka-wire/connection";
import { Coordinators } from "../../src/kafka-wire/coordinators";
import { COORDINATOR_TYPE } from "../../src/kafka-wire/find-coordinator";
import type { BrokerAddress } from "../../src/kafka-wire/metadata";

/** A broker connection that answers FindCoordinator with the scripted error codes, then with node `nodeId`. */
function bootstrap(findErrors: number[], nodeId: number, log: string[]): KafkaConnection {
  return {
    error: undefined,
    request: async (
      _key: number,
      _version: number,
      _encode: unknown,
      decode: (r: BufferReader) => unknown,
    ) => {
      const code = findErrors.shift() ?? 0;
      log.push(`find:${code}`);
      const writer = new BufferWriter(8);
      writer.int32(0);
      writer.int16(code);
      writer.string(code === 0 ? null : "busy");
      writer.int32(code === 0 ? nodeId : -1);
      writer.string(code === 0 ? `broker-${nodeId}` : "");
      writer.int32(9092);
      return decode(new BufferReader(writer.copyFrom(0)));
    },
  } as unknown as KafkaConnection;
}

function cluster(findErrors: number[], log: string[], nodeIds = [1, 2, 3]): Cluster {
  return {
    anyConnection: async () => bootstrap(findErrors, nodeIds.shift() ?? 9, log),
    brokerConnection: async ({ nodeId, host }: BrokerAddress) => {
      log.push(`connect:${nodeId}:${host}`);
      return { error: undefined, nodeId } as unknown as KafkaConnection;
    },
  } as unknown as Cluster;
}

const retry = { deadlineMs: 2000, initialBackoffMs: 1, maxBackoffMs: 4 };

/** Runs a request whose answers are the scripted error codes, logging which coordinator each went to. */
function run(coordinators: Coordinators, answers: number[], log: string[]): Promise<number> {
  return coordinators.request(
    COORDINATOR_TYPE.transaction,
    "tx",
    "EndTxn(commit)",
    async (connection) => {
      const code = answers.shift() ?? 0;
      log.push(`send@${(connection as unknown as { nodeId: number }).nodeId}:${code}`);
      return code;
    },
    (code) => [code],
  );
}

describe("Coordinators", () => {
  it("waits out COORDINATOR_NOT_AVAILABLE on look-up and CONCURRENT_TRANSACTIONS on the request", async () => {
    const log: string[] = [];
    const coordinators = new Coordinators(cluster([15, 15], log), retry);
    await expect(run(coordinators, [51, 51, 0], log)).resolves.toBe(0);
    expect(log).toEqual([
      "find:15",
      "find:15",
      "find:0",
      "connect:3:broker-3",
      "send@3:51",
      "send@3:51",
      "send@3:0",
    ]);
  });

  it("looks the coordinator up again after NOT_COORDINATOR, and caches it otherwise", async () => {
    const log: string[] = [];
    const coordinators = new Coordinators(cluster([], log), retry);
    await run(coordinators, [16, 0], log);
    await run(coordinators, [0], log);
    expect(log).toEqual([
      "find:0",
      "connect:1:broker-1",
      "send@1:16",
      "find:0",
      "connect:2:broker-2",
      "send@2:0",
      "send@2:0",
    ]);
  });

  it("throws other errors at once, with their names", async () => {
    const log: string[] = [];
    const coordinators = new Coordinators(cluster([], log), retry);
    await expect(run(coordinators, [90], log)).rejects.toThrow("EndTxn(commit) failed: PRODUCER_FENCED(90)");
    expect(log.filter((entry) => entry.startsWith("send"))).toEqual(["send@1:90"]);
  });

  it("gives up on a retriable error once the deadline passes", async () => {
    const log: string[] = [];
    const coordinators = new Coordinators(cluster([], log), { ...retry, deadlineMs: 30 });
    await expect(run(coordinators, Array<number>(10_000).fill(51), log)).rejects.toThrow(
      "EndTxn(commit) failed: CONCURRENT_TRANSACTIONS(51)",
    );
    expect(log.length).toBeGreaterThan(3);
  });

  it("a look-up error that is not about the coordinator's availability fails the request", async () => {
    const log: string[] = [];
    const coordinators = new Coordinators(cluster([53], log), retry);
    await expect(run(coordinators, [], log)).rejects.toThrow(
      "no coordinator for tx: TRANSACTIONAL_ID_AUTHORIZATION_FAILED(53) (busy)",
    );
  });
});
