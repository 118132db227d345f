import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createServer, type Server } from "node:tls";
import { KafkaConnection } from "../../src/kafka-wire/connection";
import { tmpDir } from "../helpers";

/** A self-signed certificate for 127.0.0.1 (EC key: generated in milliseconds). */
function selfSigned(): { key: string; cert: string } {
  const dir = tmpDir("wire-tls");
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key]);
  execFileSync("openssl", [
    ...["req", "-new", "-x509", "-key", key, "-out", cert, "-days", "1"],
    ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
  ]);
  return { key: fs.readFileSync(key, "utf8"), cert: fs.readFileSync(cert, "utf8") };
}

describe("KafkaConnection over TLS", () => {
  const { key, cert } = selfSigned();
  let server: Server;
  let port: number;

  beforeAll(async () => {
    // Answers each request frame with its correlation id and the int32 4242.
    server = createServer({ key, cert }, (socket) => {
      socket.on("data", (frame: Buffer) => {
        const reply = Buffer.alloc(12);
        reply.writeInt32BE(8, 0);
        reply.writeInt32BE(frame.readInt32BE(8), 4);
        reply.writeInt32BE(4242, 8);
        socket.write(reply);
      });
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const open = (ca?: string) =>
    KafkaConnection.open({
      host: "127.0.0.1",
      port,
      clientId: "tls-test",
      requestTimeoutMs: 2000,
      connectTimeoutMs: 2000,
      tls: ca === undefined ? {} : { ca },
    });

  it("speaks the framed protocol over TLS when the broker's certificate chains to the given CA", async () => {
    const connection = await open(cert);
    await expect(
      connection.request(
        18,
        0,
        () => {},
        (reader) => reader.int32(),
      ),
    ).resolves.toBe(4242);
    await connection.close();
  });

  it("refuses a broker whose certificate the CAs do not vouch for", async () => {
    await expect(open()).rejects.toThrow(/self-signed certificate/);
  });
});
