import { readFileSync } from "node:fs";
import { join } from "node:path";
import { contextFiles, copiedSources } from "../image/build-context";

const ROOT = join(__dirname, "..", "..", "..", "..");

describe("Dockerfile", () => {
  const dockerfile = readFileSync(join(ROOT, "services", "scoring", "Dockerfile"), "utf8");
  const workspaces = (
    JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { workspaces: string[] }
  ).workspaces;

  it("copies every workspace manifest, or npm ci rejects the lockfile", () => {
    expect(workspaces.filter((ws) => !dockerfile.includes(`COPY ${ws}/package.json ${ws}/`))).toEqual([]);
  });

  it("sends every file or folder a COPY names in the build context (Dockerfile.dockerignore)", () => {
    const sent = contextFiles(ROOT, join(ROOT, "services", "scoring", "Dockerfile"));
    const sources = copiedSources(dockerfile);
    expect(sources).toEqual(expect.arrayContaining(["package.json", "services/scoring/src"]));
    expect(sources.filter((s) => !sent.some((f) => f === s || f.startsWith(`${s}/`)))).toEqual([]);
  });

  it("sends no test support, tests or secrets in the build context", () => {
    const sent = contextFiles(ROOT, join(ROOT, "services", "scoring", "Dockerfile"));
    expect(sent.filter((f) => /\/testing\/|\.test\.|(^|\/)\.env|\.(pem|key)$/.test(f))).toEqual([]);
  });

  it("runs as a non-root user with the serve command by default", () => {
    expect(dockerfile).toMatch(/^USER [1-9]\d*:[1-9]\d*$/m);
    expect(dockerfile).toMatch(/^CMD \["serve"\]$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  });
});
