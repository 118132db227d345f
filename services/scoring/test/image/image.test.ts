/**
 * The scoring image, built from services/scoring/Dockerfile with buildah and run with podman as its
 * own uid 1000 with a read-only root filesystem: `serve` becomes ready on a mounted bundle and scores,
 * `stream` starts on the run's local Kafka and exits cleanly on SIGTERM, the HEALTHCHECK command
 * works; and the image holds only what the runtime loads, within a size budget.
 */
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import {
  ensureTopics,
  execIn,
  freePort,
  imageConfig,
  imageSize,
  type ImageConfig,
  instanceTopics,
  localConnection,
  logsOf,
  removeContainer,
  runDetached,
  terminate,
  testKafkaBroker,
  testRedis,
  unpack,
  waitUntil,
} from "@antifraud/local";
import { writeFixtureBundle, writeFixtureSnapshot } from "../support/bundle-fixture";
import { testKeyPair } from "../support/signing-keys";
import { bearer, sampleTx, spec, tmpDir } from "../helpers";
import { buildImage, DOCKERFILE, REPO_ROOT, STANDIN_BASE } from "./containers";
import { runtimeClosure } from "./runtime-closure";

/** Where the pods find the managed services' CA (infra/components/scoring-pod.ts mounts it there). */
const MANAGED_SERVICES_CA_FILE = "/etc/antifraud/tls/ca.pem";

jest.setTimeout(30 * 60_000);

/** Layers above the base image may add at most this much. */
const MAX_ADDED_BYTES = 150 * 1024 * 1024;

let image: string;
let config: ImageConfig;
let unpacked: { rootfs: string; remove(): Promise<void> };
const dirs: string[] = [];
const containers: string[] = [];

beforeAll(async () => {
  image = await buildImage();
  config = await imageConfig(image);
  unpacked = await unpack(image);
}, 30 * 60_000);

