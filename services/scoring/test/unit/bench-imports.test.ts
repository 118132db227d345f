/**
 * The benches (services/scoring/bench) run under tsx, outside jest, and import the test fixtures: those
 * modules must load without jest's globals (they once called afterAll at import and `npm run bench`
 * died before measuring anything).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);
const SERVICE_ROOT = path.resolve(__dirname, "..", "..");
const TSX = require.resolve("tsx/cli");

it.each([
  "test/integration/stream-fixture.ts",
  "test/integration/services.ts",
  "test/support/signing-keys.ts",
  "test/helpers.ts",
])("%s loads outside jest", async (module) => {
  const script = `require(${JSON.stringify(path.join(SERVICE_ROOT, module))}); console.log("loaded")`;
  const { stdout } = await exec(process.execPath, [TSX, "-e", script], {
    cwd: SERVICE_ROOT,
    timeout: 60_000,
  });
  expect(stdout).toBe("loaded\n");
});
