import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { BufferWriter } from "@antifraud/scoring/src/kafka-wire";

export interface ProduceCall {
  readonly topic: string;
  /** Partition -> records in its batch. */
  readonly batches: ReadonlyMap<number, number>;
}

export interface FakeBroker {
  readonly address: string;
  readonly produceCalls: ProduceCall[];
  readonly metadataCalls: number;
  close(): Promise<void>;
}

/**
 * A one-node broker on 127.0.0.1 that speaks just enough of the protocol (ApiVersions v0, Metadata v4,
 * Produce v7) for the wire sender, answering each Produce partition with `answer(partition, attempt)`:
 * an error code, "hold" to leave the request unanswered, or "drop" to close the connection.
 */
export async function startFakeBroker(
  partitions: number,
  answer: (partition: number, attempt: number) => number | "hold" | "drop",
): Promise<FakeBroker> {
  const produceCalls: ProduceCall[] = [];
  const attempts = new Map<number, number>();
  let metadataCalls = 0;
  let port = 0;

  const respond = (socket: Socket, correlationId: number, writeBody: (writer: BufferWriter) => void) => {
    const writer = new BufferWriter(64);
    writer.int32(0);
    writer.int32(correlationId);
    writeBody(writer);
    writer.buffer.writeInt32BE(writer.position - 4, 0);
    socket.write(writer.copyFrom(0));
  };

  const handle = (socket: Socket, frame: Buffer) => {
    const apiKey = frame.readInt16BE(0);
    const correlationId = frame.readInt32BE(4);
    let at = 10 + frame.readInt16BE(8); // after the client id
    const string = () => {
      const length = frame.readInt16BE(at);
      const value = frame.toString("utf8", at + 2, at + 2 + length);
      at += 2 + Math.max(length, 0);
      return value;
    };
    if (apiKey === 18) {
      respond(socket, correlationId, (w) => {
        w.int16(0);
        w.int32(3);
        for (const [key, min, max] of [
          [0, 3, 12],
          [3, 4, 13],
          [18, 0, 4],
        ] as const) {
          w.int16(key);
          w.int16(min);
          w.int16(max);
        }
      });
    } else if (apiKey === 3) {
      metadataCalls++;
      at += 4;
      const topic = string();
      respond(socket, correlationId, (w) => {
        w.int32(0);
        w.int32(1);
        w.int32(1);
        w.string("127.0.0.1");
        w.int32(port);
        w.string(null);
        w.string(null);
        w.int32(1);
        w.int32(1);
        w.int16(0);
        w.string(topic);
        w.bool(false);
        w.int32(partitions);
        for (let p = 0; p < partitions; p++) {
          w.int16(0);
          w.int32(p);
          w.int32(1);
          for (let list = 0; list < 2; list++) {
            w.int32(1);
            w.int32(1);
          }
        }
      });
    } else if (apiKey === 0) {
      at += 2 + 2 + 4 + 4; // transactional_id null, acks, timeout, one topic
      const topic = string();
      const count = frame.readInt32BE(at);
      at += 4;
      const batches = new Map<number, number>();
      for (let i = 0; i < count; i++) {
        const partition = frame.readInt32BE(at);
        const length = frame.readInt32BE(at + 4);
        batches.set(partition, frame.readInt32BE(at + 8 + 57));
        at += 8 + length;
      }
      produceCalls.push({ topic, batches });
      const codes = [...batches.keys()].map((partition) => {
        const attempt = (attempts.get(partition) ?? 0) + 1;
        attempts.set(partition, attempt);
        return [partition, answer(partition, attempt)] as const;
      });
      if (codes.some(([, code]) => code === "drop")) {
        socket.destroy();
        return;
      }
      if (codes.some(([, code]) => code === "hold")) return;
      respond(socket, correlationId, (w) => {
        w.int32(1);
        w.string(topic);
        w.int32(codes.length);
        for (const [partition, code] of codes) {
          w.int32(partition);
          w.int16(code as number);
          w.int64(0);
          w.int64(-1);
          w.int64(0);
        }
        w.int32(0);
      });
    }
  };

  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let received = Buffer.alloc(0);
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      while (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) {
        const size = received.readInt32BE(0);
        handle(socket, received.subarray(4, 4 + size));
        received = received.subarray(4 + size);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    produceCalls,
    get metadataCalls() {
      return metadataCalls;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
