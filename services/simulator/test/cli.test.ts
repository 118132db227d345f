import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "@antifraud/local";
import { cleanupTempDirs, tempDir } from "./helpers/temp-dir";

const root = join(__dirname, "..", "..", "..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const run = (script: string, args: string[]) =>
  spawnSync(tsx, [join(root, "services", "simulator", "src", "cli", script), ...args], {
    encoding: "utf8",
    timeout: 90_000,
  });

describe("command line", () => {
  afterAll(cleanupTempDirs);

  it("simulate writes the files and prints the summary", () => {
    const out = tempDir();
    const result = run("simulate.ts", [
      "--out",
      out,
      "--customers",
      "100",
      "--terminals",
      "200",
      "--days",
      "4",
      "--seed",
      "9",
      "--dirty-rate",
      "0.01",
    ]);
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      "2018-04-01.txt",
      "2018-04-02.txt",
      "2018-04-03.txt",
      "2018-04-04.txt",
      "_dirty_manifest.json",
      "_simulation.json",
    ]);
    expect(result.stdout).toMatch(/^transactions +[\d,]+ \([\d,]+\/day\)$/m);
    expect(result.stdout).toMatch(/^frauds +[\d,]+ \(fraud rate \d+\.\d{3}%\)$/m);
    expect(result.stdout).toMatch(/^ {2}scenario 2 \(compromised terminal\) [\d,]+/m);
    expect(result.stdout).toMatch(/^files +4 day files in /m);
    expect(result.stdout).toMatch(/^dirty rows +\d+: duplicate_id \d+, /m);
    expect(result.stderr).toMatch(/writing 100% \(4\/4\)/);
  });

  it("simulate names a bad flag and exits 1", () => {
    const result = run("simulate.ts", ["--out", tempDir(), "--customers", "lots"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--customers must be a number, got "lots"');
    const zero = run("simulate.ts", ["--out", tempDir(), "--days", "0"]);
    expect(zero.status).toBe(1);
    expect(zero.stderr).toContain("days = 0");
  });

  it("produce needs the SASL_SSL credentials unless plaintext is asked for", async () => {
    const port = await freePort();
    const result = run("produce.ts", [
      "--brokers",
      `127.0.0.1:${port}`,
      "--generate",
      "--limit",
      "10",
      "--quiet",
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "SASL_SSL needs --ca (the brokers' CA file), --user and KAFKA_SASL_PASSWORD",
    );
  });

  it("produce exits 1 when no broker acknowledges", async () => {
    const port = await freePort();
    const out = tempDir();
    expect(existsSync(out)).toBe(true);
    const result = run("produce.ts", [
      "--brokers",
      `127.0.0.1:${port}`,
      "--plaintext",
      "--generate",
      "--limit",
      "10",
      "--quiet",
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/produce failed: /);
  }, 100_000);
});
