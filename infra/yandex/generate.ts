/** CLI: regenerate infra/yandex/generated.ts from infra/yandex/schema.json (`npm run gen:yandex`). */
import * as fs from "fs";
import * as path from "path";
import { generateBindings } from "./codegen";
import { loadSchema } from "./schema-model";

export const GENERATED_PATH = path.join(__dirname, "generated.ts");

function main(): void {
  const schema = loadSchema();
  const text = generateBindings(schema);
  fs.writeFileSync(GENERATED_PATH, text);
  console.log(
    `wrote ${path.relative(process.cwd(), GENERATED_PATH)}: ${Object.keys(schema.resources).length} resources, ` +
      `${Object.keys(schema.types).length} object types`,
  );
}

if (require.main === module) main();
