/** Root jest config: one project per workspace; each workspace owns its jest.config.js. */
module.exports = {
  projects: [
    "<rootDir>/services/contracts",
    "<rootDir>/services/simulator",
    "<rootDir>/services/scoring",
    "<rootDir>/scripts/local",
    "<rootDir>/infra",
    "<rootDir>/policies",
  ],
};
