import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..", "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const SCRIPTS = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

/** Keeps the README's commands and links runnable: a renamed script or moved file fails here. */
describe("README", () => {
  it("names only npm scripts that exist", () => {
    const named = [...README.matchAll(/npm (?:run (?:-s )?([\w:-]+)|(test)\b)/g)].map((m) => m[1] ?? m[2]);
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((name) => name !== undefined && !(name in SCRIPTS))).toEqual([]);
  });

  it("links only files that exist", () => {
    const links = [...README.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)].map((m) => m[1] ?? "");
    expect(links.length).toBeGreaterThan(3);
    expect(links.filter((link) => !existsSync(join(ROOT, link)))).toEqual([]);
  });

  it("names only repository paths that exist", () => {
    const paths = [
      ...README.matchAll(/`((?:infra|services|policies|scripts|docs|\.github)\/[\w./-]*)`/g),
    ].map((m) => m[1] ?? "");
    expect(paths.filter((p) => !existsSync(join(ROOT, p)) && !existsSync(join(ROOT, dirname(p))))).toEqual(
      [],
    );
  });

  it("states the demo and test commands that CI and users run", () => {
    expect(README).toContain("npm run demo");
    expect(README).toContain("npm test");
    expect(readFileSync(join(ROOT, ".ci", "run"), "utf8")).toMatch(/^npm test$/m);
  });
});
