/**
 * Loads TypeScript the way the Pulumi CLI's nodejs runtime does, without the CLI: working directory
 * = the program (or policy pack) directory, the SDK's own choice of ts-node and typescript, the
 * directory's tsconfig.json, type checking on. Mirrors @pulumi/pulumi cmd/run/run.js (program) and
 * cmd/run-policy-pack/run.js (policy pack) of the pinned SDK.
 *
 *   node infra/testing/pulumi-ts-node.cjs program <stack>   runs infra/index.ts under mocks
 *   node infra/testing/pulumi-ts-node.cjs policy-pack       loads policies/src/policies.ts
 *
 * Prints one JSON line: program -> {exports, resources: [type, name][]}; policy-pack -> {policies}.
 * A compile error (TSError) exits non-zero with the compiler's message on stderr.
 */
const fs = require("node:fs");
const path = require("node:path");

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const SDK_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [REPO_ROOT] }));
const tsutils = require(path.join(SDK_DIR, "tsutils.js"));
const TSCONFIG = "tsconfig.json";

function register(options) {
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  const resolve = (id) => require.resolve(id, { paths: [SDK_DIR] });
  require(resolve(tsnodeRequire)).register({ ...options, compiler: resolve(typescriptRequire) });
}

async function runProgram(stack) {
  process.chdir(path.join(REPO_ROOT, "infra"));
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions(TSCONFIG);
  register({
    transpileOnly: compilerOptions.noCheck,
    project: TSCONFIG,
    skipProject: !fs.existsSync(TSCONFIG),
    compilerOptions: {},
  });
  const pulumi = require(SDK_DIR);
  const { readProjectFile, readStackConfigFile } = require(path.resolve("testing/stack-files.ts"));
  const { mockResource } = require(path.resolve("testing/mock-outputs.ts"));
  const { OFFLINE_SECRET_CONFIG } = require(path.resolve("testing/offline-secrets.ts"));
  const { config } = readStackConfigFile(stack);
  pulumi.runtime.setAllConfig({ ...config, ...OFFLINE_SECRET_CONFIG }, Object.keys(OFFLINE_SECRET_CONFIG));
  const resources = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push([args.type, args.name]);
        return args.custom ? mockResource(args.type, args.name, args.inputs) : { id: undefined, state: {} };
      },
      call: (args) => {
        throw new Error(`no answer for invoke ${args.token}`);
      },
    },
    readProjectFile().name,
    stack,
    false,
  );
  const program = require(path.resolve("index.ts"));
  await pulumi.runtime.waitForRPCs();
  return { exports: Object.keys(program), resources };
}

function loadPolicyPack() {
  process.chdir(path.join(REPO_ROOT, "policies"));
  const fromSdk = (id) => require(require.resolve(id, { paths: [SDK_DIR] }));
  const ts = fromSdk(tsutils.typeScriptRequireStrings().typescriptRequire);
  const semver = fromSdk("semver");
  const nodeNext = semver.gte(ts.version, "4.7.0");
  register({
    typeCheck: true,
    skipProject: !fs.existsSync(TSCONFIG),
    compilerOptions: {
      target: "ES2020",
      module: nodeNext ? "nodenext" : "commonjs",
      moduleResolution: nodeNext ? "nodenext" : "node",
      sourceMap: "true",
      ...tsutils.loadTypeScriptCompilerOptions(TSCONFIG),
    },
  });
  const { policies } = require(path.resolve("src/policies.ts"));
  return { policies: policies.map((p) => p.name) };
}

async function main() {
  const [mode, stack = "dev"] = process.argv.slice(2);
  if (mode === "program") return runProgram(stack);
  if (mode === "policy-pack") return loadPolicyPack();
  throw new Error("usage: pulumi-ts-node.cjs program <stack> | policy-pack");
}

main().then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
