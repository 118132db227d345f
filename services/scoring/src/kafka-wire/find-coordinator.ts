import type { BufferReader } from "./buffer-reader";
import type { BufferWriter } from "./buffer-writer";

export const COORDINATOR_TYPE = { group: 0, transaction: 1 } as const;

export interface FindCoordinatorResponse {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

/** FindCoordinator v1 request: key, key_type (0 group, 1 transaction). */
export function encodeFindCoordinatorRequest(writer: BufferWriter, key: string, keyType: number): void {
  writer.string(key);
  writer.int8(keyType);
}

/** FindCoordinator v1 response: throttle_time_ms, error_code, error_message, node_id, host, port. */
export function decodeFindCoordinatorResponse(reader: BufferReader): FindCoordinatorResponse {
  reader.int32(); // throttle_time_ms
  return {
    errorCode: reader.int16(),
    errorMessage: reader.nullableString(),
    nodeId: reader.int32(),
    host: reader.string(),
    port: reader.int32(),
  };
}
