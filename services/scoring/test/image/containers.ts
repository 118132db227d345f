/**
 * Test support for the scoring image: buildah builds it (chroot isolation, vfs storage in the
 * project's .cache/containers, FROM the bootstrap's local stand-in of the pinned base), podman runs
 * it through runc. Containers run on an unpacked copy of the image (`--rootfs`, read-only) with the
 * image's own user, working directory, environment, entrypoint and command read from its config, so
 * one copy serves every run instead of one vfs copy per container.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { contextDigest } from "./build-context";

const exec = promisify(execFile);

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..", "..");
export const DOCKERFILE = path.join(REPO_ROOT, "services", "scoring", "Dockerfile");
export const IMAGE_REPOSITORY = "localhost/antifraud-scoring";
/** The stand-in built by scripts/bootstrap.d/70-image.sh from this machine's Node. */
export const STANDIN_BASE = `localhost/antifraud-node-standin:${process.versions.node}-bookworm`;

const STORE = path.join(REPO_ROOT, ".cache", "containers");
const STORAGE = [
  "--root",
  path.join(STORE, "storage"),
  "--runroot",
  path.join(STORE, "run"),
  "--storage-driver",
  "vfs",
];
// No systemd here and a hybrid cgroup layout (crun refuses it); rlimits may only be lowered
// (no CAP_SYS_RESOURCE), so they are set below the machine's.
const PODMAN = [...STORAGE, "--cgroup-manager", "cgroupfs", "--events-backend", "file", "--runtime", "runc"];
const LIMITS = ["--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096"];

async function tool(bin: "buildah" | "podman", args: string[], timeoutMs = 120_000): Promise<string> {
  try {
    const { stdout } = await exec(bin, [...(bin === "podman" ? PODMAN : STORAGE), ...args], {
      maxBuffer: 64 << 20,
      timeout: timeoutMs,
    });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${bin} ${args.join(" ")} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

export const buildah = (args: string[], timeoutMs?: number) => tool("buildah", args, timeoutMs);
export const podman = (args: string[], timeoutMs?: number) => tool("podman", args, timeoutMs);

/**
 * The image of this build context: reused when an image with the context's digest exists (a second
 * run on unchanged sources builds nothing), otherwise built as CI does (repository root as context,
 * the stand-in base as NODE_IMAGE). Older builds are removed: vfs keeps a full copy of every image.
 */
export async function buildImage(): Promise<string> {
  const baseId = (
    await buildah(["inspect", "--type", "image", "--format", "{{.FromImageID}}", STANDIN_BASE])
  ).trim();
  const image = `${IMAGE_REPOSITORY}:ctx-${contextDigest(REPO_ROOT, DOCKERFILE, baseId).slice(0, 16)}`;
  const present = (await buildah(["images", "--format", "{{.Name}}:{{.Tag}}"])).split("\n");
  if (!present.includes(image)) {
    await buildah(
      [
        "bud",
        "--isolation",
        "chroot",
        "--format",
        "docker",
        "--pull=never",
        "--build-arg",
        `NODE_IMAGE=${STANDIN_BASE}`,
        "-f",
        DOCKERFILE,
        "-t",
        image,
        REPO_ROOT,
      ],
      25 * 60_000,
    );
  }
  for (const old of present.filter((name) => name.startsWith(`${IMAGE_REPOSITORY}:`) && name !== image)) {
    await buildah(["rmi", old]);
  }
  // Working containers of an interrupted earlier build keep their stage images from being pruned.
  await buildah(["rm", "--all"]);
  await buildah(["rmi", "--prune"]);
  return image;
}

export interface ImageConfig {
  readonly User: string;
  readonly WorkingDir: string;
  readonly Env: string[];
  readonly Entrypoint: string[];
  readonly Cmd: string[];
  readonly Healthcheck?: { Test: string[] };
}

export async function imageConfig(image: string): Promise<ImageConfig> {
  const info = JSON.parse(await buildah(["inspect", "--type", "image", image])) as {
    Docker: { config: ImageConfig };
  };
  return info.Docker.config;
}

/** Bytes of the image (all layers), as podman counts them. */
export async function imageSize(image: string): Promise<number> {
  return Number((await podman(["image", "inspect", "--format", "{{.Size}}", image])).trim());
}

/** An unpacked working copy of the image; `remove` deletes it. */
export async function unpack(image: string): Promise<{ rootfs: string; remove(): Promise<void> }> {
  const container = (await buildah(["from", "--pull=never", image])).trim();
  const rootfs = (await buildah(["mount", container])).trim();
  return {
    rootfs,
    remove: async () => {
      await buildah(["rm", container]);
    },
  };
}

export interface RunOptions {
  readonly name: string;
  readonly rootfs: string;
  readonly config: ImageConfig;
  readonly command: string[];
  readonly env: Record<string, string>;
  /** host path -> container path, mounted read-only. */
  readonly volumes?: Record<string, string>;
}

/** Starts a detached container as the image's user, read-only root, host network (127.0.0.1 only). */
export async function runDetached(o: RunOptions): Promise<void> {
  const [entry, ...entryArgs] = o.config.Entrypoint;
  await podman([
    "run",
    "--detach",
    "--name",
    o.name,
    "--read-only",
    "--network",
    "host",
    ...LIMITS,
    "--user",
    o.config.User,
    "--workdir",
    o.config.WorkingDir,
    ...o.config.Env.flatMap((e) => ["--env", e]),
    ...Object.entries(o.env).flatMap(([k, v]) => ["--env", `${k}=${v}`]),
    ...Object.entries(o.volumes ?? {}).flatMap(([host, target]) => ["--volume", `${host}:${target}:ro`]),
    "--entrypoint",
    entry as string,
    "--rootfs",
    o.rootfs,
    ...entryArgs,
    ...o.command,
  ]);
}

/** Runs a command inside a running container; resolves with its exit code and output. */
export async function execIn(name: string, command: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec("podman", [...PODMAN, "exec", name, ...command], {
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

/** Sends SIGTERM and waits for the container to exit; resolves with its exit code. */
export async function terminate(name: string, timeoutS = 30): Promise<number> {
  await podman(["kill", "--signal", "TERM", name]);
  return Number((await podman(["wait", name], (timeoutS + 10) * 1000)).trim());
}

export const logsOf = (name: string) => podman(["logs", name]);
export const removeContainer = (name: string) => podman(["rm", "--force", "--ignore", name]);
