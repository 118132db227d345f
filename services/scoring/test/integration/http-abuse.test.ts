/**
 * Abuse of the running `serve` command (a child process, as deployed, over TCP): bodies built to
 * cost time or memory, slow clients, hostile JSON, wrong media types and tokens. Bounds are asserted
 * on sizes and on the server's memory (/proc VmHWM); elapsed times are printed, or held to bounds
 * far above what the work needs, so a busy machine cannot make the suite flaky.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { freePort } from "@antifraud/local";
import { peakRssMiB } from "../../bench/process-cpu";
import { writeFixtureBundle, writeFixtureSnapshot } from "../support/bundle-fixture";
import { testKeyPair } from "../support/signing-keys";
import { bearer, sampleTx, spec, tmpDir } from "../helpers";
import { ensureRedis, uniquePrefix } from "./services";

const MAIN = path.resolve(__dirname, "../../src/main.ts");
const FOUR_MIB = 4 << 20;
const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;

let redis: Awaited<ReturnType<typeof ensureRedis>>;
let server: ChildProcess;
let api: string;
let ports: { http: number; metrics: number; health: number };
const dirs: string[] = [];

const rssMiB = (pid: number) => {
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kib) / 1024;
};

beforeAll(async () => {
  redis = await ensureRedis();
  const models = tmpDir("abuse-models");
  const features = tmpDir("abuse-features");
  dirs.push(models, features);
  writeFixtureBundle(models, { version: "v1", spec });
  writeFixtureSnapshot(features, "2019-09-20", [], { specVersion: spec.version });
  ports = { http: await freePort(), metrics: await freePort(), health: await freePort() };
  server = spawn(process.execPath, ["--import", "tsx", MAIN, "serve"], {
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      MODELS_ROOT: models,
      FEATURES_ROOT: features,
      REDIS_URL: redis.url,
      REDIS_TLS_CA_PATH: redis.caFile,
      REDIS_KEY_PREFIX: uniquePrefix("abuse"),
      HTTP_PORT: String(ports.http),
      METRICS_PORT: String(ports.metrics),
      HEALTH_PORT: String(ports.health),
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      MODEL_SIGNING_PUBLIC_KEYS: testKeyPair("model-signing").publicKeyPem,
      AUTH_TOKEN_PUBLIC_KEYS: testKeyPair("token-issuer").publicKeyPem,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  api = `http://127.0.0.1:${ports.http}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${ports.health}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error("serve did not become ready");
    await new Promise((r) => setTimeout(r, 100));
  }
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  await redis?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Sum of the server's own request durations (reply.elapsedTime) for the batch route's 400s, seconds. */
async function serverSeconds400(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).text();
  const line = text
    .split("\n")
    .find((l) =>
      l.startsWith('antifraud_http_request_duration_seconds_sum{route="/v1/score/batch",status="400"}'),
    );
  return line ? Number(line.split(" ").pop()) : 0;
}

