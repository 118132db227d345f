import {
  decodeErrorCodeResponse,
  encodeAddOffsetsToTxnRequest,
} from "../../src/kafka-wire/add-offsets-to-txn";
import {
  decodeAddPartitionsToTxnResponse,
  encodeAddPartitionsToTxnRequest,
} from "../../src/kafka-wire/add-partitions-to-txn";
import {
  API_KEYS,
  checkUsedVersions,
  TRANSACTION_VERSIONS,
  type VersionRange,
} from "../../src/kafka-wire/api-versions";
import { BufferReader } from "../../src/kafka-wire/buffer-reader";
import { BufferWriter } from "../../src/kafka-wire/buffer-writer";
import { encodeEndTxnRequest } from "../../src/kafka-wire/end-txn";
import { kafkaErrorName } from "../../src/kafka-wire/error-codes";
import {
  COORDINATOR_TYPE,
  decodeFindCoordinatorResponse,
  encodeFindCoordinatorRequest,
} from "../../src/kafka-wire/find-coordinator";
import {
  decodeInitProducerIdResponse,
  encodeInitProducerIdRequest,
} from "../../src/kafka-wire/init-producer-id";
import {
  decodeProduceResponse,
  encodeTransactionalProduceRequest,
} from "../../src/kafka-wire/produce-request";
import {
  decodeTxnOffsetCommitResponse,
  encodeTxnOffsetCommitRequest,
} from "../../src/kafka-wire/txn-offset-commit";

/** Hex with spaces for readability: the bytes a request must be, field by field. */
const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");

function encoded(encode: (writer: BufferWriter) => void): Buffer {
  const writer = new BufferWriter(4);
  encode(writer);
  return writer.copyFrom(0);
}

function reader(write: (writer: BufferWriter) => void): BufferReader {
  return new BufferReader(encoded(write));
}

/** transactional_id "tx", producer_id 5, producer_epoch 2. */
const identity = { transactionalId: "tx", producerId: 5, producerEpoch: 2 };
const IDENTITY_BYTES = "0002 7478  0000000000000005  0002";

describe("transaction requests are byte-exact (v1, non-flexible)", () => {
  it.each<[string, (writer: BufferWriter) => void, string]>([
    [
      "FindCoordinator: key, key_type",
      (w) => encodeFindCoordinatorRequest(w, "tx", COORDINATOR_TYPE.transaction),
      "0002 7478  01",
    ],
    [
      "FindCoordinator for a group",
      (w) => encodeFindCoordinatorRequest(w, "g", COORDINATOR_TYPE.group),
      "0001 67  00",
    ],
    [
      "InitProducerId: transactional_id, transaction_timeout_ms",
      (w) => encodeInitProducerIdRequest(w, "tx", 30_000),
      "0002 7478  00007530",
    ],
    [
      "InitProducerId without a transactional id",
      (w) => encodeInitProducerIdRequest(w, null, 1),
      "ffff 00000001",
    ],
    [
      "AddPartitionsToTxn: identity, topics [name, [partition]]",
      (w) =>
        encodeAddPartitionsToTxnRequest(w, identity, [
          { topic: "s", partitions: [0, 2] },
          { topic: "d", partitions: [1] },
        ]),
      `${IDENTITY_BYTES}  00000002  0001 73 00000002 00000000 00000002  0001 64 00000001 00000001`,
    ],
    [
      "AddOffsetsToTxn: identity, group_id",
      (w) => encodeAddOffsetsToTxnRequest(w, identity, "g"),
      `${IDENTITY_BYTES}  0001 67`,
    ],
    ["EndTxn commit", (w) => encodeEndTxnRequest(w, identity, true), `${IDENTITY_BYTES}  01`],
    ["EndTxn abort", (w) => encodeEndTxnRequest(w, identity, false), `${IDENTITY_BYTES}  00`],
    [
      "TxnOffsetCommit: transactional_id, group_id, producer, topics [name, [partition, offset, metadata]]",
      (w) =>
        encodeTxnOffsetCommitRequest(w, identity, "g", [
          { topic: "t", partition: 1, offset: "9007199254740993" },
          { topic: "u", partition: 0, offset: "0" },
          { topic: "t", partition: 2, offset: "42" },
        ]),
      "0002 7478  0001 67  0000000000000005  0002  00000002" +
        "  0001 74 00000002  00000001 0020000000000001 ffff  00000002 000000000000002a ffff" +
        "  0001 75 00000001  00000000 0000000000000000 ffff",
    ],
    [
      "Produce v7 with a transactional id and two topics",
      (w) =>
        encodeTransactionalProduceRequest(
          w,
          "tx",
          -1,
          1000,
          [
            { topic: "s", partitions: [1] },
            { topic: "d", partitions: [0] },
          ],
          (out, topic, partition) => out.raw(Buffer.from(`${topic}${partition}`)),
        ),
      "0002 7478  ffff  000003e8  00000002" +
        "  0001 73 00000001 00000001 00000002 7331" +
        "  0001 64 00000001 00000000 00000002 6430",
    ],
  ])("%s", (_name, encode, expected) => {
    expect(encoded(encode).toString("hex")).toBe(hex(expected).toString("hex"));
  });
});

