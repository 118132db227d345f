import type { Logger } from "pino";
import type { FeatureSpec } from "../features/spec";
import type { Metrics } from "../metrics/metrics";
import type { ArtifactStore } from "../artifacts/artifact-store";
import {
  BundleRejected,
  type LoadedModel,
  loadBundle,
  readChampion,
  sha256Hex,
  signingKeysFromPem,
} from "./bundle";
import { HotReloader } from "../artifacts/hot-reloader";

/** The champion model, hot-reloaded from `<models-root>/champion.json`. */
export function createModelRegistry(deps: {
  store: ArtifactStore;
  spec: FeatureSpec;
  /** PEM public keys (Ed25519) a manifest must be signed by. */
  signingKeys: readonly string[];
  metrics: Metrics;
  logger: Logger;
}): HotReloader<LoadedModel> {
  const { store, spec, metrics, logger } = deps;
  const keys = signingKeysFromPem(deps.signingKeys);
  if (keys.length === 0) throw new Error("at least one model signing key is needed");
  return new HotReloader<LoadedModel>({
    artifact: "model",
    metrics,
    logger,
    async locate() {
      const champion = await readChampion(store);
      const { version } = champion;
      // The manifest digest is part of the key, so a bundle republished under the same version reloads.
      const manifest = await store.read(`${version}/manifest.json`).catch((err: Error) => {
        throw new BundleRejected("unreadable", `${version}/manifest.json: ${err.message}`);
      });
      return {
        key: `${version}@${sha256Hex(manifest)}`,
        load: () => loadBundle(store, champion, spec, keys),
      };
    },
    reasonOf: (err) => (err instanceof BundleRejected ? err.reason : "unexpected"),
    isTransient: (err) => err instanceof BundleRejected && err.transient,
    onSwap(model) {
      metrics.modelInfo.reset();
      metrics.modelInfo.set({ version: model.version, spec_version: model.specVersion }, 1);
      metrics.modelCreatedTimestamp.set(model.createdAt.getTime() / 1000);
      metrics.modelLoadedTimestamp.set(model.loadedAt.getTime() / 1000);
      metrics.modelLoadDuration.set(model.loadSeconds);
      metrics.modelThreshold.set(model.threshold);
    },
    dispose: (old) => old.onnx.release(),
  });
}
