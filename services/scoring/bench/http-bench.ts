/**
 * HTTP part of `npm run bench`: POST /v1/score under wrk (Debian's, installed by the bootstrap), the
 * service configured as deployed (bearer tokens, request bounds, bounded queue, the future-date check
 * on a replay clock) and the node:http constant baseline under the same wrk in the same run.
 * wrk costs a fraction of a Node load generator's CPU per request, which matters when generator and
 * server share 2 cores. Run as part of `npm run bench` (`-- --only http` for this part alone).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@antifraud/local";
import { issueToken } from "../src/auth/token-issuer";
import { METRIC } from "../src/metrics/names";
import { testKeyPair } from "../test/support/signing-keys";
import { histogramMean } from "./metrics-text";
import { cpuOf, cpuPerItem, type Measured } from "./process-cpu";
import type { BenchBundle } from "./real-bundle";
import { fmt, report } from "./report";

const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const HTTP_CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 32);
/** Distinct request bodies wrk cycles through (each a different transaction). */
const BODIES = 5000;

interface WrkResult {
  requests: number;
  durationUs: number;
  non2xx: number;
  socketErrors: number;
  p50Us: number;
  p99Us: number;
}

/** wrk's Lua script: every request pre-built at init (no per-request Lua work), summary as JSON. */
function wrkScript(bodies: readonly string[], headers: Record<string, string>): string {
  const lua = (s: string) => JSON.stringify(s); // JSON string escapes are valid Lua escapes for ASCII
  return `
local bodies = { ${bodies.map(lua).join(",\n")} }
local requests = {}
local i = 0
wrk.method = "POST"
${Object.entries(headers)
  .map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`)
  .join("\n")}
init = function(args)
  for k, body in ipairs(bodies) do requests[k] = wrk.format(nil, nil, nil, body) end
end
request = function()
  i = i % #requests + 1
  return requests[i]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"durationUs":%d,"non2xx":%d,"socketErrors":%d,"p50Us":%d,"p99Us":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;
}

/** Runs wrk against `url`; rates, latency and CPU per request of every process in `processes`. */
async function loadWithWrk(
  url: string,
  bodies: readonly string[],
  headers: Record<string, string>,
  processes: Record<string, Measured>,
): Promise<{ text: string; result: WrkResult }> {
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-wrk-")), "load.lua");
  fs.writeFileSync(script, wrkScript(bodies, { "Content-Type": "application/json", ...headers }));
  const wrk = spawn(
    "wrk",
    ["-t1", `-c${HTTP_CONNECTIONS}`, `-d${HTTP_SECONDS}s`, "--timeout", "5s", "-s", script, url],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const measured = { ...processes, wrk };
  const before = cpuOf(measured);
  let out = "";
  wrk.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  // CPU is read just before wrk exits: wrk prints its summary when the run is over.
  let after = before;
  const sampler = setInterval(() => (after = cpuOf(measured)), 200);
  const code = await new Promise<number | null>((resolve) => wrk.once("exit", resolve));
  clearInterval(sampler);
  fs.rmSync(path.dirname(script), { recursive: true, force: true });
  const line = out.split("\n").find((l) => l.startsWith("WRK_JSON "));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}): ${out}`);
  const result = JSON.parse(line.slice("WRK_JSON ".length)) as WrkResult;
  const rate = result.requests / (result.durationUs / 1e6);
  const cpu = cpuPerItem(before, after, result.requests);
  return {
    result,
    text:
      `${fmt(rate)} req/s, p50 ${(result.p50Us / 1000).toFixed(2)} ms, p99 ${(result.p99Us / 1000).toFixed(2)} ms, ` +
      `non-2xx ${result.non2xx}, socket errors ${result.socketErrors}; CPU per request: ${cpu}`,
  };
}

export interface HttpBenchDeps {
  redisUrl: string;
  redisCaFile: string;
  redis: Measured;
  roots: BenchBundle;
  /** `transactions` topic values, time-ordered (simulated history). */
  values: readonly { value: string }[];
  startServe(env: NodeJS.ProcessEnv): ChildProcess;
}

export async function benchHttp(deps: HttpBenchDeps): Promise<void> {
  if (!commandExists("wrk"))
    throw new Error("wrk is not installed: run `npm run bootstrap` (Debian package wrk)");
  const [port, metricsPort, healthPort] = [await freePort(), await freePort(), await freePort()];
  const bodies = deps.values.slice(0, BODIES).map((v) => v.value);
  // A replay of history: the service clock starts at the last transaction sent, the check stays on.
  const latest = bodies
    .map((b) => (JSON.parse(b) as { tx_datetime: string }).tx_datetime)
    .reduce((a, b) => (a > b ? a : b));
  const issuer = testKeyPair("token-issuer");
  const token = issueToken(issuer.privateKeyPem, {
    subject: "bench",
    issuer: "antifraud",
    audience: "antifraud-scoring",
    ttlSeconds: 3600,
  });
  const server = deps.startServe({
    MODELS_ROOT: deps.roots.models,
    FEATURES_ROOT: deps.roots.features,
    MODEL_SIGNING_PUBLIC_KEYS: deps.roots.signingPublicKeyPem,
    AUTH_TOKEN_PUBLIC_KEYS: issuer.publicKeyPem,
    REPLAY_CLOCK_FROM: `${latest.replace(" ", "T")}Z`,
    REDIS_URL: deps.redisUrl,
    REDIS_TLS_CA_PATH: deps.redisCaFile,
    REDIS_KEY_PREFIX: "bench-http:",
    HTTP_PORT: String(port),
    METRICS_PORT: String(metricsPort),
    HEALTH_PORT: String(healthPort),
  });
  try {
    await waitReady(`http://127.0.0.1:${healthPort}/readyz`);
    const { text } = await loadWithWrk(
      `http://127.0.0.1:${port}/v1/score`,
      bodies,
      { Authorization: `Bearer ${token}` },
      { serve: server, redis: deps.redis },
    );
    report(
      `HTTP POST /v1/score, bearer token, wrk (${HTTP_CONNECTIONS} connections, ${HTTP_SECONDS} s)`,
      text,
    );
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text());
    report(
      "HTTP micro-batches",
      `${(histogramMean(metrics, METRIC.inferenceBatchSize, 'path="http"') ?? 0).toFixed(1)} requests per scorer call`,
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }

  const baselinePort = await freePort();
  const baseline = spawn(
    process.execPath,
    ["--import", "tsx", path.resolve(__dirname, "empty-http-server.ts"), String(baselinePort)],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  try {
    await new Promise((resolve) => baseline.once("message", resolve));
    const { text } = await loadWithWrk(`http://127.0.0.1:${baselinePort}/`, bodies, {}, { server: baseline });
    report("baseline: node:http parsing the body and answering a constant (same wrk load)", text);
  } finally {
    baseline.kill("SIGTERM");
    await new Promise((r) => baseline.once("exit", r));
  }
}

function commandExists(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i <= 300; i++) {
    const ready = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become ready`);
}
