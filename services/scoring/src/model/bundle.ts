import crypto from "node:crypto";
import { planFeatures, UnservableSpec, type FeaturePlan } from "../features/compute";
import { parseBundleFeatures, type FeatureSpec } from "../features/spec";
import type { ArtifactStore } from "../artifacts/artifact-store";
import type { FeatureReference } from "../drift/feature-histogram";
import { type Champion, championSchema, type Manifest, manifestSchema } from "./manifest";
import { featureReferences } from "./feature-references";
import { OnnxModel } from "./onnx-model";

/** A verified model in service. */
export interface LoadedModel {
  version: string;
  createdAt: Date;
  threshold: number;
  specVersion: string;
  /** The model's own feature spec bound to the service's windows. */
  features: FeaturePlan;
  manifest: Manifest;
  /** The reference distribution per feature (spec order) for PSI; null for bundles without one. */
  featureReference: FeatureReference[] | null;
  onnx: OnnxModel;
  loadedAt: Date;
  loadSeconds: number;
}

export type BundleRejectReason =
  | "unreadable"
  | "unsigned"
  | "bad_signature"
  | "bad_manifest"
  | "unsafe_path"
  | "version_mismatch"
  | "checksum_mismatch"
  | "spec_mismatch"
  | "bad_onnx"
  | "probe_failed";

/** Why a bundle was refused; `reason` is a metric label (bounded set). */
export class BundleRejected extends Error {
  constructor(
    readonly reason: BundleRejectReason,
    message: string,
  ) {
    super(message);
    this.name = "BundleRejected";
  }

  /** The store failed, not the bundle: worth retrying as it is. */
  get transient(): boolean {
    return this.reason === "unreadable";
  }
}

export const PROBE_ROWS = 8;

/** The bundle's copy of the feature spec it was trained on (services/training's export writes it). */
export const BUNDLE_FEATURES_FILE = "features.json";

/**
 * The features to compute for a bundle: its own features.json (covered by the manifest's checksum,
 * hence by the signature), which may be an earlier spec version than the service's, as long as the
 * store keeps its customer windows and the snapshot its terminal windows. A bundle without one is
 * served only on the service's own spec version.
 */
function featurePlan(
  manifest: Manifest,
  featuresBytes: Buffer | undefined,
  service: FeatureSpec,
): FeaturePlan {
  let own: FeatureSpec = service;
  if (featuresBytes !== undefined) {
    try {
      own = parseBundleFeatures(safeJson(featuresBytes));
    } catch (err) {
      throw new BundleRejected("spec_mismatch", `${BUNDLE_FEATURES_FILE}: ${(err as Error).message}`);
    }
  }
  if (manifest.feature_spec_version !== own.version) {
    throw new BundleRejected(
      "spec_mismatch",
      featuresBytes === undefined
        ? `model built for feature spec ${manifest.feature_spec_version}, service runs ${service.version} and the bundle has no ${BUNDLE_FEATURES_FILE}`
        : `manifest says feature spec ${manifest.feature_spec_version}, ${BUNDLE_FEATURES_FILE} ${own.version}`,
    );
  }
  if (manifest.feature_names.join(",") !== own.names.join(",")) {
    throw new BundleRejected("spec_mismatch", `feature names differ: ${manifest.feature_names.join(",")}`);
  }
  try {
    return planFeatures(own, service);
  } catch (err) {
    if (err instanceof UnservableSpec) throw new BundleRejected("spec_mismatch", err.message);
    throw err;
  }
}

export async function readChampion(store: ArtifactStore): Promise<Champion> {
  const raw = await store.read("champion.json").catch((err: Error) => {
    throw new BundleRejected("unreadable", `champion.json: ${err.message}`);
  });
  const parsed = championSchema.safeParse(safeJson(raw));
  if (!parsed.success) throw new BundleRejected("bad_manifest", `champion.json: ${parsed.error.message}`);
  return parsed.data;
}

export const sha256Hex = (bytes: Uint8Array): string =>
  crypto.createHash("sha256").update(bytes).digest("hex");

