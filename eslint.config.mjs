import { readFileSync } from "node:fs";
import js from "@eslint/js";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

// Package boundaries: a workspace reaches another only by the package's name and public entry points
// (its exports), never by a relative path into it or into its src/. Production code may import only
// what its own package.json declares; tests, benches and test harnesses may also use the repository
// root's dev dependencies (the workspaces they exercise together: a workspace devDependency would put
// that workspace's runtime packages into the scoring image, npm ci --omit=dev keeps them).
const workspaces = JSON.parse(readFileSync(`${import.meta.dirname}/package.json`, "utf8")).workspaces;
const testCode = (dir) => [`${dir}/test/**`, `${dir}/bench/**`, `${dir}/**/testing/**`];
const extraneous = (packageDir) => ({
  "import-x/no-extraneous-dependencies": ["error", { packageDir, includeTypes: true }],
});
const boundaries = workspaces.flatMap((dir) => [
  { files: [`${dir}/**/*.ts`], ignores: testCode(dir), rules: extraneous([dir]) },
  { files: testCode(dir).map((glob) => `${glob}/*.ts`), rules: extraneous([dir, "."]) },
]);

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/coverage/**",
      ".venv*/**",
      ".cache/**",
      ".local/**",
      "services/training/**",
      ".stryker-tmp/**",
      "reports/mutation/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { process: "readonly", console: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
      eqeqeq: ["error", "always"],
    },
  },
  {
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })],
    },
    rules: {
      "import-x/no-relative-packages": "error",
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@antifraud/*/src", "@antifraud/*/src/**"],
              message: "import the package's entry point",
            },
          ],
        },
      ],
    },
  },
  ...boundaries,
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { module: "writable", require: "readonly", __dirname: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
