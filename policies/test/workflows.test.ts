import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const ACTIONLINT = path.join(ROOT, ".cache", "bin", "actionlint");
const FILES = ["pr.yml", "deploy.yml"];

/** Runs actionlint on one workflow text; shellcheck/pyflakes are off so results do not depend on the machine. */
function actionlint(text: string, name: string) {
  const run = spawnSync(
    ACTIONLINT,
    [
      "-no-color",
      "-shellcheck=",
      "-pyflakes=",
      // The repository's self-hosted runner labels (prod deploys run inside the VPC).
      "-config-file",
      path.join(ROOT, ".github", "actionlint.yaml"),
      "-stdin-filename",
      name,
      "-",
    ],
    {
      cwd: ROOT,
      input: text,
      encoding: "utf8",
    },
  );
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** `owner/repo@<sha> # v4.2.2` and `owner/repo@v6.6.1` -> `owner/repo@v4` / `@v6`, the refs actionlint has metadata for. */
const toMajorRefs = (text: string) =>
  text
    .replace(/(uses: [^@\s]+)@[0-9a-f]{40} # (v\d+)[.\d]*/g, "$1@$2")
    .replace(/(uses: [^@\s]+)@(v\d+)\.[.\d]+/g, "$1@$2");

const read = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), "utf8");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string };
  jobs: Record<string, Job>;
}
const workflow = (file: string) => parse(read(file)) as Workflow;

describe("actionlint", () => {
  beforeAll(() => {
    if (!fs.existsSync(ACTIONLINT))
      throw new Error(`${ACTIONLINT} missing: run scripts/bootstrap.sh (step 50-actionlint)`);
  });

  it.each(FILES)("%s is clean", (file) => {
    expect(actionlint(read(file), file)).toEqual({ status: 0, output: "" });
  });

  it.each(FILES)("%s is clean with its pins read as major versions (checks action inputs)", (file) => {
    const majors = toMajorRefs(read(file));
    expect(majors).toContain("pulumi/actions@v6\n");
    expect(actionlint(majors, file)).toEqual({ status: 0, output: "" });
  });

  it("fails a workflow with a misspelt action input and a broken expression", () => {
    const broken = toMajorRefs(read("pr.yml"))
      .replace("policyPacks: policies", "policy-packs: policies")
      .replace("${{ matrix.stack }}.json", "${{ matrix.stak }}.json");
    const result = actionlint(broken, "pr.yml");
    expect(result.status).toBe(1);
    expect(result.output).toContain('input "policy-packs" is not defined in action "pulumi/actions@v6"');
    expect(result.output).toContain('property "stak" is not defined');
  });
});

describe("delivery workflows", () => {
  const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);
  const pulumiSteps = (job: Job) => job.steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));

  it("pins every action to a commit or an exact release", () => {
    for (const file of FILES) {
      for (const s of steps(workflow(file)).filter((x) => x.uses)) {
        expect(s.uses).toMatch(/@([0-9a-f]{40}|v\d+\.\d+\.\d+)$/);
      }
    }
  });

  it("previews dev and prod with the policy pack on same-repo pull requests, after the tests", () => {
    const wf = workflow("pr.yml");
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(wf.jobs.test?.steps.map((s) => s.run).filter(Boolean)).toEqual(["npm test"]);
    const preview = wf.jobs.preview as Job;
    expect(preview.needs).toBe("test");
    expect(preview.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(preview.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(preview.strategy?.matrix?.stack).toEqual(["dev", "prod"]);
    const [step] = pulumiSteps(preview);
    expect(step?.with).toMatchObject({
      command: "preview",
      "stack-name": "${{ matrix.stack }}",
      policyPacks: "policies",
      policyPackConfigs: "policies/config/${{ matrix.stack }}.json",
      "comment-on-pr": true,
    });
    expect(preview.steps.findIndex((s) => s.run?.startsWith("npm ci"))).toBeLessThan(
      preview.steps.indexOf(step as Step),
    );
  });

  it("deploys dev on push to main, then prod behind the production environment", () => {
    const wf = workflow("deploy.yml");
    expect(wf.on).toEqual({ push: { branches: ["main"] } });
    expect(wf.permissions).toEqual({ contents: "read" });
    const [dev, prod] = [wf.jobs.dev as Job, wf.jobs.prod as Job];
    expect(prod.needs).toBe("dev");
    expect(prod.environment).toBe("production");
    for (const [job, stack] of [
      [dev, "dev"],
      [prod, "prod"],
    ] as const) {
      expect(pulumiSteps(job).map((s) => s.with)).toEqual([
        expect.objectContaining({
          command: "up",
          "stack-name": stack,
          policyPacks: "policies",
          policyPackConfigs: `policies/config/${stack}.json`,
        }),
      ]);
    }
  });

  it("takes credentials only from the repository's secret store", () => {
    for (const file of FILES) {
      const text = read(file);
      const secrets = new Set([...text.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]));
      expect(secrets).toContain("PULUMI_ACCESS_TOKEN");
      expect(secrets).toContain("YC_SERVICE_ACCOUNT_KEY");
      for (const name of secrets)
        expect(["GITHUB_TOKEN", "PULUMI_ACCESS_TOKEN", "YC_SERVICE_ACCOUNT_KEY"]).toContain(name);
      for (const s of steps(workflow(file))) {
        for (const [key, value] of Object.entries(s.env ?? {})) {
          if (/TOKEN|KEY|PASSPHRASE|SECRET/.test(key))
            expect(value).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
        }
      }
    }
  });
});
