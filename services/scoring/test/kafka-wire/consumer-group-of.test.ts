import { consumerGroupOf } from "../../src/kafka-wire/transactional-producer";

const at = (groupId: string, partition: number) => ({ groupId, topic: "t", partition, nextOffset: "1" });

test("one transaction commits positions of one group, each partition once", () => {
  expect(consumerGroupOf([at("g", 0), at("g", 1), { ...at("g", 0), topic: "u" }])).toBe("g");
  expect(() => consumerGroupOf([])).toThrow("a transaction commits at least one consumed position");
  expect(() => consumerGroupOf([at("g", 0), at("h", 1)])).toThrow(
    "one transaction commits one consumer group's offsets: g, h",
  );
  expect(() => consumerGroupOf([at("g", 2), at("g", 2)])).toThrow("position of t:2 given twice");
});
