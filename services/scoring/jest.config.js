const preset = require("../../jest.preset.js");

module.exports = {
  ...preset,
  displayName: "scoring",
  testEnvironment: "<rootDir>/test/onnx-environment.js",
  // fastify.inject -> light-my-request -> cookie@2, which ships ESM only; jest (unlike node 20.19+)
  // cannot require ESM, so that one package is transpiled to CommonJS for tests.
  transform: {
    ...preset.transform,
    "node_modules/cookie/.+\\.js$": ["ts-jest", { tsconfig: { allowJs: true, module: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!cookie/)"],
};
