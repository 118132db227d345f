import type { BufferReader } from "./buffer-reader";
import { kafkaErrorName } from "./error-codes";

export const API_KEYS = {
  produce: 0,
  metadata: 3,
  findCoordinator: 10,
  apiVersions: 18,
  initProducerId: 22,
  addPartitionsToTxn: 24,
  addOffsetsToTxn: 25,
  endTxn: 26,
  txnOffsetCommit: 28,
} as const;

export interface UsedVersion {
  readonly name: string;
  readonly version: number;
}

/** The versions this client speaks (Kafka 4 removed Produce v0-2 and Metadata v0-3, KIP-896). */
export const USED_VERSIONS = {
  [API_KEYS.produce]: { name: "Produce", version: 7 },
  [API_KEYS.metadata]: { name: "Metadata", version: 4 },
} as const;

/** What the transactional producer needs on top of USED_VERSIONS (non-flexible versions, KIP-482 aside). */
export const TRANSACTION_VERSIONS = {
  ...USED_VERSIONS,
  [API_KEYS.findCoordinator]: { name: "FindCoordinator", version: 1 },
  [API_KEYS.initProducerId]: { name: "InitProducerId", version: 1 },
  [API_KEYS.addPartitionsToTxn]: { name: "AddPartitionsToTxn", version: 1 },
  [API_KEYS.addOffsetsToTxn]: { name: "AddOffsetsToTxn", version: 1 },
  [API_KEYS.endTxn]: { name: "EndTxn", version: 1 },
  [API_KEYS.txnOffsetCommit]: { name: "TxnOffsetCommit", version: 1 },
} as const;

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/** ApiVersions v0 response: error_code, [api_key, min_version, max_version]. The request body is empty. */
export function decodeApiVersions(reader: BufferReader): Map<number, VersionRange> {
  const errorCode = reader.int16();
  if (errorCode !== 0) throw new Error(`ApiVersions failed: ${kafkaErrorName(errorCode)}`);
  const ranges = new Map<number, VersionRange>();
  for (const { key, min, max } of reader.array((item) => ({
    key: item.int16(),
    min: item.int16(),
    max: item.int16(),
  }))) {
    ranges.set(key, { min, max });
  }
  return ranges;
}

/** Fails with the API, the version we need and what the broker offers when a used version is out of range. */
export function checkUsedVersions(
  broker: string,
  ranges: ReadonlyMap<number, VersionRange>,
  used: Readonly<Record<number, UsedVersion>> = USED_VERSIONS,
): void {
  for (const [key, { name, version }] of Object.entries(used)) {
    const range = ranges.get(Number(key));
    if (range === undefined || version < range.min || version > range.max) {
      const offered = range === undefined ? "does not offer it" : `offers v${range.min}-v${range.max}`;
      throw new Error(`broker ${broker} cannot serve ${name} v${version} (it ${offered})`);
    }
  }
}
