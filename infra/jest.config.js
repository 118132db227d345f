const preset = require("../jest.preset.js");

module.exports = {
  ...preset,
  displayName: "infra",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/../tsconfig.base.json" }] },
};
