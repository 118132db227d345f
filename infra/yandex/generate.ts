/**
 * CLI (`npm run gen:yandex`): copies the resource types listed in provider.json from the provider's
 * schema dump into schema.json, then writes generated.ts from it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { generateBindings } from "./codegen";
import { buildModel } from "./model";
import provider from "./provider.json";
import {
  extractSubset,
  loadSchemaDump,
  REPO_ROOT,
  SCHEMA_DUMP_PATH,
  SCHEMA_SUBSET_PATH,
  subsetText,
} from "./terraform-schema";

export const GENERATED_PATH = path.join(__dirname, "generated.ts");

/** How the subset names its source: relative to the repository, so every checkout writes the same bytes. */
export const DUMP_NAME = path.relative(REPO_ROOT, SCHEMA_DUMP_PATH).split(path.sep).join("/");

function main(): void {
  const subset = extractSubset(loadSchemaDump(), provider.resources, DUMP_NAME);
  fs.writeFileSync(SCHEMA_SUBSET_PATH, subsetText(subset));
  const models = buildModel(subset);
  fs.writeFileSync(GENERATED_PATH, generateBindings(models));
  const rel = (p: string) => path.relative(process.cwd(), p);
  console.log(`wrote ${rel(SCHEMA_SUBSET_PATH)} and ${rel(GENERATED_PATH)}: ${models.length} resources`);
}

if (require.main === module) main();
