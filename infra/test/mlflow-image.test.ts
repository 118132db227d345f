/**
 * The MLflow image, built from services/mlflow/Dockerfile with buildah (FROM the bootstrap's stand-in of
 * its Python base) and run with podman as the Deployment runs it: the image's entrypoint with the pod
 * template's own arguments (`$(VAR)` expanded from the environment, as the kubelet does), its environment, its uid, a
 * read-only root with /tmp as the only writable volume, and the CA mounted where the pod mounts it. The
 * backend store is a local PostgreSQL reached with the program's own URI (TLS, server certificate
 * verified against the CA). One deviation: the port argument (host network here, so a free port).
 * Artifacts go to a directory on the /tmp volume instead of Object Storage (no S3 server here); boto3's
 * client for the program's endpoint is checked inside the image.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  buildImage,
  execIn,
  freePort,
  imageConfig,
  imageId,
  type ImageConfig,
  logsOf,
  type PostgresHandle,
  removeContainer,
  runDetached,
  startPostgres,
  terminate,
  unpack,
  waitUntil,
} from "@antifraud/local";
import { MLFLOW_IMAGE_DIR } from "../components/mlflow";
import {
  BACKEND_STORE_ENV,
  backendStoreUri,
  MLFLOW_CA_DIR,
  MLFLOW_CA_FILE,
  mlflowPodTemplate,
  plainEnv,
  S3_KEY_ENVS,
} from "../components/mlflow-pod";
import { RUN_AS_USER } from "../components/pod-hardening";
import { YANDEX_OBJECT_STORAGE } from "../platform/yandex-integration";

const exec = promisify(execFile);
jest.setTimeout(30 * 60_000);

const STANDIN_BASE = "localhost/antifraud-python-standin:3.11-bookworm";
const DOCKERFILE = path.join(MLFLOW_IMAGE_DIR, "Dockerfile");
const LOCK = path.join(MLFLOW_IMAGE_DIR, "requirements.lock");
const ARTIFACTS = "/tmp/mlflow-artifacts";
const NAME = `antifraud-mlflow-image-${process.pid}`;

const pod = mlflowPodTemplate({
  image: "unused",
  artifactsDestination: ARTIFACTS,
  env: plainEnv(YANDEX_OBJECT_STORAGE),
  resources: { cpuRequest: "1", memoryRequest: "1Gi", cpuLimit: "1", memoryLimit: "1Gi" },
  caSecretName: "unused",
});
const container = (pod.spec as { containers: unknown[] }).containers[0] as {
  command?: string[];
  args: string[];
  env: { name: string; value: string }[];
  volumeMounts: { name: string; mountPath: string }[];
};

/** The kubelet's `$(VAR)` expansion of a container's arguments. */
const expand = (arg: string, env: Record<string, string>) =>
  arg.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole);

let image: string;
let config: ImageConfig;
let unpacked: { rootfs: string; remove(): Promise<void> };
let postgres: PostgresHandle;
let caDir: string;
let url: string;

beforeAll(async () => {
  // The build context is this one folder: every file in it, and the base.
  const hash = createHash("sha256").update(`base ${await imageId(STANDIN_BASE)}\0`);
  for (const file of readdirSync(MLFLOW_IMAGE_DIR).sort()) {
    hash.update(`${file}\0`).update(readFileSync(path.join(MLFLOW_IMAGE_DIR, file)));
  }
  const digest = hash.digest("hex");
  image = await buildImage({
    repository: "localhost/antifraud-mlflow",
    dockerfile: DOCKERFILE,
    context: MLFLOW_IMAGE_DIR,
    digest,
    buildArgs: { PYTHON_IMAGE: STANDIN_BASE },
  });
  config = await imageConfig(image);
  unpacked = await unpack(image);
  postgres = await startPostgres({ database: "mlflow", user: "mlflow" });
  caDir = mkdtempSync(path.join(tmpdir(), "mlflow-ca-"));
  copyFileSync(postgres.caFile, path.join(caDir, path.basename(MLFLOW_CA_FILE)));
  chmodSync(caDir, 0o755);
  chmodSync(path.join(caDir, path.basename(MLFLOW_CA_FILE)), 0o644);

  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...Object.fromEntries(container.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value])),
    [BACKEND_STORE_ENV]: backendStoreUri(postgres),
    [S3_KEY_ENVS[0]]: "unused-key-id",
    [S3_KEY_ENVS[1]]: "unused-secret",
  };
  const args = container.args.map((arg) => expand(arg, env));
  args[args.indexOf("--port") + 1] = String(port);
  await runDetached({
    name: NAME,
    rootfs: unpacked.rootfs,
    config,
    command: args,
    env,
    volumes: { [caDir]: MLFLOW_CA_DIR },
    tmpfs: container.volumeMounts.filter((m) => m.name === "tmp").map((m) => m.mountPath),
  });
  // The first start migrates the schema (the pod's startup probe allows 5 minutes).
  await waitUntil("mlflow /health", async () => (await fetch(`${url}/health`)).ok, {
    timeoutMs: 5 * 60_000,
    intervalMs: 1000,
  }).catch(async (error: unknown) => {
    throw new Error(`${String(error)}\ncontainer log:\n${await logsOf(NAME)}`);
  });
}, 40 * 60_000);

