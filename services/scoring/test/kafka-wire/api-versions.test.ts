import { BufferReader } from "../../src/kafka-wire/buffer-reader";
import { BufferWriter } from "../../src/kafka-wire/buffer-writer";
import { checkUsedVersions, decodeApiVersions, type VersionRange } from "../../src/kafka-wire/api-versions";

function apiVersionsResponse(errorCode: number, apis: [number, number, number][]): BufferReader {
  const writer = new BufferWriter(8);
  writer.int16(errorCode);
  writer.int32(apis.length);
  for (const [key, min, max] of apis) {
    writer.int16(key);
    writer.int16(min);
    writer.int16(max);
  }
  return new BufferReader(writer.copyFrom(0));
}

describe("ApiVersions", () => {
  it("decodes the ranges and accepts a Kafka 4 broker (Produce v3-v12, Metadata v4-v13)", () => {
    const ranges = decodeApiVersions(
      apiVersionsResponse(0, [
        [0, 3, 12],
        [3, 4, 13],
        [18, 0, 4],
      ]),
    );
    expect([...ranges]).toEqual([
      [0, { min: 3, max: 12 }],
      [3, { min: 4, max: 13 }],
      [18, { min: 0, max: 4 }],
    ]);
    expect(() => checkUsedVersions("b:9092", ranges)).not.toThrow();
  });

  it.each<[string, [number, VersionRange][], string]>([
    [
      "Produce too new",
      [
        [0, { min: 8, max: 12 }],
        [3, { min: 4, max: 13 }],
      ],
      "broker b:9092 cannot serve Produce v7 (it offers v8-v12)",
    ],
    [
      "Metadata too old",
      [
        [0, { min: 3, max: 12 }],
        [3, { min: 0, max: 3 }],
      ],
      "broker b:9092 cannot serve Metadata v4 (it offers v0-v3)",
    ],
    [
      "Metadata missing",
      [[0, { min: 3, max: 12 }]],
      "broker b:9092 cannot serve Metadata v4 (it does not offer it)",
    ],
  ])("fails fast when %s", (_name, ranges, message) => {
    expect(() => checkUsedVersions("b:9092", new Map(ranges))).toThrow(message);
  });

  it("names the error code of a failed ApiVersions response", () => {
    expect(() => decodeApiVersions(apiVersionsResponse(35, []))).toThrow(
      "ApiVersions failed: UNSUPPORTED_VERSION(35)",
    );
  });

  it("rejects a truncated response instead of reading garbage", () => {
    expect(() => decodeApiVersions(new BufferReader(Buffer.from([0, 0, 0, 0, 0, 1, 0])))).toThrow(
      /truncated/,
    );
  });
});
