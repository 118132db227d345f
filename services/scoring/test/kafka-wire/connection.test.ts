import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { KafkaConnection } from "../../src/kafka-wire/connection";

/** A TCP peer on 127.0.0.1 that hands every complete request frame to `onFrame`. */
async function peer(
  onFrame: (socket: Socket, frame: Buffer) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    let received = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      while (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) {
        const size = received.readInt32BE(0);
        onFrame(socket, received.subarray(4, 4 + size));
        received = received.subarray(4 + size);
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Response frame: size, correlation id, then an int32 payload. */
function response(correlationId: number, payload: number): Buffer {
  const frame = Buffer.alloc(12);
  frame.writeInt32BE(8, 0);
  frame.writeInt32BE(correlationId, 4);
  frame.writeInt32BE(payload, 8);
  return frame;
}

const open = (port: number, requestTimeoutMs = 5000) =>
  KafkaConnection.open({
    host: "127.0.0.1",
    port,
    clientId: "test-client",
    requestTimeoutMs,
    connectTimeoutMs: 2000,
  });

describe("KafkaConnection", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it("pipelines requests with header v1 and resolves each with its own response, however the bytes arrive", async () => {
    const frames: Buffer[] = [];
    const { server, port } = await peer((socket, frame) => {
      frames.push(Buffer.from(frame));
      if (frames.length < 3) return;
      // Answer all three at once, cut at awkward places.
      const bytes = Buffer.concat(frames.map((f, i) => response(f.readInt32BE(4), 100 + i)));
      socket.write(bytes.subarray(0, 3));
      setTimeout(() => socket.write(bytes.subarray(3, 17)), 5);
      setTimeout(() => socket.write(bytes.subarray(17)), 10);
    });
    servers.push(server);
    const connection = await open(port);
    const results = await Promise.all(
      [0, 1, 2].map((n) =>
        connection.request(
          3,
          4,
          (writer) => writer.int32(n),
          (reader) => reader.int32(),
        ),
      ),
    );
    expect(results).toEqual([100, 101, 102]);
    // api_key, api_version, correlation_id, client_id, body.
    expect(frames.map((frame) => [frame.readInt16BE(0), frame.readInt16BE(2), frame.readInt32BE(4)])).toEqual(
      [
        [3, 4, 0],
        [3, 4, 1],
        [3, 4, 2],
      ],
    );
    expect(frames[1]!.subarray(8, 21).toString("latin1")).toBe("\u0000\u000btest-client");
    expect(frames[1]!.readInt32BE(21)).toBe(1);
    expect(frames[1]!.length).toBe(25);
    await connection.close();
    expect(connection.error?.message).toMatch(/closed by the client/);
  });

  it("close waits for the requests in flight", async () => {
    const { server, port } = await peer((socket, frame) => {
      setTimeout(() => socket.write(response(frame.readInt32BE(4), 7)), 100);
    });
    servers.push(server);
    const connection = await open(port);
    const answered = connection.request(
      0,
      7,
      () => {},
      (reader) => reader.int32(),
    );
    await connection.close();
    await expect(answered).resolves.toBe(7);
    await expect(
      connection.request(
        0,
        7,
        () => {},
        (reader) => reader.int32(),
      ),
    ).rejects.toThrow(/closed/);
  });

  it("rejects every pending request when the broker goes away, and later ones at once", async () => {
    const { server, port } = await peer((socket) => socket.destroy());
    servers.push(server);
    const connection = await open(port);
    const pending = [1, 2].map(() =>
      connection.request(
        0,
        7,
        () => {},
        (reader) => reader.int32(),
      ),
    );
    for (const request of pending)
      await expect(request).rejects.toThrow(/127\.0\.0\.1:\d+: connection closed|ECONNRESET/);
    await expect(
      connection.request(
        0,
        7,
        () => {},
        (reader) => reader.int32(),
      ),
    ).rejects.toThrow();
  });

  it("a request not answered in time fails the connection and everything on it", async () => {
    const { server, port } = await peer(() => {});
    servers.push(server);
    const connection = await open(port, 150);
    const first = connection.request(
      0,
      7,
      () => {},
      (reader) => reader.int32(),
    );
    const second = connection.request(
      0,
      7,
      () => {},
      (reader) => reader.int32(),
    );
    await expect(first).rejects.toThrow(
      /request 0 \(api 0 v7\) to 127\.0\.0\.1:\d+ not answered within 150 ms/,
    );
    await expect(second).rejects.toThrow(/not answered within 150 ms/);
  });

  it("a response with the wrong correlation id fails the connection", async () => {
    const { server, port } = await peer((socket) => socket.write(response(99, 1)));
    servers.push(server);
    const connection = await open(port);
    await expect(
      connection.request(
        0,
        7,
        () => {},
        (reader) => reader.int32(),
      ),
    ).rejects.toThrow(/response 99 does not match request 0/);
    expect(connection.error).toBeDefined();
  });

  it("a connection refused rejects with the address", async () => {
    const { server, port } = await peer(() => {});
    await new Promise((resolve) => server.close(resolve));
    await expect(open(port)).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });
});
