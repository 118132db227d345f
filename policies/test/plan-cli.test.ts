import { spawnSync } from "node:child_process";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "..", "..");

const plan = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [path.join(REPO, "node_modules", "tsx", "dist", "cli.mjs"), "policies/src/plan-cli.ts", ...args],
    {
      cwd: REPO,
      encoding: "utf8",
      timeout: 60_000,
    },
  );

describe("npm run plan", () => {
  it("prints infra's sections, then this pack's verdicts", () => {
    const run = plan("--stack", "dev");
    expect(run.status).toBe(0);
    const titles = run.stdout.split("\n").filter((line) => /^== .* ==$/.test(line));
    expect(titles).toEqual([
      "== Resources ==",
      "== Outputs (secrets masked) ==",
      "== Monthly cost ==",
      "== Policy verdicts ==",
    ]);
    expect(run.stdout).toContain('Pack "antifraud-guardrails" with policies/config/dev.json');
  }, 60_000);

  it("plans the AWS what-if: the AWS tree, its cost in USD and the verdicts", () => {
    const run = plan("--stack", "dev", "--config", "antifraud:cloud=aws");
    expect(run.status).toBe(0);
    const lines = run.stdout.split("\n");
    for (const component of [
      "Network",
      "Storage",
      "Kafka",
      "KafkaAcls",
      "Redis",
      "Spark",
      "Postgresql",
      "Kubernetes",
    ]) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ *\\+ antifraud:aws:${component}  `)));
    }
    expect(lines.filter((l) => / yandex:/.test(l))).toEqual([]);
    expect(lines).toContainEqual(expect.stringMatching(/^Monthly cost estimate, USD;/));
    expect(lines).toContainEqual(expect.stringMatching(/^cloud +aws$/));
    expect(run.stdout).toContain('Pack "antifraud-guardrails" with policies/config/dev.json');
  }, 60_000);

  it("exits non-zero with the validation message when the config is invalid", () => {
    const run = plan("--stack", "dev", "--config", 'antifraud:zones=["ru-central1-a","ru-central1-x"]');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Invalid configuration for stack "dev"');
    expect(run.stderr).toContain(
      `antifraud:zones[1] = "ru-central1-x": must be one of ru-central1-a, ru-central1-b, ru-central1-d. Fix: pulumi config set --path 'antifraud:zones[1]' <new value>.`,
    );
    expect(run.stdout).toBe("");
  }, 60_000);
});
