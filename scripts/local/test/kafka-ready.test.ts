import { createServer, type Server } from "node:net";
import { kafkaAnswersMetadata, portAccepts } from "../src/kafka/kafka-ready";
import { freePort, LOCALHOST } from "../src/process/free-port";

let server: Server;
let listening: number;

beforeAll(async () => {
  server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, LOCALHOST, resolve));
  listening = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("portAccepts: true for a listening port, false for a closed one", async () => {
  expect(await portAccepts(LOCALHOST, listening)).toBe(true);
  expect(await portAccepts(LOCALHOST, await freePort())).toBe(false);
});

test("kafkaAnswersMetadata is false, without a Kafka client, while nothing listens", async () => {
  const port = await freePort();
  const connection = { brokers: [`${LOCALHOST}:${port}`], security: { protocol: "plaintext" as const } };
  expect(await kafkaAnswersMetadata(connection)).toBe(false);
});

test("kafkaAnswersMetadata names a broker address that is not host:port", async () => {
  const connection = { brokers: ["localhost"], security: { protocol: "plaintext" as const } };
  await expect(kafkaAnswersMetadata(connection)).rejects.toThrow(
    'broker address "localhost" is not host:port',
  );
});