afterAll(async () => {
  for (const name of containers) await removeContainer(name);
  await unpacked?.remove();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const inImage = (p: string) => path.join(unpacked.rootfs, p);

function bundleDirs(): { models: string; features: string } {
  const models = tmpDir("image-models");
  const features = tmpDir("image-features");
  dirs.push(models, features);
  writeFixtureBundle(models, { version: "v1", spec, threshold: 0.5 });
  writeFixtureSnapshot(features, "2026-01-01", []);
  // Mounted read-only into a container running as uid 1000: readable by others, as a volume would be.
  for (const root of [models, features]) {
    chmodSync(root, 0o755);
    for (const entry of readdirSync(root, { recursive: true }) as string[]) {
      const full = path.join(root, entry);
      chmodSync(full, statSync(full).isDirectory() ? 0o755 : 0o644);
    }
  }
  return { models, features };
}

/** The local CA, mounted where the Pulumi program mounts Yandex's (it signs the local Kafka and Redis). */
function caVolume(): Record<string, string> {
  const caFile = testRedis().caFile;
  if (caFile === undefined) throw new Error("the image test runs on the TLS Redis");
  return { [caFile]: MANAGED_SERVICES_CA_FILE };
}

/** TLS Redis with its password, verified against the mounted CA, as deployed. */
function redisEnv(): Record<string, string> {
  return { REDIS_URL: testRedis().url, REDIS_TLS_CA_PATH: MANAGED_SERVICES_CA_FILE };
}

async function httpReady(url: string, name: string): Promise<void> {
  await waitUntil(`${name} at ${url}`, async () => (await fetch(url)).status === 200, {
    timeoutMs: 90_000,
    intervalMs: 500,
  }).catch(async (error: Error) => {
    throw new Error(`${error.message}\n--- container log ---\n${await logsOf(name)}`);
  });
}

describe("the Dockerfile", () => {
  it("names the real base by exact version and digest, and the stand-in matches its Debian and Node", () => {
    const arg = /^ARG NODE_IMAGE=(.+)$/m.exec(readFileSync(DOCKERFILE, "utf8"))?.[1];
    expect(arg).toMatch(/^node:20\.20\.2-bookworm-slim@sha256:[0-9a-f]{64}$/);
    expect(readFileSync(inImage("etc/debian_version"), "utf8")).toMatch(/^12\./);
    expect(`node:${process.versions.node}-bookworm-slim`).toBe(arg?.split("@")[0]);
    expect(STANDIN_BASE).toBe(`localhost/antifraud-node-standin:${process.versions.node}-bookworm`);
  });
});

describe("the built image", () => {
  it("runs as uid 1000 with the serve command, a health check and the production environment", () => {
    expect(config.User).toBe("1000:1000");
    expect(config.Cmd).toEqual(["serve"]);
    expect(config.Entrypoint).toEqual([
      "node",
      "--enable-source-maps",
      "--conditions=antifraud-compiled",
      "services/scoring/dist/main.js",
    ]);
    expect(config.Healthcheck?.Test).toEqual(["CMD", "node", "services/scoring/dist/healthcheck.js"]);
    expect(config.Env).toEqual(expect.arrayContaining(["NODE_ENV=production", "HTTP_HOST=0.0.0.0"]));
  });

  it("adds at most 150 MB of layers above the base", async () => {
    const added = (await imageSize(image)) - (await imageSize(STANDIN_BASE));
    console.log(`image: ${(added / 2 ** 20).toFixed(1)} MiB above the base`);
    expect(added).toBeGreaterThan(10 * 2 ** 20);
    expect(added).toBeLessThanOrEqual(MAX_ADDED_BYTES);
  });

  it("holds only runtime packages: no dev dependencies, tests or test support, .git, .env or keys", () => {
    const app = inImage("app");
    const installed: string[] = [];
    const listPackages = (dir: string, at: string): void => {
      const visit = (full: string, location: string): void => {
        if (lstatSync(full).isSymbolicLink()) return; // the workspace's own link
        installed.push(location);
        if (existsSync(path.join(full, "node_modules")))
          listPackages(path.join(full, "node_modules"), `${location}/node_modules`);
      };
      for (const entry of readdirSync(dir).filter((e) => !e.startsWith("."))) {
        if (!entry.startsWith("@")) visit(path.join(dir, entry), `${at}/${entry}`);
        else
          for (const scoped of readdirSync(path.join(dir, entry)))
            visit(path.join(dir, entry, scoped), `${at}/${entry}/${scoped}`);
      }
    };
    listPackages(path.join(app, "node_modules"), "node_modules");
    listPackages(path.join(app, "services/scoring/node_modules"), "services/scoring/node_modules");
    listPackages(path.join(app, "services/contracts/node_modules"), "services/contracts/node_modules");
    const closure = runtimeClosure(path.join(REPO_ROOT, "package-lock.json"), "services/scoring");
    expect(installed.filter((p) => !closure.has(p))).toEqual([]);
    for (const dev of [
      "typescript",
      "jest",
      "ts-jest",
      "eslint",
      "autocannon",
      "tsx",
      "@types/node",
      "@pulumi/pulumi",
    ]) {
      expect(existsSync(path.join(app, "node_modules", dev))).toBe(false);
    }
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        if (lstatSync(full).isDirectory()) walk(full);
        else files.push(path.relative(app, full));
      }
    };
    walk(app);
    const own = files.filter((f) => !/^(services\/(scoring|contracts)\/)?node_modules\//.test(f));
    expect(
      own.filter(
        (f) =>
          !/^services\/(scoring|contracts)\/(dist\/.+\.js(\.map)?|package\.json)$|^services\/contracts\/(features|transaction\.schema|score\.schema)\.json$/.test(
            f,
          ),
      ),
    ).toEqual([]);
    expect(own.filter((f) => /\/(test|testing|support)\/|\.test\./.test(f))).toEqual([]);
    expect(files.filter((f) => /(^|\/)\.git(\/|$)|(^|\/)\.env/.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(pem|key|p12|jks)$|id_rsa/.test(f))).toEqual([]);
    const platforms = readdirSync(path.join(app, "node_modules/onnxruntime-node/bin/napi-v6"));
    expect(platforms).toEqual(["linux"]);
    expect(readdirSync(path.join(app, "node_modules/onnxruntime-node/bin/napi-v6/linux"))).toEqual(["x64"]);
  });
});

describe("the image at run time (uid 1000, read-only root filesystem)", () => {
  it("serve becomes ready on a mounted bundle, answers a score, passes its health check", async () => {
    const { models, features } = bundleDirs();
    const [port, healthPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
    const name = `antifraud-serve-${process.pid}`;
    containers.push(name);
    await runDetached({
      name,
      rootfs: unpacked.rootfs,
      config,
      command: config.Cmd ?? [],
      env: {
        HTTP_HOST: "127.0.0.1",
        HTTP_PORT: String(port),
        HEALTH_PORT: String(healthPort),
        METRICS_PORT: String(metricsPort),
        MODEL_SIGNING_PUBLIC_KEYS: testKeyPair("model-signing").publicKeyPem,
        AUTH_TOKEN_PUBLIC_KEYS: testKeyPair("token-issuer").publicKeyPem,
        MODELS_ROOT: "/models",
        FEATURES_ROOT: "/features",
        ...redisEnv(),
        REDIS_KEY_PREFIX: `image:${process.pid}:`,
        LOG_LEVEL: "info",
      },
      volumes: { [models]: "/models", [features]: "/features", ...caVolume() },
    });
    await httpReady(`http://127.0.0.1:${healthPort}/readyz`, name);
    const response = await fetch(`http://127.0.0.1:${port}/v1/score`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: bearer() },
      body: JSON.stringify(sampleTx({ transaction_id: 1, customer_id: 7, terminal_id: 3, tx_amount: 42 })),
    });
    const body = (await response.json()) as { score?: unknown; model_version?: unknown; decision?: unknown };
    expect(response.status).toBe(200);
    expect(typeof body.score).toBe("number");
    expect(body.model_version).toBe("v1");
    const [kind, ...healthcheck] = config.Healthcheck?.Test ?? [];
    expect(kind).toBe("CMD");
    expect(await execIn(name, healthcheck)).toEqual({ code: 0, output: "" });
    const write = await execIn(name, ["node", "-e", "require('fs').writeFileSync('/app/x', '')"]);
    expect(write.code).not.toBe(0);
    expect(write.output).toContain("EROFS");
    expect(
      (await execIn(name, ["node", "-p", "process.getuid() + ':' + process.getgid()"])).output.trim(),
    ).toBe("1000:1000");
    expect(await terminate(name)).toBe(0);
  });

  it("stream starts on the local Kafka, is healthy, and exits cleanly on SIGTERM", async () => {
    const { models, features } = bundleDirs();
    const topics = instanceTopics("image");
    const broker = testKafkaBroker();
    await ensureTopics(localConnection(broker, "admin"), [topics.transactions, topics.scores, topics.dlq], 1);
    const stream = localConnection(broker, "scoring-stream").security;
    if (stream.protocol !== "sasl_ssl") throw new Error("the image test runs on the SASL_SSL broker");
    const port = await freePort();
    const name = `antifraud-stream-${process.pid}`;
    containers.push(name);
    await runDetached({
      name,
      rootfs: unpacked.rootfs,
      config,
      command: ["stream"],
      env: {
        HTTP_HOST: "127.0.0.1",
        METRICS_PORT: String(port),
        MODEL_SIGNING_PUBLIC_KEYS: testKeyPair("model-signing").publicKeyPem,
        MODELS_ROOT: "/models",
        FEATURES_ROOT: "/features",
        ...redisEnv(),
        REDIS_KEY_PREFIX: `image:${process.pid}:`,
        KAFKA_BROKERS: broker.bootstrapServers,
        KAFKA_SECURITY_PROTOCOL: "sasl_ssl",
        KAFKA_SSL_CA_PATH: MANAGED_SERVICES_CA_FILE,
        KAFKA_SASL_MECHANISM: "scram-sha-512",
        KAFKA_SASL_USERNAME: stream.username,
        KAFKA_SASL_PASSWORD: stream.password,
        KAFKA_GROUP_ID: topics.group,
        KAFKA_TRANSACTIONAL_ID: "scoring-stream-0",
        KAFKA_GROUP_INSTANCE_ID: "scoring-stream-0",
        KAFKA_TOPIC_TRANSACTIONS: topics.transactions,
        KAFKA_TOPIC_SCORES: topics.scores,
        KAFKA_TOPIC_DLQ: topics.dlq,
        KAFKA_SESSION_TIMEOUT_MS: "6000",
        LOG_LEVEL: "info",
      },
      volumes: { [models]: "/models", [features]: "/features", ...caVolume() },
    });
    await httpReady(`http://127.0.0.1:${port}/readyz`, name);
    const [, ...healthcheck] = config.Healthcheck?.Test ?? [];
    expect((await execIn(name, healthcheck)).code).toBe(0);
    expect(await terminate(name)).toBe(0);
    expect(await logsOf(name)).toContain("stopped cleanly");
  });
});
