import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { findTrainingJobs } from "../components/spark-jobs/job-files";
import { createZip } from "../components/spark-jobs/zip";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

/** Lists a zip with Python's zipfile (an independent reader): name -> content. */
function readWithPython(zip: Buffer): Record<string, string> {
  const dir = tempDir("zip-");
  const file = path.join(dir, "a.zip");
  writeFileSync(file, zip);
  const script =
    "import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({n: z.read(n).decode() for n in z.namelist()}))";
  const run = spawnSync("python3", ["-c", script, file], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Record<string, string>;
}

describe("createZip", () => {
  it("writes an archive that an independent reader extracts byte for byte", () => {
    const zip = createZip([
      { name: "pkg/__init__.py", data: Buffer.from("") },
      { name: "pkg/clean/job.py", data: Buffer.from("def main():\n    return 'ünïcode'\n") },
    ]);
    expect(readWithPython(zip)).toEqual({
      "pkg/__init__.py": "",
      "pkg/clean/job.py": "def main():\n    return 'ünïcode'\n",
    });
  });

  it("is deterministic and independent of entry order", () => {
    const entry = fc.record({
      name: fc.stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8}){0,2}\.py$/),
      data: fc.uint8Array({ maxLength: 64 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.name, maxLength: 6 }), (entries) => {
        const buffers = entries.map((e) => ({ name: e.name, data: Buffer.from(e.data) }));
        expect(createZip([...buffers].reverse()).equals(createZip(buffers))).toBe(true);
      }),
    );
  });
});

describe("findTrainingJobs", () => {
  it("lists the package's modules and job entry points, skipping caches and other files", () => {
    const root = tempDir("jobs-");
    const pkg = path.join(root, "antifraud_training");
    for (const dir of ["clean", "features", "__pycache__"])
      mkdirSync(path.join(pkg, dir), { recursive: true });
    writeFileSync(path.join(pkg, "__init__.py"), "");
    writeFileSync(path.join(pkg, "clean", "job.py"), "print(1)\n");
    writeFileSync(path.join(pkg, "features", "job.py"), "print(2)\n");
    writeFileSync(path.join(pkg, "features", "notes.md"), "not code");
    writeFileSync(path.join(pkg, "__pycache__", "x.cpython-311.pyc"), "bytecode");
    const jobs = findTrainingJobs(pkg);
    expect(jobs.modules.map((m) => m.key)).toEqual([
      "antifraud_training/__init__.py",
      "antifraud_training/clean/job.py",
      "antifraud_training/features/job.py",
    ]);
    expect(jobs.entryPoints.map((m) => m.key)).toEqual([
      "antifraud_training/clean/job.py",
      "antifraud_training/features/job.py",
    ]);
    expect(Object.keys(readWithPython(jobs.packageZip)).sort()).toEqual(jobs.modules.map((m) => m.key));
  });

  it("fails when the package has no Python modules", () => {
    const empty = tempDir("empty-");
    expect(() => findTrainingJobs(empty)).toThrow(`no Python modules found under ${empty}`);
  });
});