afterAll(async () => {
  await removeContainer(NAME);
  await unpacked?.remove();
  await postgres?.stop();
  if (caDir) rmSync(caDir, { recursive: true, force: true });
});

async function api<T>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/api/2.0/mlflow/${route}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe("the MLflow image", () => {
  it("runs as the pod's uid from the lock's virtualenv, with no build leftovers", async () => {
    expect(config.User).toBe(`${RUN_AS_USER}:${RUN_AS_USER}`);
    expect(config.Env).toContain("VIRTUAL_ENV=/opt/mlflow");
    expect(config.Env.find((e) => e.startsWith("PATH="))).toMatch(/^PATH=\/opt\/mlflow\/bin:/);
    const pinned = /^mlflow==(\S+)$/m.exec(readFileSync(LOCK, "utf8"))?.[1];
    const version = await execIn(NAME, ["mlflow", "--version"]);
    expect(await execIn(NAME, ["pip", "check"])).toEqual({
      code: 0,
      output: "No broken requirements found.\n",
    });
    expect(version).toEqual({ code: 0, output: `mlflow, version ${pinned}\n` });
    expect(existsSync(path.join(unpacked.rootfs, "tmp", "requirements.lock"))).toBe(false);
    expect(existsSync(path.join(unpacked.rootfs, "root", ".cache", "pip"))).toBe(false);
  });

  it("keeps its tracking data in PostgreSQL over verified TLS and serves the artifacts it stores", async () => {
    const { experiment_id } = await api<{ experiment_id: string }>("POST", "experiments/create", {
      name: "image-test",
    });
    const { run } = await api<{ run: { info: { run_id: string; artifact_uri: string } } }>(
      "POST",
      "runs/create",
      {
        experiment_id,
      },
    );
    await api("POST", "runs/log-metric", {
      run_id: run.info.run_id,
      key: "auc_roc",
      value: 0.87,
      timestamp: 1,
    });
    expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/${experiment_id}/${run.info.run_id}/artifacts`);
    const artifact = `${url}/api/2.0/mlflow-artifacts/artifacts/${experiment_id}/${run.info.run_id}/artifacts/note.txt`;
    expect((await fetch(artifact, { method: "PUT", body: "champion" })).status).toBe(200);
    expect(await (await fetch(artifact)).text()).toBe("champion");

    const { stdout } = await exec("psql", [
      backendStoreUri(postgres, postgres.caFile),
      "--no-psqlrc",
      "--tuples-only",
      "--no-align",
      "--command",
      `select e.name, m.key, m.value from experiments e join runs r on r.experiment_id = e.experiment_id ` +
        `join metrics m on m.run_uuid = r.run_uuid where r.run_uuid = '${run.info.run_id}'`,
    ]);
    expect(stdout.trim()).toBe("image-test|auc_roc|0.87");
  });

  it("has the Object Storage client its artifacts need", async () => {
    const endpoint = container.env.find((e) => e.name === "MLFLOW_S3_ENDPOINT_URL")!.value;
    const script = [
      "import boto3",
      `client = boto3.client("s3", endpoint_url="${endpoint}", region_name="ru-central1")`,
      "print(client.meta.endpoint_url)",
    ].join("; ");
    expect(await execIn(NAME, ["python", "-c", script])).toEqual({ code: 0, output: `${endpoint}\n` });
  });

  it("runs the image's entrypoint, which drains the server on SIGTERM", async () => {
    expect(container.command).toBeUndefined();
    expect(config.Entrypoint).toEqual([
      "/usr/bin/tini",
      "-g",
      "--",
      "/opt/mlflow/bin/python",
      "/opt/mlflow/serve.py",
    ]);
    expect(await terminate(NAME)).toBe(0);
    const log = await logsOf(NAME);
    expect(log).toMatch(/Handling signal: term/);
    expect(log).toMatch(/Shutting down: Master/);
  });
});
