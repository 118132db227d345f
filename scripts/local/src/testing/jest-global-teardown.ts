import { startedTestServices } from "./jest-global-setup";

/** Stops what the global setup started (the watchdogs would also stop it when jest exits). */
export default async function globalTeardown(): Promise<void> {
  const started = startedTestServices();
  await Promise.all([started.kafka?.stop(), started.redis?.stop()]);
  delete started.kafka;
  delete started.redis;
}
