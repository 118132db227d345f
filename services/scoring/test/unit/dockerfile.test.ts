import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..", "..", "..");

describe("Dockerfile", () => {
  const dockerfile = readFileSync(join(ROOT, "services", "scoring", "Dockerfile"), "utf8");
  const workspaces = (
    JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { workspaces: string[] }
  ).workspaces;

  it("copies every workspace manifest, or npm ci rejects the lockfile", () => {
    expect(workspaces.filter((ws) => !dockerfile.includes(`COPY ${ws}/package.json ${ws}/`))).toEqual([]);
  });

  it("runs as a non-root user with the serve command by default", () => {
    expect(dockerfile).toMatch(/^USER [1-9]\d*:[1-9]\d*$/m);
    expect(dockerfile).toMatch(/^CMD \["serve"\]$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  });
});
