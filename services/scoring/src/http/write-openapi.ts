import fs from "node:fs";
import path from "node:path";
import { buildOpenApi } from "./openapi";

/** Regenerates services/scoring/openapi.json (a unit test fails when it drifts). */
const target = path.resolve(__dirname, "../../openapi.json");
fs.writeFileSync(target, `${JSON.stringify(buildOpenApi(1000), null, 2)}\n`);
console.log(`wrote ${target}`);
