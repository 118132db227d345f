import { startedTestServices } from "./jest-global-setup";

/**
 * Stops what the global setup started (the watchdogs would also stop it when jest exits), then fails
 * the run when the tests left files in the run's temp folder.
 */
export default async function globalTeardown(): Promise<void> {
  const started = startedTestServices();
  await Promise.all([started.kafka?.stop(), started.redis?.stop()]);
  delete started.kafka;
  delete started.redis;
  const left = started.tempRoot?.close() ?? [];
  delete started.tempRoot;
  if (left.length > 0) {
    throw new Error(
      `the tests left ${left.length} entries in their temp folder (every test removes what it creates): ` +
        left.join(", "),
    );
  }
}
