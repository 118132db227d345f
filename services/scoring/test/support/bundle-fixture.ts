import type crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_FEATURE_SPEC_PATH } from "../../src/config/config";
import { type FeatureSpec, loadFeatureSpec } from "../../src/features/spec";
import { sha256Hex } from "../../src/model/bundle";
import { encodeTerminalSnapshot, type SnapshotRow } from "../../src/terminal/snapshot";
import { buildLogisticOnnx } from "./onnx-fixture";
import { signatureFile, testKeyPair } from "./signing-keys";

export interface FixtureBundleOptions {
  version: string;
  spec: FeatureSpec;
  weights?: readonly number[];
  bias?: number;
  threshold?: number;
  createdAt?: string;
  /** Replace the model bytes (e.g. with garbage) while keeping the checksum consistent. */
  modelBytes?: Buffer;
  /** Write a wrong checksum for model.onnx. */
  corruptChecksum?: boolean;
  /** Key the manifest is signed with; default the test model-signing key; null writes no signature. */
  signingKey?: crypto.KeyObject | null;
  /** Extra `files` entries of the manifest (e.g. path-unsafe names). */
  extraFiles?: Record<string, { sha256: string; bytes: number }>;
  promote?: boolean;
  /** The manifest's `feature_distribution` (PSI reference); none by default, like older bundles. */
  featureDistribution?: unknown;
  /** Ship `features.json` (the spec's version and features), as the training export does. Default false. */
  withFeatures?: boolean;
}

/** Default weights: a plausible fraud model over the spec (amount and terminal risk push up). */
export function defaultWeights(spec: FeatureSpec): number[] {
  return spec.features.map((f) => {
    if (f.kind === "tx_amount") return 0.004;
    if (f.kind === "terminal_risk") return 6;
    if (f.kind === "during_night") return 0.3;
    if (f.kind === "customer_amount_ratio") return 0.5;
    return 0.01;
  });
}

/** Writes `<root>/<version>/{model.onnx,manifest.json}` (and champion.json when `promote`). */
export function writeFixtureBundle(root: string, opts: FixtureBundleOptions): string {
  const dir = path.join(root, opts.version);
  fs.mkdirSync(dir, { recursive: true });
  const model =
    opts.modelBytes ?? buildLogisticOnnx(opts.weights ?? defaultWeights(opts.spec), opts.bias ?? -4);
  fs.writeFileSync(path.join(dir, "model.onnx"), model);
  const features = Buffer.from(
    JSON.stringify({ spec_version: opts.spec.version, features: opts.spec.features }, null, 2),
  );
  if (opts.withFeatures) fs.writeFileSync(path.join(dir, "features.json"), features);
  // The subset of services/training's manifest (format antifraud.model-bundle v1) the scorer reads.
  const manifest = {
    format: "antifraud.model-bundle",
    format_version: 1,
    version: opts.version,
    created_at: opts.createdAt ?? new Date().toISOString(),
    feature_spec_version: opts.spec.version,
    feature_names: opts.spec.names,
    threshold: { value: opts.threshold ?? 0.5, method: "fixture" },
    metrics: { note: "test fixture, not a trained model" },
    files: {
      "model.onnx": { sha256: opts.corruptChecksum ? "0".repeat(64) : sha256Hex(model), bytes: model.length },
      ...(opts.withFeatures
        ? { "features.json": { sha256: sha256Hex(features), bytes: features.length } }
        : {}),
      ...opts.extraFiles,
    },
    ...(opts.featureDistribution === undefined ? {} : { feature_distribution: opts.featureDistribution }),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(dir, "manifest.json"), manifestBytes);
  const key = opts.signingKey === undefined ? testKeyPair("model-signing").privateKey : opts.signingKey;
  const sigPath = path.join(dir, "manifest.sig");
  if (key === null) fs.rmSync(sigPath, { force: true });
  else fs.writeFileSync(sigPath, signatureFile(manifestBytes, key));
  if (opts.promote ?? true) promote(root, opts.version);
  return dir;
}

/** Signs `<version>/manifest.json` again as it now is (after a test edited it). */
export function resignManifest(
  root: string,
  version: string,
  key = testKeyPair("model-signing").privateKey,
): void {
  const dir = path.join(root, version);
  fs.writeFileSync(
    path.join(dir, "manifest.sig"),
    signatureFile(fs.readFileSync(path.join(dir, "manifest.json")), key),
  );
}

/** Points champion.json at `version` (with its digests when the bundle exists) by an atomic rename. */
export function promote(root: string, version: string): void {
  const read = (file: string) => {
    const p = path.join(root, version, file);
    return fs.existsSync(p) ? sha256Hex(fs.readFileSync(p)) : undefined;
  };
  const champion = {
    format: "antifraud.champion",
    format_version: 1,
    version,
    manifest: `${version}/manifest.json`,
    manifest_sha256: read("manifest.json"),
    model: `${version}/model.onnx`,
    model_sha256: read("model.onnx"),
  };
  const tmp = path.join(root, `.champion.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(champion));
  fs.renameSync(tmp, path.join(root, "champion.json"));
}

/** Writes `terminal/<day>.json.gz` (for the contract's spec version unless told) and points `terminal/latest.json` at it (atomic rename). */
export function writeFixtureSnapshot(
  featuresRoot: string,
  asOfDay: string,
  rows: readonly SnapshotRow[],
  opts: { specVersion?: string; bytes?: Buffer; pointerSha256?: string } = {},
): string {
  const dir = path.join(featuresRoot, "terminal");
  fs.mkdirSync(dir, { recursive: true });
  const name = `${asOfDay}.json.gz`;
  const bytes =
    opts.bytes ??
    encodeTerminalSnapshot(
      asOfDay,
      opts.specVersion ?? loadFeatureSpec(DEFAULT_FEATURE_SPEC_PATH).version,
      rows,
    );
  fs.writeFileSync(path.join(dir, name), bytes);
  const pointer = {
    as_of_day: asOfDay,
    path: name,
    sha256: opts.pointerSha256 ?? sha256Hex(bytes),
    bytes: bytes.length,
  };
  const tmp = path.join(dir, `.latest.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(pointer));
  fs.renameSync(tmp, path.join(dir, "latest.json"));
  return path.join(dir, name);
}
