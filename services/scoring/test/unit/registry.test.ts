import fs from "node:fs";
import path from "node:path";
import { METRIC } from "../../src/metrics/names";
import { promote, resignManifest, writeFixtureBundle, writeFixtureSnapshot } from "../support/bundle-fixture";
import { testKeyPair } from "../support/signing-keys";
import { fixtureRuntime, metricValue, sampleTx, spec, validTx } from "../helpers";
import { LocalArtifactStore } from "../../src/artifacts/artifact-store";
import { parseBundleFeatures } from "../../src/features/spec";
import { loadBundle, readChampion, signingKeysFromPem } from "../../src/model/bundle";
import type { Transaction } from "../../src/features/transaction";

const tx = (): Transaction => validTx(sampleTx());

describe("model registry", () => {
  test("a new champion is verified and swapped in; the old version scored until then", async () => {
    const rt = await fixtureRuntime();
    expect((await rt.scorer.score([tx()], "http"))[0]!.model_version).toBe("v1");
    writeFixtureBundle(rt.modelsRoot, {
      version: "v2",
      spec,
      threshold: 0.7,
      createdAt: "2026-01-02T00:00:00Z",
    });
    expect(await rt.models.refresh()).toBe("loaded");
    const [r] = await rt.scorer.score([tx()], "http");
    expect(r).toMatchObject({ model_version: "v2", threshold: 0.7 });
    expect(await rt.models.refresh()).toBe("unchanged");
    expect(
      await metricValue(rt.registry, METRIC.reloads, { artifact: "model", result: "loaded", reason: "" }),
    ).toBe(2);
    expect(
      await metricValue(rt.registry, METRIC.modelInfo, { version: "v2", spec_version: spec.version }),
    ).toBe(1);
    expect(
      await metricValue(rt.registry, METRIC.modelInfo, { version: "v1", spec_version: spec.version }),
    ).toBeUndefined();
    expect(await metricValue(rt.registry, METRIC.modelThreshold)).toBe(0.7);
  });

  test("a bundle trained on an earlier spec version is served with its own features.json", async () => {
    const rt = await fixtureRuntime();
    const earlier = parseBundleFeatures({
      spec_version: "1.1.0",
      features: spec.features.filter((f) => f.kind !== "customer_max_over_avg"),
    });
    expect(earlier.names).toHaveLength(spec.names.length - 1);
    writeFixtureBundle(rt.modelsRoot, { version: "v-earlier", spec: earlier, withFeatures: true });
    expect(await rt.models.refresh()).toBe("loaded");
    const model = rt.models.current!;
    expect([model.specVersion, model.features.spec.names]).toEqual(["1.1.0", earlier.names]);
    const [r] = await rt.scorer.score([tx()], "http");
    expect(r!.model_version).toBe("v-earlier");
    const [row] = await rt.featureRows([tx()], model.features);
    expect(row).toHaveLength(earlier.names.length);
    expect(
      await metricValue(rt.registry, METRIC.modelInfo, { version: "v-earlier", spec_version: "1.1.0" }),
    ).toBe(1);
  });

  test.each([
    [
      "a customer window the store does not keep",
      { name: "customer_nb_tx_14d", kind: "customer_count", window_days: 14 },
      "feature spec 0.5.0 needs customer windows of 14 days; the store keeps 1, 7, 30",
    ],
    [
      "a terminal window the snapshot does not hold",
      { name: "terminal_risk_3d", kind: "terminal_risk", window_days: 3, delay_days: 7 },
      "feature spec 0.5.0 needs terminal windows the snapshot does not hold: 3d after 7d",
    ],
  ])("a bundle whose spec needs %s is refused (spec_mismatch)", async (_case, extra, message) => {
    const rt = await fixtureRuntime();
    const needy = parseBundleFeatures({ spec_version: "0.5.0", features: [...spec.features, extra] });
    writeFixtureBundle(rt.modelsRoot, { version: "needy", spec: needy, withFeatures: true });
    const store = new LocalArtifactStore(rt.modelsRoot);
    const keys = signingKeysFromPem([testKeyPair("model-signing").publicKeyPem]);
    await expect(loadBundle(store, await readChampion(store), spec, keys)).rejects.toMatchObject({
      reason: "spec_mismatch",
      message,
    });
    expect(await rt.models.refresh()).toBe("rejected");
    expect(rt.models.current!.version).toBe("v1");
  });

  test.each([
    [
      "checksum_mismatch",
      (root: string) => writeFixtureBundle(root, { version: "bad", spec, corruptChecksum: true }),
    ],
    [
      "bad_onnx",
      (root: string) =>
        writeFixtureBundle(root, { version: "bad", spec, modelBytes: Buffer.from("not onnx") }),
    ],
    [
      "spec_mismatch",
      (root: string) => writeFixtureBundle(root, { version: "bad", spec: { ...spec, version: "0.9.0" } }),
    ],
    [
      "bad_onnx",
      (root: string) => writeFixtureBundle(root, { version: "bad", spec, weights: [1, 2, 3] }), // 3 inputs for a spec of many more features
    ],
    [
      "version_mismatch",
      (root: string) => {
        writeFixtureBundle(root, { version: "bad", spec });
        const file = path.join(root, "bad", "manifest.json");
        fs.writeFileSync(
          file,
          fs.readFileSync(file, "utf8").replace('"version": "bad"', '"version": "other"'),
        );
        resignManifest(root, "bad");
        promote(root, "bad");
      },
    ],
    [
      "bad_manifest",
      (root: string) => {
        writeFixtureBundle(root, { version: "bad", spec });
        fs.writeFileSync(path.join(root, "bad", "manifest.json"), "{}");
        resignManifest(root, "bad");
        promote(root, "bad");
      },
    ],
    [
      "checksum_mismatch",
      (root: string) => {
        // Edited after promotion: champion.json's manifest_sha256 no longer matches.
        writeFixtureBundle(root, { version: "bad", spec });
        const file = path.join(root, "bad", "manifest.json");
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"value": 0.5', '"value": 0.01'));
        resignManifest(root, "bad");
      },
    ],
    ["unsigned", (root: string) => writeFixtureBundle(root, { version: "bad", spec, signingKey: null })],
    [
      "bad_signature",
      (root: string) =>
        writeFixtureBundle(root, { version: "bad", spec, signingKey: testKeyPair("other").privateKey }),
    ],
    [
      "bad_signature",
      (root: string) => {
        // A consistent tampered bundle: new threshold, fresh champion digests, the old signature.
        writeFixtureBundle(root, { version: "bad", spec });
        const file = path.join(root, "bad", "manifest.json");
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"value": 0.5', '"value": 0.99'));
        promote(root, "bad");
      },
    ],
    [
      "unsafe_path",
      (root: string) =>
        writeFixtureBundle(root, {
          version: "bad",
          spec,
          extraFiles: { "../v1/model.onnx": { sha256: "0".repeat(64), bytes: 1 } },
        }),
    ],
    [
      "probe_failed",
      // Every weight 0: the model answers sigmoid(bias) whatever the transaction.
      (root: string) => writeFixtureBundle(root, { version: "bad", spec, weights: spec.names.map(() => 0) }),
    ],
  ])("a bundle failing with %s is rejected, counted, and v1 keeps serving", async (reason, breakIt) => {
    const rt = await fixtureRuntime();
    breakIt(rt.modelsRoot);
    expect(await rt.models.refresh()).toBe("rejected");
    expect(rt.models.current?.version).toBe("v1");
    expect((await rt.scorer.score([tx()], "http"))[0]!.model_version).toBe("v1");
    expect(
      await metricValue(rt.registry, METRIC.reloads, { artifact: "model", result: "rejected", reason }),
    ).toBe(1);
    // The same bad bundle is not retried on every poll...
    expect(await rt.models.refresh()).toBe("unchanged");
    // ...but a good champion is picked up.
    writeFixtureBundle(rt.modelsRoot, { version: "v3", spec });
    expect(await rt.models.refresh()).toBe("loaded");
    expect(rt.models.current?.version).toBe("v3");
  });
});

