import { createWireSender } from "../../src/producer/wire";
import { partitionForKey } from "@antifraud/scoring/src/kafka-wire";
import { startFakeBroker, type FakeBroker } from "../helpers/fake-broker";

/** Keys 0..99: both partitions of a 2-partition topic get some. */
const messages = Array.from({ length: 100 }, (_, i) => ({ key: String(i), value: `v${i}` }));
const perPartition = [0, 1].map((p) => messages.filter((m) => partitionForKey(m.key, 2) === p).length);
const options = { retries: 2, retryBackoffMs: 1, compression: "none" } as const;

describe("wire sender resends and failures (protocol-level fake broker)", () => {
  let broker: FakeBroker | undefined;
  afterEach(async () => {
    await broker?.close();
    broker = undefined;
  });

  it("resends only the partition refused with NOT_LEADER_OR_FOLLOWER, after fresh metadata", async () => {
    broker = await startFakeBroker(2, (partition, attempt) => (partition === 1 && attempt === 1 ? 6 : 0));
    const sender = await createWireSender({ ...options, brokers: [broker.address] });
    await sender.send("t", messages);
    await sender.close();
    expect(broker.produceCalls.map((call) => [...call.batches])).toEqual([
      [
        [0, perPartition[0]],
        [1, perPartition[1]],
      ],
      [[1, perPartition[1]]],
    ]);
    expect(broker.metadataCalls).toBe(2);
  });

  it("never resends after an error that may have stored the batch", async () => {
    broker = await startFakeBroker(2, (partition) => (partition === 0 ? 20 : 0));
    const sender = await createWireSender({ ...options, brokers: [broker.address] });
    await expect(sender.send("t", messages)).rejects.toThrow(
      "produce to t failed: partition 0 NOT_ENOUGH_REPLICAS_AFTER_APPEND(20)",
    );
    await sender.close();
    expect(broker.produceCalls).toHaveLength(1);
  });

  it("gives up after the configured resends", async () => {
    broker = await startFakeBroker(2, (partition) => (partition === 1 ? 6 : 0));
    const sender = await createWireSender({ ...options, brokers: [broker.address] });
    await expect(sender.send("t", messages)).rejects.toThrow(
      "produce to t failed: partition 1 NOT_LEADER_OR_FOLLOWER(6)",
    );
    await sender.close();
    expect(broker.produceCalls.map((call) => [...call.batches.keys()])).toEqual([[0, 1], [1], [1]]);
  });

  it("rejects every send in flight when the broker drops the connection, and reconnects for the next", async () => {
    // The first request stays unanswered, the second closes the connection, later ones succeed.
    broker = await startFakeBroker(2, (_partition, attempt) =>
      attempt === 1 ? "hold" : attempt === 2 ? "drop" : 0,
    );
    const sender = await createWireSender({ ...options, brokers: [broker.address] });
    const inFlight = [sender.send("t", messages), sender.send("t", messages)];
    for (const send of inFlight) await expect(send).rejects.toThrow(/connection closed/);
    await sender.send("t", messages);
    await sender.close();
    expect(broker.produceCalls).toHaveLength(3);
  });
});
