/**
 * The program as the Pulumi CLI compiles it: `main: infra/` makes infra/ the working directory, so
 * ts-node reads infra/tsconfig.json and type-checks every file the program loads.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { parse } from "yaml";
import { captureStack } from "../testing/capture";

const REPO = path.resolve(__dirname, "..", "..");
const run = (args: string[]) =>
  spawnSync(process.execPath, args, { cwd: REPO, encoding: "utf8", timeout: 150_000 });

describe("infra/tsconfig.json", () => {
  it("is the project Pulumi.yaml points the runtime at", () => {
    const project = parse(readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")) as {
      main: string;
      runtime: { name: string; options: { typescript: boolean } };
    };
    expect([project.main, project.runtime.name, project.runtime.options.typescript]).toEqual([
      "infra/",
      "nodejs",
      true,
    ]);
    const tsconfig = ts.readConfigFile(path.join(REPO, "infra", "tsconfig.json"), ts.sys.readFile);
    expect(tsconfig.config).toMatchObject({ extends: "../tsconfig.base.json", files: ["index.ts"] });
  });

  it("type-checks the program with tsc", () => {
    const tsc = run([
      path.join(REPO, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      "infra/tsconfig.json",
      "--noEmit",
    ]);
    expect({ status: tsc.status, out: tsc.stdout + tsc.stderr }).toEqual({ status: 0, out: "" });
  }, 150_000);

  it("compiles and runs the program under the SDK's own ts-node, registering what the mock capture does", async () => {
    const loaded = run([path.join(REPO, "infra", "testing", "pulumi-ts-node.cjs"), "program", "dev"]);
    expect({ status: loaded.status, stderr: loaded.stderr }).toEqual({ status: 0, stderr: "" });
    const result = JSON.parse(loaded.stdout) as { exports: string[]; resources: [string, string][] };
    const captured = await captureStack("dev");
    expect(result.exports.sort()).toEqual(Object.keys(captured.outputs).sort());
    expect(result.resources.map(([type, name]) => `${type} ${name}`).sort()).toEqual(
      captured.resources.map((r) => `${r.type} ${r.name}`).sort(),
    );
  }, 150_000);
});