test("a store read error is retried with backoff, not held against the version; not ready meanwhile", async () => {
  const rt = await fixtureRuntime({ load: false });
  writeFixtureSnapshot(rt.featuresRoot, "2019-09-20", [], { specVersion: spec.version });
  await rt.snapshots.refresh();
  promote(rt.modelsRoot, "v5");
  expect(await rt.models.refresh()).toBe("retrying");
  expect(rt.models.current).toBeNull();
  expect(
    await metricValue(rt.registry, METRIC.reloads, {
      artifact: "model",
      result: "retrying",
      reason: "unreadable",
    }),
  ).toBe(1);
  expect(rt.models.retryDelayMs(1)).toBe(500);
  expect(rt.models.retryDelayMs(3)).toBe(2000);
  expect(rt.models.retryDelayMs(30)).toBe(30_000);
  // The files arrive (an upload finishing, the store recovering): the scheduled retry loads them.
  writeFixtureBundle(rt.modelsRoot, { version: "v5", spec });
  const deadline = Date.now() + 10_000;
  while (rt.models.current === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(rt.models.current?.version).toBe("v5");
  rt.models.stop();
});

describe("terminal snapshot registry", () => {
  test("the snapshot latest.json points at is served, and a newer pointer swaps it", async () => {
    const rt = await fixtureRuntime();
    expect(rt.snapshots.current?.asOfDay).toBe("2019-09-20");
    writeFixtureSnapshot(
      rt.featuresRoot,
      "2019-09-21",
      [{ terminal_id: 7, day: "2019-09-13", tx_count: 1, fraud_count: 1 }],
      { specVersion: spec.version },
    );
    expect(await rt.snapshots.refresh()).toBe("loaded");
    expect(rt.snapshots.current?.asOfDay).toBe("2019-09-21");
    expect(await metricValue(rt.registry, METRIC.terminalSnapshotInfo, { as_of_day: "2019-09-21" })).toBe(1);
    expect(
      await metricValue(rt.registry, METRIC.terminalSnapshotInfo, { as_of_day: "2019-09-20" }),
    ).toBeUndefined();
  });

  test.each([
    [
      "checksum_mismatch",
      (root: string) =>
        writeFixtureSnapshot(root, "2019-09-22", [], {
          specVersion: spec.version,
          pointerSha256: "a".repeat(64),
        }),
    ],
    [
      "invalid",
      (root: string) =>
        writeFixtureSnapshot(root, "2019-09-22", [], {
          specVersion: spec.version,
          bytes: Buffer.from("garbage"),
        }),
    ],
    ["invalid", (root: string) => writeFixtureSnapshot(root, "2019-09-22", [], { specVersion: "0.0.1" })],
    [
      "invalid",
      (root: string) => {
        const file = writeFixtureSnapshot(root, "2019-09-22", [], { specVersion: spec.version });
        const bytes = fs.readFileSync(file);
        const pointer = JSON.parse(fs.readFileSync(path.join(root, "terminal", "latest.json"), "utf8"));
        // A pointer naming another day than the snapshot's content.
        fs.writeFileSync(
          path.join(root, "terminal", "latest.json"),
          JSON.stringify({ ...pointer, as_of_day: "2019-09-23" }),
        );
        return bytes;
      },
    ],
    ["bad_pointer", (root: string) => fs.writeFileSync(path.join(root, "terminal", "latest.json"), "{")],
    ["unreadable", (root: string) => fs.rmSync(path.join(root, "terminal", "latest.json"))],
  ])(
    "a snapshot failing with %s is refused (retried if the store failed), and the old one keeps serving",
    async (reason, breakIt) => {
      const rt = await fixtureRuntime();
      breakIt(rt.featuresRoot);
      const result = reason === "unreadable" ? "retrying" : "rejected";
      expect(await rt.snapshots.refresh()).toBe(result);
      expect(rt.snapshots.current?.asOfDay).toBe("2019-09-20");
      expect(
        await metricValue(rt.registry, METRIC.reloads, { artifact: "terminal_snapshot", result, reason }),
      ).toBe(1);
      rt.snapshots.stop();
    },
  );
});
