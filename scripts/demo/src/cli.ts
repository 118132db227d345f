import { runDemo } from "./run-demo";
import { parseDemoOptions, USAGE } from "./options";
import { Shutdown } from "./shutdown";

/** `npm run demo`: the platform end to end on this machine (see README). */
async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  const say = (line: string) => console.log(`demo: ${line}`);
  const options = parseDemoOptions(process.argv.slice(2));
  const shutdown = new Shutdown(say);
  shutdown.onSignals();
  const started = Date.now();
  try {
    const result = await runDemo(options, shutdown, say);
    say(`report: ${result.reportFile}`);
  } finally {
    await shutdown.runAll();
    say(`finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
