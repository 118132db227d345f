/**
 * The scoring image's build context as the builder sees it: the repository's files (tracked, or
 * untracked and not git-ignored) that `Dockerfile.dockerignore` lets through, with Docker's own
 * matching rules (@balena/dockerignore). Its digest keys the image the tests reuse between runs.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import dockerignore from "@balena/dockerignore";

export function contextFiles(repoRoot: string, dockerfile: string): string[] {
  const ignore = dockerignore().add(readFileSync(`${dockerfile}.dockerignore`, "utf8"));
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    maxBuffer: 64 << 20,
  })
    .toString("utf8")
    .split("\0")
    .filter(Boolean);
  return [...new Set(ignore.filter(listed))].sort();
}

/** sha256 over the Dockerfile, its .dockerignore, the base image id and every context file (path and bytes). */
export function contextDigest(repoRoot: string, dockerfile: string, baseImageId: string): string {
  const hash = createHash("sha256");
  for (const file of [dockerfile, `${dockerfile}.dockerignore`]) hash.update(readFileSync(file));
  hash.update(`base ${baseImageId}\0`);
  for (const file of contextFiles(repoRoot, dockerfile)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(repoRoot, file)));
  }
  return hash.digest("hex");
}

/** The context paths each `COPY` without `--from` names (the last argument is the destination). */
export function copiedSources(dockerfileText: string): string[] {
  return dockerfileText
    .replace(/\\\n/g, " ")
    .split("\n")
    .filter((line) => /^COPY\s/.test(line) && !/--from=/.test(line))
    .flatMap((line) => {
      const args = line
        .trim()
        .split(/\s+/)
        .slice(1)
        .filter((a) => !a.startsWith("--"));
      return args.slice(0, -1).map((a) => a.replace(/\/$/, ""));
    });
}
