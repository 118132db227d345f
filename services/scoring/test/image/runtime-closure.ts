/**
 * The packages the scoring service can load at run time: everything reachable from the workspace's
 * `dependencies` (and their dependencies, optional and peer ones included) in package-lock.json,
 * resolved the way Node does (nested node_modules first, then each enclosing one). A devDependency
 * of any workspace is not reachable unless a runtime package needs it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

interface LockEntry {
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly link?: boolean;
  readonly resolved?: string;
}

/** `node_modules/a/node_modules/b` -> [itself, `node_modules/a`, root]; a workspace -> [itself, root]. */
function lookupDirs(location: string): string[] {
  const dirs = [location];
  let rest = location;
  for (let i = rest.lastIndexOf("/node_modules/"); i >= 0; i = rest.lastIndexOf("/node_modules/")) {
    rest = rest.slice(0, i);
    dirs.push(rest);
  }
  if (location !== "") dirs.push("");
  return [...new Set(dirs)];
}

export function runtimeClosure(lockfile: string, workspace: string): Set<string> {
  const packages = (JSON.parse(readFileSync(lockfile, "utf8")) as { packages: Record<string, LockEntry> })
    .packages;
  const resolve = (from: string, name: string): string | undefined => {
    for (const dir of lookupDirs(from)) {
      const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      const entry = packages[candidate];
      if (entry) return entry.link && entry.resolved ? entry.resolved : candidate;
    }
    return undefined;
  };
  const seen = new Set<string>();
  const pending = [workspace];
  while (pending.length > 0) {
    const location = pending.pop() as string;
    if (seen.has(location)) continue;
    seen.add(location);
    const entry = packages[location];
    if (!entry) continue;
    const names = Object.keys({
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...entry.peerDependencies,
    });
    for (const name of names) {
      const found = resolve(location, name);
      if (found !== undefined) pending.push(found);
    }
  }
  return new Set([...seen].filter((l) => l.includes("node_modules/")).map((l) => path.posix.normalize(l)));
}
