import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cacheDir } from "../paths";
import { freePort, LOCALHOST } from "../process/free-port";
import { startManagedProcess, type ManagedProcess } from "../process/managed-process";
import { waitUntil } from "../process/wait-until";
import { KubeClient } from "./kube-client";

export interface StartKubeApiserverOptions {
  /** Working folder (etcd data, certificates, keys); default: a new temporary folder, deleted by stop(). */
  readonly dir?: string;
  /** See ManagedProcessOptions.ownerPid. Default: this process. */
  readonly ownerPid?: number | null;
  /** Default 120 s (the first start writes every built-in object into etcd). */
  readonly readyTimeoutMs?: number;
}

export interface KubeApiserverHandle {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** Bearer token of a `system:masters` user. */
  readonly token: string;
  /** PEM of the self-signed serving certificate chain, to verify the server. */
  readonly ca: string;
  readonly client: KubeClient;
  readonly dir: string;
  readonly startupMs: number;
  stop(): Promise<void>;
}

export function kubeApiserverBinary(): string {
  return join(cacheDir(), "kube", "bin", "kube-apiserver");
}

/**
 * A throwaway Kubernetes control plane without nodes: Debian's etcd and kube-apiserver (built by
 * scripts/bootstrap.d/80-kube.sh), both on 127.0.0.1 only, with RBAC, a static token for an admin,
 * a service-account key pair and a self-signed serving certificate. Enough to validate objects
 * (server-side dry-run, strict field validation, admission including Pod Security).
 */
export async function startKubeApiserver(
  options: StartKubeApiserverOptions = {},
): Promise<KubeApiserverHandle> {
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "antifraud-kube-"));
  const started = Date.now();
  const [etcdClientPort, etcdPeerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const owner = options.ownerPid === undefined ? {} : { ownerPid: options.ownerPid };
  const running: ManagedProcess[] = [];
  const stopAll = async () => {
    for (const p of running.reverse()) await p.stop();
  };
  try {
    const etcdUrl = `http://${LOCALHOST}:${etcdClientPort}`;
    const peerUrl = `http://${LOCALHOST}:${etcdPeerPort}`;
    const etcd = startManagedProcess({
      name: "etcd",
      command: "etcd",
      args: [
        "--name=local",
        `--data-dir=${join(dir, "etcd")}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=local=${peerUrl}`,
        "--logger=zap",
        "--log-level=warn",
      ],
      logFile: join(dir, "etcd.log"),
      graceSeconds: 5,
      ...owner,
    });
    running.push(etcd);
    await waitUntil(`etcd on ${etcdUrl}`, async () => (await fetch(`${etcdUrl}/health`)).ok, {
      timeoutMs: 30_000,
      intervalMs: 100,
      abort: () => (etcd.hasExited() ? `etcd exited; log tail:\n${etcd.logTail()}` : undefined),
    });

    const token = randomBytes(24).toString("hex");
    writeFileSync(join(dir, "tokens.csv"), `${token},admin,admin,"system:masters"\n`, { mode: 0o600 });
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(join(dir, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
    writeFileSync(join(dir, "sa.key"), privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    const certDir = join(dir, "certs");
    mkdirSync(certDir, { recursive: true });
    const apiserver = startManagedProcess({
      name: "kube-apiserver",
      command: kubeApiserverBinary(),
      args: [
        `--etcd-servers=${etcdUrl}`,
        `--bind-address=${LOCALHOST}`,
        `--advertise-address=${LOCALHOST}`,
        `--secure-port=${apiPort}`,
        `--cert-dir=${certDir}`,
        `--token-auth-file=${join(dir, "tokens.csv")}`,
        "--anonymous-auth=false",
        "--authorization-mode=RBAC",
        "--service-account-issuer=https://kubernetes.default.svc",
        `--service-account-key-file=${join(dir, "sa.pub")}`,
        `--service-account-signing-key-file=${join(dir, "sa.key")}`,
        "--service-cluster-ip-range=10.96.0.0/16",
        "--allow-privileged=false",
        "--profiling=false",
        "--enable-priority-and-fairness=false",
        "--v=0",
      ],
      logFile: join(dir, "kube-apiserver.log"),
      graceSeconds: 10,
      ...owner,
    });
    running.push(apiserver);
    const url = `https://${LOCALHOST}:${apiPort}`;
    let client: KubeClient | undefined;
    await waitUntil(
      `kube-apiserver on ${url}`,
      async () => {
        // The serving certificate is written at startup, before the port opens.
        client ??= new KubeClient(url, token, readFileSync(join(certDir, "apiserver.crt"), "utf8"));
        return (await client.request("GET", "/readyz")).status === 200;
      },
      {
        timeoutMs: options.readyTimeoutMs ?? 120_000,
        intervalMs: 250,
        abort: () =>
          apiserver.hasExited() ? `kube-apiserver exited; log tail:\n${apiserver.logTail()}` : undefined,
      },
    );
    const ready = client as KubeClient;
    return {
      url,
      token,
      ca: ready.ca,
      client: ready,
      dir,
      startupMs: Date.now() - started,
      async stop() {
        await stopAll();
        if (ownsDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
