const preset = require("../jest.preset.js");

module.exports = {
  ...preset,
  displayName: "policies",
  setupFilesAfterEnv: ["<rootDir>/test/support/stop-pack.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/../tsconfig.base.json" }] },
};
