/** `npm run local:down`: stops what `npm run local:up` recorded in .local/services.json. */
import { stopPid } from "../process/stop-pid";
import { clearLocalState, readLocalState } from "./local-state";

async function main(): Promise<void> {
  const state = readLocalState();
  if (state === undefined) {
    console.log("no local services recorded (.local/services.json is absent)");
    return;
  }
  for (const service of [...state.services].reverse()) {
    const outcome = await stopPid(service.pid);
    console.log(`${service.name.padEnd(10)} pid ${service.pid} ${outcome}`);
  }
  clearLocalState();
}

main().catch((error: unknown) => {
  console.error(`local:down failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
