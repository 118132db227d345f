/**
 * Images built and run here as the cluster would run them: buildah builds (chroot isolation, vfs storage
 * in the project's .cache/containers, FROM the bootstrap's local stand-ins of the pinned bases), podman
 * runs through runc. Containers run on an unpacked copy of the image (`--rootfs`, read-only) with the
 * image's own user, working directory, environment, entrypoint and command read from its config, so
 * one copy serves every run instead of one vfs copy per container.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { cacheDir } from "../paths";

const exec = promisify(execFile);

const storage = () => {
  const store = path.join(cacheDir(), "containers");
  return [
    "--root",
    path.join(store, "storage"),
    "--runroot",
    path.join(store, "run"),
    "--storage-driver",
    "vfs",
  ];
};
// No systemd here and a hybrid cgroup layout (crun refuses it); rlimits may only be lowered
// (no CAP_SYS_RESOURCE), so they are set below the machine's.
const podmanGlobals = () => [
  ...storage(),
  "--cgroup-manager",
  "cgroupfs",
  "--events-backend",
  "file",
  "--runtime",
  "runc",
];
const LIMITS = ["--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096"];

async function tool(bin: "buildah" | "podman", args: string[], timeoutMs = 120_000): Promise<string> {
  try {
    const { stdout } = await exec(bin, [...(bin === "podman" ? podmanGlobals() : storage()), ...args], {
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

/** The id of a local image (e.g. a stand-in base), for keying what is built on it. */
export async function imageId(image: string): Promise<string> {
  return (await buildah(["inspect", "--type", "image", "--format", "{{.FromImageID}}", image])).trim();
}

export interface BuildOptions {
  /** e.g. `localhost/antifraud-scoring`; the tag is `ctx-<digest>`. */
  readonly repository: string;
  readonly dockerfile: string;
  readonly context: string;
  /** Identifies the sources and base (see the callers): an image with this digest is reused. */
  readonly digest: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Working containers of unpack(): a build's clean-up leaves them to their owners. */
const UNPACKED_PREFIX = "antifraud-unpacked-";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Runs `fn` holding the store's build lock, so that two test files building images at once (jest
 * workers on a larger machine) neither interleave builds nor prune each other's stage images. A lock
 * left by a process that is gone is taken over.
 */
async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const dir = path.join(cacheDir(), "containers");
  mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, "build.lock");
  for (;;) {
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(lock, "utf8"));
      if (owner > 0 && !alive(owner)) rmSync(lock, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * The image of these sources: reused when an image with their digest exists (a second run on unchanged
 * sources builds nothing), otherwise built. Older builds of the repository are removed: vfs keeps a
 * full copy of every image.
 */
export function buildImage(o: BuildOptions): Promise<string> {
  return withBuildLock(() => buildLocked(o));
}

async function buildLocked(o: BuildOptions): Promise<string> {
  const image = `${o.repository}:ctx-${o.digest.slice(0, 16)}`;
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
        ...Object.entries(o.buildArgs).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
        "-f",
        o.dockerfile,
        "-t",
        image,
        o.context,
      ],
      o.timeoutMs ?? 25 * 60_000,
    );
  }
  for (const old of present.filter((name) => name.startsWith(`${o.repository}:`) && name !== image)) {
    await buildah(["rmi", old]);
  }
  // Working containers of an interrupted earlier build keep their stage images from being pruned;
  // unpacked copies belong to running tests.
  const containers = (await buildah(["containers", "--format", "{{.ContainerID}} {{.ContainerName}}"]))
    .split("\n")
    .filter(Boolean)
    .map((line) => line.trim().split(/\s+/) as [string, string]);
  for (const [id, name] of containers) if (!name.startsWith(UNPACKED_PREFIX)) await buildah(["rm", id]);
  await buildah(["rmi", "--prune"]);
  return image;
}

export interface ImageConfig {
  readonly User: string;
  readonly WorkingDir: string;
  readonly Env: string[];
  readonly Entrypoint: string[] | null;
  readonly Cmd: string[] | null;
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
  const name = `${UNPACKED_PREFIX}${randomBytes(6).toString("hex")}`;
  const container = (await buildah(["from", "--pull=never", "--name", name, image])).trim();
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
  /** Arguments after the entrypoint. */
  readonly command: string[];
  /** Default: the image's entrypoint; the first element is the executable. */
  readonly entrypoint?: string[];
  readonly env: Record<string, string>;
  /** host path -> container path, mounted read-only. */
  readonly volumes?: Record<string, string>;
  /** Writable in-memory mounts (a pod's emptyDir volumes), e.g. `/tmp`. */
  readonly tmpfs?: string[];
}

/** Starts a detached container as the image's user, read-only root, host network (127.0.0.1 only). */
export async function runDetached(o: RunOptions): Promise<void> {
  const [entry, ...entryArgs] = o.entrypoint ?? o.config.Entrypoint ?? [];
  if (entry === undefined) throw new Error(`${o.name}: the image has no entrypoint and none was given`);
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
    o.config.WorkingDir || "/",
    ...o.config.Env.flatMap((e) => ["--env", e]),
    ...Object.entries(o.env).flatMap(([k, v]) => ["--env", `${k}=${v}`]),
    ...Object.entries(o.volumes ?? {}).flatMap(([host, target]) => ["--volume", `${host}:${target}:ro`]),
    ...(o.tmpfs ?? []).flatMap((target) => ["--tmpfs", target]),
    "--entrypoint",
    entry,
    "--rootfs",
    o.rootfs,
    ...entryArgs,
    ...o.command,
  ]);
}

/** Runs a command inside a running container; resolves with its exit code and output. */
export async function execIn(name: string, command: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec("podman", [...podmanGlobals(), "exec", name, ...command], {
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

/** The container's output, stdout then stderr (podman keeps them apart). */
export async function logsOf(name: string): Promise<string> {
  const { stdout, stderr } = await exec("podman", [...podmanGlobals(), "logs", name], {
    maxBuffer: 64 << 20,
  });
  return stdout + stderr;
}
export const removeContainer = (name: string) => podman(["rm", "--force", "--ignore", name]);
