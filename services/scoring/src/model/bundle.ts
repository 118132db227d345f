import crypto from "node:crypto";
import type { FeatureSpec } from "../features/spec";
import type { ArtifactStore } from "./artifact-store";
import { type Champion, championSchema, type Manifest, manifestSchema } from "./manifest";
import { OnnxModel } from "./onnx-model";

/** A verified model in service. */
export interface LoadedModel {
  version: string;
  createdAt: Date;
  threshold: number;
  specVersion: string;
  manifest: Manifest;
  onnx: OnnxModel;
  loadedAt: Date;
  loadSeconds: number;
}

/** Why a bundle was refused; `reason` is a metric label (bounded set). */
export class BundleRejected extends Error {
  constructor(
    readonly reason:
      | "unreadable"
      | "bad_manifest"
      | "version_mismatch"
      | "checksum_mismatch"
      | "spec_mismatch"
      | "bad_onnx"
      | "probe_failed",
    message: string,
  ) {
    super(message);
    this.name = "BundleRejected";
  }
}

export const PROBE_ROWS = 8;

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

/**
 * Loads `<version>/` and refuses it unless: the manifest matches the champion's digest (when given),
 * parses, names this version and lists model.onnx; every listed file matches its sha256 (and the
 * model the champion's digest); the feature names and spec version equal the spec in service; and
 * the session returns finite probabilities for a probe batch.
 */
export async function loadBundle(
  store: ArtifactStore,
  champion: Champion,
  spec: FeatureSpec,
): Promise<LoadedModel> {
  const started = process.hrtime.bigint();
  const { version } = champion;
  const read = (file: string) =>
    store.read(`${version}/${file}`).catch((err: Error) => {
      throw new BundleRejected("unreadable", `${version}/${file}: ${err.message}`);
    });
  const manifestBytes = await read("manifest.json");
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
  let modelBytes: Buffer | undefined;
  for (const [file, { sha256 }] of Object.entries(manifest.files)) {
    const bytes = await read(file);
    const actual = sha256Hex(bytes);
    if (actual !== sha256)
      throw new BundleRejected("checksum_mismatch", `${file}: sha256 ${actual}, manifest ${sha256}`);
    if (file === "model.onnx") modelBytes = bytes;
  }
  if (champion.model_sha256 !== undefined && manifest.files["model.onnx"]!.sha256 !== champion.model_sha256) {
    throw new BundleRejected("checksum_mismatch", "model.onnx does not match champion.json's model_sha256");
  }
  if (manifest.feature_spec_version !== spec.version) {
    throw new BundleRejected(
      "spec_mismatch",
      `model built for feature spec ${manifest.feature_spec_version}, service runs ${spec.version}`,
    );
  }
  if (manifest.feature_names.join(",") !== spec.names.join(",")) {
    throw new BundleRejected("spec_mismatch", `feature names differ: ${manifest.feature_names.join(",")}`);
  }
  const onnx = await OnnxModel.load(modelBytes!, spec.names.length).catch((err: Error) => {
    throw new BundleRejected("bad_onnx", err.message);
  });
  try {
    const probe = await onnx.predict(probeBatch(spec.names.length), PROBE_ROWS);
    if (!probe.every((p) => Number.isFinite(p) && p >= 0 && p <= 1)) {
      throw new Error(`probabilities outside [0, 1]: ${Array.from(probe).join(", ")}`);
    }
  } catch (err) {
    await onnx.release();
    throw new BundleRejected("probe_failed", (err as Error).message);
  }
  return {
    version,
    createdAt: new Date(manifest.created_at),
    threshold: manifest.threshold.value,
    specVersion: manifest.feature_spec_version,
    manifest,
    onnx,
    loadedAt: new Date(),
    loadSeconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

/** Deterministic rows spanning small and large magnitudes, like real features. */
function probeBatch(width: number): Float32Array {
  const rows = new Float32Array(PROBE_ROWS * width);
  for (let r = 0; r < PROBE_ROWS; r++) {
    for (let c = 0; c < width; c++)
      rows[r * width + c] = r === 0 ? 0 : ((r * 37 + c * 11) % 97) * 10 ** (r % 4);
  }
  return rows;
}

function safeJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
}
