/** CLI: writes docs/configuration.md and docs/cost.md (`npm run gen:docs`). */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../testing/stack-files";
import { generatedDocs } from "./generated-docs";

function main(): void {
  for (const doc of generatedDocs()) {
    const target = path.join(REPO_ROOT, doc.file);
    let previous: string | undefined;
    try {
      previous = readFileSync(target, "utf8");
    } catch {
      previous = undefined;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, doc.content);
    const state = previous === doc.content ? "unchanged" : previous === undefined ? "created" : "updated";
    console.log(`${doc.file}: ${state} (${doc.content.split("\n").length - 1} lines)`);
  }
}

if (require.main === module) main();
