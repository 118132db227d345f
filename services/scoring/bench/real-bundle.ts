/**
 * A real trained bundle for the benchmarks (not the ONNX fixture): simulates a dataset and runs the
 * training pipeline on it, as `npm run demo` does, once; the result is cached under
 * .cache/bench-bundle/<sha256 of its inputs> (the simulation parameters, the simulator's and the
 * generator's and the training package's sources, the feature spec), so a change to any of them
 * trains a new one.
 * The pipeline signs the manifest with a key generated for that bundle (kept beside it as
 * keys/model-signing.pem, never committed); the services get its public key.
 * `--bundle DIR` uses a bundle made elsewhere: a folder with `models/`, `features/` (or a demo folder's
 * `work/features/`) and `keys/model-signing.pem`.
 */
import { spawnSync } from "node:child_process";
import { createHash, createPublicKey, generateKeyPairSync } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { generateDataset } from "@antifraud/simulator";

const REPO = resolve(__dirname, "..", "..", "..");
const PYTHON = join(REPO, ".venv", "bin", "python");

/** A models root (champion.json + version folders) and a features root (terminal snapshots). */
export interface BenchBundle {
  readonly models: string;
  readonly features: string;
  /** SPKI PEM the bundle's manifest.sig verifies with (MODEL_SIGNING_PUBLIC_KEYS). */
  readonly signingPublicKeyPem: string;
  /** How the bundle was obtained, for the bench's header. */
  readonly origin: string;
}

const SIGNING_KEY = join("keys", "model-signing.pem");

/** The simulation the bundle is trained on: the bench's stream uses the same customers and terminals. */
export const BUNDLE_SIMULATION = {
  customers: 2000,
  terminals: 4000,
  days: 70,
  startDate: "2018-04-01",
  seed: 7,
} as const;
const TRAINING = ["--train-days", "21", "--folds", "1", "--resamples", "1000", "--seed", "7"];

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => pattern.test(path) && statSync(path).isFile())
    .sort();
}

/** sha256 over everything that decides the trained bundle. */
export function bundleKey(): string {
  const hash = createHash("sha256").update(JSON.stringify({ BUNDLE_SIMULATION, TRAINING }));
  const inputs = [
    // The generator only: the producer and the CLIs do not change the dataset.
    ...filesUnder(
      join(REPO, "services", "simulator", "src"),
      /\/(model|random|format|dirty|dataset|sink)\/.*\.ts$/,
    ),
    ...filesUnder(join(REPO, "services", "training", "src"), /\.py$/),
    join(REPO, "services", "training", "requirements.txt"),
    join(REPO, "services", "contracts", "features.json"),
  ];
  for (const file of inputs) hash.update(file.slice(REPO.length)).update(readFileSync(file));
  return hash.digest("hex").slice(0, 16);
}

function checked(dir: string, origin: string): BenchBundle {
  // A demo folder keeps its features under work/.
  const features = [join(dir, "features"), join(dir, "work", "features")].find((f) => existsSync(f));
  const models = join(dir, "models");
  for (const file of [
    join(models, "champion.json"),
    join(features ?? join(dir, "features"), "terminal", "latest.json"),
    join(dir, SIGNING_KEY),
  ]) {
    if (!existsSync(file)) throw new Error(`${dir} is not a bundle: ${file} is missing`);
  }
  const signingPublicKeyPem = createPublicKey(readFileSync(join(dir, SIGNING_KEY)))
    .export({ type: "spki", format: "pem" })
    .toString();
  return { models, features: features as string, signingPublicKeyPem, origin };
}

/** The bundle at `override`, or the cached one for the current inputs (trained now if absent). */
export async function benchBundle(override?: string): Promise<BenchBundle> {
  if (override !== undefined) return checked(resolve(override), `given: ${resolve(override)}`);
  const root = join(REPO, ".cache", "bench-bundle");
  const dir = join(root, bundleKey());
  if (existsSync(join(dir, "models", "champion.json"))) return checked(dir, `cached: ${dir}`);
  mkdirSync(root, { recursive: true });
  const work = mkdtempSync(`${dir}.tmp-`);
  try {
    console.log(
      `training a bench bundle (cached in ${dir}): simulating ${JSON.stringify(BUNDLE_SIMULATION)}...`,
    );
    await generateDataset({ out: join(work, "raw"), params: BUNDLE_SIMULATION });
    mkdirSync(join(work, "keys"));
    const { privateKey } = generateKeyPairSync("ed25519");
    writeFileSync(join(work, SIGNING_KEY), privateKey.export({ type: "pkcs8", format: "pem" }), {
      mode: 0o600,
    });
    console.log("  running the training pipeline (Spark, local mode)...");
    const run = spawnSync(
      PYTHON,
      [
        "-m",
        "antifraud_training.pipeline",
        "--raw",
        join(work, "raw"),
        "--work",
        join(work, "work"),
        "--models",
        join(work, "models"),
        "--signing-key",
        join(work, SIGNING_KEY),
        ...TRAINING,
      ],
      { stdio: "inherit", env: { ...process.env, PYSPARK_PYTHON: PYTHON, SPARK_LOCAL_IP: "127.0.0.1" } },
    );
    if (run.status !== 0) throw new Error(`the training pipeline failed (exit ${run.status})`);
    renameSync(join(work, "work", "features"), join(work, "features"));
    rmSync(join(work, "raw"), { recursive: true, force: true });
    rmSync(join(work, "work"), { recursive: true, force: true });
    renameSync(work, dir);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  return checked(dir, `trained now: ${dir}`);
}
