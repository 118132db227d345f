import { FEATURE_SPEC_PATH, featureDefinitionSchema, loadFeatureSpec } from "@antifraud/contracts";
import { loadFeatureSpec as loadServedSpec, parseBundleFeatures } from "../../src/features/spec";

/**
 * The scorer keeps its own copy of the feature-spec schema (its image ships this package alone,
 * compiled; the contracts package is TypeScript source). This holds the copy to the contract: every
 * kind the contract defines, with its parameters, parses here with the same parameters.
 */
describe("the scorer's feature-spec schema and the contract's", () => {
  const kinds = featureDefinitionSchema.options.map((option) => {
    const { name: _name, kind, ...params } = option.shape;
    return { kind: kind.value, params: Object.keys(params).sort() };
  });

  it("accept every kind of the contract with the same parameters", () => {
    expect(kinds.length).toBeGreaterThanOrEqual(9);
    for (const { kind, params } of kinds) {
      const entry = { name: `f_${kind}`, kind, ...Object.fromEntries(params.map((p) => [p, 1])) };
      const [parsed] = parseBundleFeatures({ spec_version: "9.9.9", features: [entry] }).features;
      expect(parsed).toEqual(entry);
    }
  });

  it("read the committed spec alike", () => {
    const contract = loadFeatureSpec(FEATURE_SPEC_PATH);
    const served = loadServedSpec(FEATURE_SPEC_PATH);
    expect([served.version, served.features]).toEqual([contract.spec_version, contract.features]);
  });
});