async function send(
  route: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; ms: number; headers: Headers }> {
  const started = performance.now();
  const res = await fetch(`${api}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: bearer(), ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started, headers: res.headers };
}

describe("serve under abuse", () => {
  test("a 4 MiB batch of tiny invalid items: 400 at once, a small answer, no memory growth", async () => {
    const item = "{}";
    const count = Math.floor((FOUR_MIB - 32) / (item.length + 1));
    const body = `{"transactions":[${Array(count).fill(item).join(",")}]}`;
    expect(body.length).toBeGreaterThan(FOUR_MIB - 64);
    expect(body.length).toBeLessThanOrEqual(FOUR_MIB);
    const rssBefore = rssMiB(server.pid!);
    const serverBefore = await serverSeconds400();
    const res = await send("/v1/score/batch", body);
    const serverMs = ((await serverSeconds400()) - serverBefore) * 1000;
    console.log(
      `4 MiB batch of ${count.toLocaleString()} invalid items: ${res.status} in ${res.ms.toFixed(1)} ms at the client, ` +
        `${serverMs.toFixed(1)} ms in the server (from its headers to its answer), ${res.text.length} bytes`,
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatchObject({ code: "BATCH_TOO_LARGE", retriable: false });
    expect(res.text.length).toBeLessThan(512);
    // Reading 4 MiB is the only work: the body is refused before JSON.parse builds 1.4 M objects.
    expect(rssMiB(server.pid!) - rssBefore).toBeLessThan(64);
    expect(res.ms).toBeLessThan(5000);
  });

  test("a 4 MiB batch of the maximum 1000 invalid items: every one counted, 20 problems reported", async () => {
    const junk = "x".repeat(1900);
    const items = Array.from({ length: 1000 }, () => JSON.stringify({ transaction_id: junk, note: junk }));
    const body = `{"transactions":[${items.join(",")}]}`;
    expect(body.length).toBeLessThanOrEqual(FOUR_MIB);
    const peakBefore = peakRssMiB(server.pid!)!;
    const serverBefore = await serverSeconds400();
    const res = await send("/v1/score/batch", body);
    const serverMs = ((await serverSeconds400()) - serverBefore) * 1000;
    console.log(
      `4 MiB batch of 1,000 invalid items: ${res.status} in ${res.ms.toFixed(1)} ms at the client, ` +
        `${serverMs.toFixed(1)} ms in the server, ${res.text.length} bytes`,
    );
    expect(res.status).toBe(400);
    const error = JSON.parse(res.text).error;
    expect(error.code).toBe("INVALID_TRANSACTION");
    expect(error.details.invalid_items).toBe(1000);
    expect(error.details.problems).toHaveLength(20);
    expect(error.details.truncated).toBe(true);
    // No caller text is echoed in full: the answer stays a few KiB for 4 MiB of input.
    expect(res.text).not.toContain(junk);
    expect(res.text.length).toBeLessThan(8192);
    expect(peakRssMiB(server.pid!)! - peakBefore).toBeLessThan(128);
  });

  test.each([
    [
      "1e400 amount",
      "/v1/score",
      `{"transaction_id":1,"tx_datetime":"2019-09-21 13:45:00","customer_id":42,"terminal_id":7,"tx_amount":1e400}`,
      400,
      "INVALID_TRANSACTION",
      "bad_amount",
    ],
    [
      "unsafe integer id",
      "/v1/score",
      `{"transaction_id":1,"tx_datetime":"2019-09-21 13:45:00","customer_id":9007199254740993,"terminal_id":7,"tx_amount":5}`,
      400,
      "INVALID_TRANSACTION",
      "bad_customer_id",
    ],
    [
      "__proto__ key",
      "/v1/score",
      `{"__proto__":{"admin":true},"transaction_id":1}`,
      400,
      "INVALID_JSON",
      undefined,
    ],
    [
      "constructor.prototype",
      "/v1/score",
      `{"constructor":{"prototype":{"admin":true}}}`,
      400,
      "INVALID_JSON",
      undefined,
    ],
    [
      "deep nesting (2 MiB)",
      "/v1/score/batch",
      `${"[".repeat(1 << 20)}${"]".repeat(1 << 20)}`,
      400,
      "BODY_TOO_COMPLEX",
      undefined,
    ],
    [
      "deep nesting (small)",
      "/v1/score",
      `{"a":${"[".repeat(100)}${"]".repeat(100)}}`,
      400,
      "BODY_TOO_COMPLEX",
      undefined,
    ],
    [
      "far-future date",
      "/v1/score",
      JSON.stringify(sampleTx({ tx_datetime: "9999-12-31 23:59:59" })),
      400,
      "FUTURE_TRANSACTION",
      "future_datetime",
    ],
    ["truncated JSON", "/v1/score", `{"transaction_id":1,`, 400, "INVALID_JSON", undefined],
  ])("%s", async (_name, route, body, status, code, reason) => {
    const res = await send(route, body);
    expect(res.status).toBe(status);
    const error = JSON.parse(res.text).error;
    expect(error.code).toBe(code);
    if (reason) expect(error.details.problems[0].reason).toBe(reason);
  });

  test("a BOM is ignored; an empty batch has its own code", async () => {
    expect((await send("/v1/score", `\ufeff${JSON.stringify(sampleTx())}`)).status).toBe(200);
    const empty = await send("/v1/score/batch", '{"transactions":[]}');
    expect([empty.status, JSON.parse(empty.text).error.code]).toEqual([400, "EMPTY_BATCH"]);
  });

  test.each([
    ["text/plain", "text/plain"],
    ["form", "application/x-www-form-urlencoded"],
    ["multipart", "multipart/form-data; boundary=x"],
    ["xml", "application/xml"],
  ])("content type %s -> 415", async (_name, type) => {
    const res = await send("/v1/score", JSON.stringify(sampleTx()), { "content-type": type });
    expect([res.status, JSON.parse(res.text).error.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
  });

  test("tokens: accepted when valid, 401 otherwise; ops endpoints only on their own ports", async () => {
    expect((await send("/v1/score", JSON.stringify(sampleTx()))).status).toBe(200);
    for (const authorization of [
      "",
      "Bearer x.y.z",
      bearer({ ttlSeconds: -1 }),
      bearer({ audience: "other" }),
    ]) {
      const res = await send("/v1/score", JSON.stringify(sampleTx()), { authorization });
      expect([res.status, res.headers.get("www-authenticate")]).toEqual([
        401,
        'Bearer realm="antifraud-scoring"',
      ]);
    }
    expect((await fetch(`${api}/metrics`)).status).toBe(404);
    expect((await fetch(`${api}/healthz`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.metrics}/v1/model`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${ports.health}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.health}/v1/model`)).status).toBe(404);
  });

  /** Opens a raw connection, writes `first`, then one byte every 200 ms; resolves when the server closes it. */
  function slowClient(first: string, drip: string): Promise<{ closedAfterMs: number; answer: string }> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const socket = net.connect(ports.http, "127.0.0.1");
      let answer = "";
      let i = 0;
      const timer = setInterval(() => {
        if (!socket.destroyed) socket.write(drip[i++ % drip.length]!);
      }, 200);
      const give = setTimeout(() => {
        clearInterval(timer);
        socket.destroy();
        reject(new Error("the server kept a slow client for 15 s"));
      }, 15_000);
      socket.on("data", (d) => (answer += d.toString()));
      socket.on("error", () => undefined);
      socket.on("close", () => {
        clearInterval(timer);
        clearTimeout(give);
        resolve({ closedAfterMs: performance.now() - started, answer });
      });
      socket.write(first);
    });
  }

  test("slow clients are cut off: headers after HTTP_HEADERS_TIMEOUT_MS, bodies after HTTP_REQUEST_TIMEOUT_MS", async () => {
    const headers = await slowClient("POST /v1/score HTTP/1.1\r\nHost: x\r\n", "X-Slow: 1\r\n");
    console.log(`slow headers: closed after ${headers.closedAfterMs.toFixed(0)} ms`);
    expect(headers.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408/);

    const body = await slowClient(
      `POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: ${bearer()}\r\nContent-Length: 60000\r\n\r\n`,
      " ",
    );
    console.log(`slow body: closed after ${body.closedAfterMs.toFixed(0)} ms`);
    expect(body.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(body.answer).toMatch(/^HTTP\/1\.1 408/);
    // The server still serves everyone else.
    expect((await send("/v1/score", JSON.stringify(sampleTx()))).status).toBe(200);
  }, 40_000);
});
