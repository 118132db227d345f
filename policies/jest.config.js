const preset = require("../jest.preset.js");

module.exports = {
  ...preset,
  displayName: "policies",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/../tsconfig.base.json" }] },
};
