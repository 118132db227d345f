import fs from "node:fs";
import path from "node:path";
import { METRIC } from "../../src/metrics/names";
import { promote, writeFixtureBundle, writeFixtureSnapshot } from "../../src/testing/bundle-fixture";
import { fixtureRuntime, metricValue, sampleTx, spec } from "../helpers";
import { validateTransaction, type Transaction } from "../../src/features/transaction";

const tx = (): Transaction => {
  const r = validateTransaction(sampleTx());
  if (!r.ok) throw new Error("fixture");
  return r.tx;
};

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
      (root: string) => writeFixtureBundle(root, { version: "bad", spec, weights: [1, 2, 3] }), // 3 inputs for a 15-feature spec
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
        promote(root, "bad");
      },
    ],
    [
      "bad_manifest",
      (root: string) => {
        writeFixtureBundle(root, { version: "bad", spec });
        fs.writeFileSync(path.join(root, "bad", "manifest.json"), "{}");
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
      },
    ],
    ["unreadable", (root: string) => promote(root, "missing")],
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
    if (reason !== "unreadable") expect(await rt.models.refresh()).toBe("unchanged");
    // ...but a good champion is picked up.
    writeFixtureBundle(rt.modelsRoot, { version: "v3", spec });
    expect(await rt.models.refresh()).toBe("loaded");
    expect(rt.models.current?.version).toBe("v3");
  });
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
    "a snapshot failing with %s is rejected, counted, and the old one keeps serving",
    async (reason, breakIt) => {
      const rt = await fixtureRuntime();
      breakIt(rt.featuresRoot);
      expect(await rt.snapshots.refresh()).toBe("rejected");
      expect(rt.snapshots.current?.asOfDay).toBe("2019-09-20");
      expect(
        await metricValue(rt.registry, METRIC.reloads, {
          artifact: "terminal_snapshot",
          result: "rejected",
          reason,
        }),
      ).toBe(1);
    },
  );
});
