import { LocalArtifactStore } from "../../src/artifacts/artifact-store";
import { METRIC } from "../../src/metrics/names";
import { loadBundle, readChampion, signingKeysFromPem } from "../../src/model/bundle";
import { writeFixtureBundle } from "../support/bundle-fixture";
import { testKeyPair } from "../support/signing-keys";
import { fixtureRuntime, metricValue, sampleTx, spec, validTx } from "../helpers";

/** tx_amount split at 100 half and half; every other feature in one bin (its PSI is 0). */
function distribution(over: { names?: string[]; amountProportions?: number[] } = {}) {
  return {
    source: "train",
    rows: 1000,
    features: (over.names ?? spec.names).map((name) =>
      name === "tx_amount"
        ? { name, edges: [100], proportions: over.amountProportions ?? [0.5, 0.5] }
        : { name, edges: [], proportions: [1] },
    ),
  };
}

const txs = (amounts: number[]) =>
  amounts.map((tx_amount, i) =>
    validTx(sampleTx({ transaction_id: i + 1, customer_id: 100 + i, tx_amount })),
  );

const psiOf = (registry: Parameters<typeof metricValue>[0], version: string, feature: string) =>
  metricValue(registry, METRIC.featurePsi, { model_version: version, feature });

describe("PSI of served features", () => {
  test("a bundle without feature_distribution (older bundles) is served and exports no PSI", async () => {
    const rt = await fixtureRuntime({ driftWindowRows: 10 });
    expect(rt.models.current?.featureReference).toBeNull();
    await rt.scorer.score(txs([10, 500]), "http");
    expect((await rt.registry.getSingleMetric(METRIC.featurePsi)!.get()).values).toEqual([]);
    expect((await rt.registry.getSingleMetric(METRIC.featurePsiWindowRows)!.get()).values).toEqual([]);
  });

  test("PSI per feature against the bundle's proportions over the last rows; a new version starts afresh", async () => {
    const rt = await fixtureRuntime({ driftWindowRows: 4 });
    writeFixtureBundle(rt.modelsRoot, { version: "v2", spec, featureDistribution: distribution() });
    expect(await rt.models.refresh()).toBe("loaded");
    // Five rows, a window of four: the 1000 leaves it, 3 of 4 amounts below 100 remain.
    await rt.scorer.score(txs([1000, 10, 20]), "http");
    await rt.scorer.score(txs([30, 500]), "stream");
    const expected = (0.75 - 0.5) * Math.log(0.75 / 0.5) + (0.25 - 0.5) * Math.log(0.25 / 0.5);
    expect(await psiOf(rt.registry, "v2", "tx_amount")).toBeCloseTo(expected, 12);
    expect(await psiOf(rt.registry, "v2", "customer_nb_tx_1d")).toBe(0);
    expect(await metricValue(rt.registry, METRIC.featurePsiWindowRows, { model_version: "v2" })).toBe(4);

    writeFixtureBundle(rt.modelsRoot, { version: "v3", spec });
    expect(await rt.models.refresh()).toBe("loaded");
    await rt.scorer.score(txs([10]), "http");
    expect(await psiOf(rt.registry, "v2", "tx_amount")).toBeUndefined();
    expect((await rt.registry.getSingleMetric(METRIC.featurePsi)!.get()).values).toEqual([]);
  });

  test.each([
    [
      "features out of order",
      distribution({ names: [...spec.names].reverse() }),
      "are not feature_names in order",
    ],
    [
      "proportions not summing to 1",
      distribution({ amountProportions: [0.5, 0.4] }),
      "tx_amount: proportions sum to 0.9",
    ],
    [
      "one proportion too few",
      distribution({ amountProportions: [1] }),
      "tx_amount: 1 edges need 2 proportions, got 1",
    ],
    [
      "edges not increasing",
      {
        ...distribution(),
        features: distribution().features.map((f) =>
          f.name === "tx_amount" ? { ...f, edges: [5, 5], proportions: [0.2, 0.3, 0.5] } : f,
        ),
      },
      "tx_amount: edges must be finite and strictly increasing",
    ],
  ])("a bundle with %s is rejected as bad_manifest", async (_name, featureDistribution, message) => {
    const rt = await fixtureRuntime({ driftWindowRows: 4 });
    writeFixtureBundle(rt.modelsRoot, { version: "bad", spec, featureDistribution });
    const store = new LocalArtifactStore(rt.modelsRoot);
    const keys = signingKeysFromPem([testKeyPair("model-signing").publicKeyPem]);
    await expect(loadBundle(store, await readChampion(store), spec, keys)).rejects.toMatchObject({
      reason: "bad_manifest",
      message: expect.stringContaining(message),
    });
    expect(await rt.models.refresh()).toBe("rejected");
    expect(rt.models.current?.version).toBe("v1");
  });
});
