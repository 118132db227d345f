/**
 * The pack as the Pulumi CLI's policy runtime compiles it: working directory policies/, ts-node with
 * policies/tsconfig.json and type checking on.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { policies } from "../src/policies";

const REPO = path.resolve(__dirname, "..", "..");
const run = (args: string[]) =>
  spawnSync(process.execPath, args, { cwd: REPO, encoding: "utf8", timeout: 150_000 });

describe("policies/tsconfig.json", () => {
  it("type-checks the pack with tsc", () => {
    const tsc = run([
      path.join(REPO, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      "policies/tsconfig.json",
      "--noEmit",
    ]);
    expect({ status: tsc.status, out: tsc.stdout + tsc.stderr }).toEqual({ status: 0, out: "" });
  }, 150_000);

  it("loads every policy under the SDK's own ts-node", () => {
    const loaded = run([path.join(REPO, "infra", "testing", "pulumi-ts-node.cjs"), "policy-pack"]);
    expect({ status: loaded.status, stderr: loaded.stderr }).toEqual({ status: 0, stderr: "" });
    expect(JSON.parse(loaded.stdout)).toEqual({ policies: policies.map((p) => p.name) });
  }, 150_000);
});