describe("transaction responses decode", () => {
  it("FindCoordinator: the coordinator's address, or the error", () => {
    const ok = reader((w) => {
      w.int32(0);
      w.int16(0);
      w.string(null);
      w.int32(3);
      w.string("broker-3");
      w.int32(9092);
    });
    expect(decodeFindCoordinatorResponse(ok)).toEqual({
      errorCode: 0,
      errorMessage: null,
      nodeId: 3,
      host: "broker-3",
      port: 9092,
    });
    const loading = reader((w) => {
      w.int32(10);
      w.int16(15);
      w.string("not yet");
      w.int32(-1);
      w.string("");
      w.int32(-1);
    });
    expect(decodeFindCoordinatorResponse(loading)).toMatchObject({ errorCode: 15, errorMessage: "not yet" });
  });

  it("InitProducerId: id and epoch", () => {
    const response = reader((w) => {
      w.int32(0);
      w.int16(0);
      w.int64(2 ** 40 + 7);
      w.int16(12);
    });
    expect(decodeInitProducerIdResponse(response)).toEqual({
      errorCode: 0,
      producerId: 2n ** 40n + 7n,
      producerEpoch: 12,
    });
  });

  it("AddPartitionsToTxn and TxnOffsetCommit: an error code per partition", () => {
    const write = (w: BufferWriter) => {
      w.int32(0);
      w.int32(2);
      w.string("s");
      w.int32(2);
      w.int32(0);
      w.int16(0);
      w.int32(2);
      w.int16(51);
      w.string("d");
      w.int32(1);
      w.int32(1);
      w.int16(55);
    };
    const expected = [
      { topic: "s", partition: 0, errorCode: 0 },
      { topic: "s", partition: 2, errorCode: 51 },
      { topic: "d", partition: 1, errorCode: 55 },
    ];
    expect(decodeAddPartitionsToTxnResponse(reader(write))).toEqual(expected);
    expect(decodeTxnOffsetCommitResponse(reader(write))).toEqual(expected);
  });

  it("AddOffsetsToTxn and EndTxn: one error code after the throttle time", () => {
    expect(decodeErrorCodeResponse(reader((w) => (w.int32(100), w.int16(90))))).toBe(90);
  });

  it("Produce v7 with several topics: one result per partition", () => {
    const response = reader((w) => {
      w.int32(2);
      for (const [topic, partition, code] of [
        ["s", 1, 0],
        ["d", 0, 47],
      ] as const) {
        w.string(topic);
        w.int32(1);
        w.int32(partition);
        w.int16(code);
        w.int64(10);
        w.int64(-1);
        w.int64(0);
      }
      w.int32(0);
    });
    expect(decodeProduceResponse(response)).toEqual([
      { topic: "s", partition: 1, errorCode: 0 },
      { topic: "d", partition: 0, errorCode: 47 },
    ]);
  });

  it("a truncated response fails instead of reading garbage", () => {
    expect(() => decodeInitProducerIdResponse(reader((w) => (w.int32(0), w.int16(0))))).toThrow(
      /response truncated/,
    );
  });
});

describe("transaction API versions and errors", () => {
  const kafka4: [number, VersionRange][] = [
    [API_KEYS.produce, { min: 3, max: 13 }],
    [API_KEYS.metadata, { min: 0, max: 13 }],
    [API_KEYS.findCoordinator, { min: 0, max: 6 }],
    [API_KEYS.initProducerId, { min: 0, max: 5 }],
    [API_KEYS.addPartitionsToTxn, { min: 0, max: 5 }],
    [API_KEYS.addOffsetsToTxn, { min: 0, max: 4 }],
    [API_KEYS.endTxn, { min: 0, max: 5 }],
    [API_KEYS.txnOffsetCommit, { min: 0, max: 6 }],
  ];

  it("the local Kafka 4 broker's ranges cover every version the transactional producer uses", () => {
    expect(() => checkUsedVersions("b:9092", new Map(kafka4), TRANSACTION_VERSIONS)).not.toThrow();
  });

  it("a broker without EndTxn v1 is refused up front, naming the API", () => {
    const ranges = new Map(kafka4);
    ranges.set(API_KEYS.endTxn, { min: 2, max: 5 });
    expect(() => checkUsedVersions("b:9092", ranges, TRANSACTION_VERSIONS)).toThrow(
      "broker b:9092 cannot serve EndTxn v1 (it offers v2-v5)",
    );
    ranges.delete(API_KEYS.txnOffsetCommit);
    ranges.set(API_KEYS.endTxn, { min: 0, max: 5 });
    expect(() => checkUsedVersions("b:9092", ranges, TRANSACTION_VERSIONS)).toThrow(
      "broker b:9092 cannot serve TxnOffsetCommit v1 (it does not offer it)",
    );
  });

  it.each([
    [14, "COORDINATOR_LOAD_IN_PROGRESS(14)"],
    [15, "COORDINATOR_NOT_AVAILABLE(15)"],
    [16, "NOT_COORDINATOR(16)"],
    [45, "OUT_OF_ORDER_SEQUENCE_NUMBER(45)"],
    [46, "DUPLICATE_SEQUENCE_NUMBER(46)"],
    [47, "INVALID_PRODUCER_EPOCH(47)"],
    [48, "INVALID_TXN_STATE(48)"],
    [49, "INVALID_PRODUCER_ID_MAPPING(49)"],
    [51, "CONCURRENT_TRANSACTIONS(51)"],
    [53, "TRANSACTIONAL_ID_AUTHORIZATION_FAILED(53)"],
    [90, "PRODUCER_FENCED(90)"],
    [9999, "KAFKA_ERROR(9999)"],
  ])("error %i is named %s", (code, name) => {
    expect(kafkaErrorName(code)).toBe(name);
  });
});
