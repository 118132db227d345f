/** Shared jest settings for the workspaces: ts-jest transpiles (tsc type-checks separately in `npm test`). */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/../../tsconfig.base.json" }] },
  testMatch: ["<rootDir>/**/test/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  testTimeout: 30000,
};
