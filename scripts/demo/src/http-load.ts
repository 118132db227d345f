import autocannon from "autocannon";
import type { TransactionMessage } from "@antifraud/contracts";

export interface HttpLoadResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly connections: number;
  readonly seconds: number;
}

/**
 * Single-transaction scoring load: each request replays one of `transactions` (replays are
 * idempotent in the customer windows), so the figures include the Redis round trip and inference,
 * authenticated as a deployed client is.
 */
export async function httpLoad(
  url: string,
  transactions: readonly TransactionMessage[],
  seconds: number,
  authorization: string,
): Promise<HttpLoadResult> {
  if (transactions.length === 0) throw new Error("http load needs at least one transaction");
  const bodies = transactions.map((tx) => JSON.stringify(tx));
  let next = 0;
  const connections = 16;
  const result = await autocannon({
    url: `${url}/v1/score`,
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json", authorization },
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    connections,
    seconds,
  };
}