/** Bundle file names: flat, no separators, no leading dot, so `<version>/<name>` stays inside the bundle. */
const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Loads `<version>/` and refuses it unless: `manifest.sig` is an Ed25519 signature of the exact
 * manifest bytes by one of `signingKeys` (the training pipeline's key; checked before anything in
 * the manifest is trusted); the manifest matches the champion's digest (when given), parses, names
 * this version, lists model.onnx and only flat, path-safe file names; every listed file matches its
 * sha256 (and the model the champion's digest); its feature spec (its own features.json, see
 * featurePlan) can be served on the service's windows; and the probe batches behave (see `probe`).
 */
export async function loadBundle(
  store: ArtifactStore,
  champion: Champion,
  spec: FeatureSpec,
  signingKeys: readonly crypto.KeyObject[],
): Promise<LoadedModel> {
  const started = process.hrtime.bigint();
  const { version } = champion;
  const read = (file: string) =>
    store.read(`${version}/${file}`).catch((err: Error) => {
      throw new BundleRejected("unreadable", `${version}/${file}: ${err.message}`);
    });
  const manifestBytes = await read("manifest.json");
  verifyManifestSignature(version, manifestBytes, await readSignature(store, version), signingKeys);
  if (champion.manifest_sha256 !== undefined && sha256Hex(manifestBytes) !== champion.manifest_sha256) {
    throw new BundleRejected(
      "checksum_mismatch",
      `${version}/manifest.json does not match champion.json's manifest_sha256`,
    );
  }
  const parsed = manifestSchema.safeParse(safeJson(manifestBytes));
  if (!parsed.success)
    throw new BundleRejected("bad_manifest", `${version}/manifest.json: ${parsed.error.message}`);
  const manifest = parsed.data;
  if (manifest.version !== version) {
    throw new BundleRejected("version_mismatch", `manifest says ${manifest.version}, folder is ${version}`);
  }
  if (!("model.onnx" in manifest.files))
    throw new BundleRejected("bad_manifest", "manifest lists no model.onnx");
  const unsafe = Object.keys(manifest.files).filter(
    (f) => !SAFE_FILE_NAME.test(f) || f === MANIFEST_FILE || f === SIGNATURE_FILE,
  );
  if (unsafe.length > 0) {
    throw new BundleRejected(
      "unsafe_path",
      `manifest lists file names outside [A-Za-z0-9._-] (or the manifest/signature itself): ${unsafe
        .slice(0, 3)
        .map((f) => JSON.stringify(f.slice(0, 80)))
        .join(", ")}`,
    );
  }
  let modelBytes: Buffer | undefined;
  let featuresBytes: Buffer | undefined;
  for (const [file, { sha256 }] of Object.entries(manifest.files)) {
    const bytes = await read(file);
    const actual = sha256Hex(bytes);
    if (actual !== sha256)
      throw new BundleRejected("checksum_mismatch", `${file}: sha256 ${actual}, manifest ${sha256}`);
    if (file === "model.onnx") modelBytes = bytes;
    if (file === BUNDLE_FEATURES_FILE) featuresBytes = bytes;
  }
  if (champion.model_sha256 !== undefined && manifest.files["model.onnx"]!.sha256 !== champion.model_sha256) {
    throw new BundleRejected("checksum_mismatch", "model.onnx does not match champion.json's model_sha256");
  }
  const features = featurePlan(manifest, featuresBytes, spec);
  let featureReference: FeatureReference[] | null;
  try {
    featureReference = featureReferences(manifest);
  } catch (err) {
    throw new BundleRejected("bad_manifest", `${version}/manifest.json: ${(err as Error).message}`);
  }
  const width = features.spec.names.length;
  const onnx = await OnnxModel.load(modelBytes!, width).catch((err: Error) => {
    throw new BundleRejected("bad_onnx", err.message);
  });
  try {
    await probe(onnx, width);
  } catch (err) {
    await onnx.release();
    throw new BundleRejected("probe_failed", (err as Error).message);
  }
  return {
    version,
    createdAt: new Date(manifest.created_at),
    threshold: manifest.threshold.value,
    specVersion: manifest.feature_spec_version,
    features,
    manifest,
    featureReference,
    onnx,
    loadedAt: new Date(),
    loadSeconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

/**
 * Runs the model on batches of 1, 2, ..., PROBE_ROWS rows and refuses it unless every score is a
 * probability, a row scores the same (1e-5) whatever the batch it is in, and the rows do not all
 * get one score: a model answering a constant would decline or approve everything.
 */
export async function probe(onnx: OnnxModel, width: number): Promise<void> {
  const rows = probeRows(width);
  const alone: number[] = [];
  for (let n = 1; n <= PROBE_ROWS; n++) {
    const scores = await onnx.predict(rows.subarray(0, n * width), n);
    for (let i = 0; i < n; i++) {
      const p = scores[i]!;
      if (!(Number.isFinite(p) && p >= 0 && p <= 1)) {
        throw new Error(`batch of ${n}: row ${i} scores ${p}, not a probability in [0, 1]`);
      }
      if (i === n - 1) alone.push(p);
      else if (Math.abs(p - alone[i]!) > 1e-5) {
        throw new Error(`row ${i} scores ${alone[i]} in a batch of ${i + 1} but ${p} in a batch of ${n}`);
      }
    }
  }
  if (Math.max(...alone) - Math.min(...alone) < 1e-6) {
    throw new Error(`every probe row scores ${alone[0]}: the model answers a constant`);
  }
}

/**
 * Deterministic rows from all-zero to large magnitudes, like real features (amounts, counts,
 * ratios, risks); row r is the same in every batch, which the batch-size check relies on.
 */
function probeRows(width: number): Float32Array {
  const rows = new Float32Array(PROBE_ROWS * width);
  for (let r = 0; r < PROBE_ROWS; r++) {
    for (let c = 0; c < width; c++) {
      rows[r * width + c] = r === 0 ? 0 : ((r * 37 + c * 11) % 97) * 10 ** ((r + c) % 4) * (r % 2 ? 1 : 0.01);
    }
  }
  return rows;
}

export const MANIFEST_FILE = "manifest.json";
export const SIGNATURE_FILE = "manifest.sig";

/** `<version>/manifest.sig` (format antifraud.manifest-signature v1, services/training README). */
interface SignatureFile {
  algorithm: "ed25519";
  signature: string;
}

async function readSignature(store: ArtifactStore, version: string): Promise<SignatureFile> {
  let bytes: Buffer;
  try {
    bytes = await store.read(`${version}/${SIGNATURE_FILE}`);
  } catch (err) {
    if (isNotFound(err)) throw new BundleRejected("unsigned", `${version}/${SIGNATURE_FILE} is missing`);
    throw new BundleRejected("unreadable", `${version}/${SIGNATURE_FILE}: ${(err as Error).message}`);
  }
  const parsed = safeJson(bytes) as Partial<SignatureFile> | undefined;
  if (parsed?.algorithm !== "ed25519" || typeof parsed.signature !== "string") {
    throw new BundleRejected(
      "bad_signature",
      `${version}/${SIGNATURE_FILE} is not an ed25519 signature file`,
    );
  }
  return parsed as SignatureFile;
}

function verifyManifestSignature(
  version: string,
  manifest: Buffer,
  file: SignatureFile,
  keys: readonly crypto.KeyObject[],
): void {
  const signature = Buffer.from(file.signature, "base64");
  const ok = signature.length === 64 && keys.some((key) => crypto.verify(null, manifest, key, signature));
  if (!ok) {
    throw new BundleRejected(
      "bad_signature",
      `${version}/manifest.json is not signed by any of the ${keys.length} configured model signing key(s)`,
    );
  }
}

/** Not-found from the local store (ENOENT) or S3 (NoSuchKey / 404). */
function isNotFound(err: unknown): boolean {
  const e = err as { code?: string; name?: string; $metadata?: { httpStatusCode?: number } };
  return e.code === "ENOENT" || e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404;
}

/** Ed25519 public keys from PEM text (MODEL_SIGNING_PUBLIC_KEYS). */
export function signingKeysFromPem(pems: readonly string[]): crypto.KeyObject[] {
  return pems.map((pem) => {
    const key = crypto.createPublicKey(pem);
    if (key.asymmetricKeyType !== "ed25519") {
      throw new Error(`model signing keys must be Ed25519, got ${key.asymmetricKeyType}`);
    }
    return key;
  });
}

function safeJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
}
