import fc from "fast-check";
import { murmur2, partitionForKey } from "@antifraud/scoring/src/kafka-wire";
import { planPartitions } from "../../src/producer/wire/partition-plan";
import { kafkajsPartition } from "../helpers/kafkajs-partition";

describe("murmur2 partitioner", () => {
  it.each([
    // Java's Utils.murmur2 reference values.
    ["21", -973932308],
    ["foobar", -790332482],
    ["a-little-bit-long-string", -985981536],
    ["a-little-bit-longer-string", -1486304829],
    ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
    ["abc", 479470107],
  ])("murmur2(%j) = %d", (key, hash) => {
    expect(murmur2(key)).toBe(hash);
    expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it("puts customer ids and any other key where kafkajs's DefaultPartitioner puts them", () => {
    for (let customer = 0; customer < 5000; customer += 7) {
      expect(partitionForKey(String(customer), 6)).toBe(kafkajsPartition(String(customer), 6));
    }
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 300 }),
        fc.integer({ min: 1, max: 64 }),
        (key, n) => {
          expect(partitionForKey(key, n)).toBe(kafkajsPartition(key, n));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("partition plan", () => {
  it("lists every message once, grouped by partition, in send order within each", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 9 }),
        (keys, n) => {
          const messages = keys.map((key) => ({ key, value: "" }));
          const { order, starts } = planPartitions(messages, n);
          expect(starts[0]).toBe(0);
          expect(starts[n]).toBe(messages.length);
          for (let partition = 0; partition < n; partition++) {
            const expected = [...messages.keys()].filter((i) => partitionForKey(keys[i]!, n) === partition);
            expect([...order.subarray(starts[partition]!, starts[partition + 1]!)]).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
