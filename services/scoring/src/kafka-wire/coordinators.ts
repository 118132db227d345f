import { API_KEYS, TRANSACTION_VERSIONS } from "./api-versions";
import type { Cluster } from "./cluster";
import type { KafkaConnection } from "./connection";
import { CONCURRENT_TRANSACTIONS, COORDINATOR_RETRIABLE_CODES, kafkaErrorName } from "./error-codes";
import { decodeFindCoordinatorResponse, encodeFindCoordinatorRequest } from "./find-coordinator";

export interface CoordinatorRetry {
  /** How long one call keeps retrying coordinator errors (and CONCURRENT_TRANSACTIONS), ms. */
  readonly deadlineMs: number;
  /** First wait between attempts, ms; doubles up to `maxBackoffMs`. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Finds and caches the coordinators of transactional ids and consumer groups, and runs requests against
 * them: a coordinator that moved or is loading (14/15/16) is looked up again, CONCURRENT_TRANSACTIONS (51,
 * the previous transaction is still completing) is waited out, both with a short capped backoff until the
 * deadline; any other error code is thrown.
 */
export class Coordinators {
  private readonly found = new Map<string, Promise<KafkaConnection>>();

  constructor(
    private readonly cluster: Cluster,
    private readonly retry: CoordinatorRetry,
  ) {}

  /**
   * Sends `send` to the coordinator of `key` until it answers with no error codes (an empty list or
   * only zeros), then resolves with its full answer.
   */
  async request<T>(
    keyType: number,
    key: string,
    what: string,
    send: (connection: KafkaConnection) => Promise<T>,
    errorCodes: (answer: T) => readonly number[],
  ): Promise<T> {
    const deadline = Date.now() + this.retry.deadlineMs;
    for (
      let backoff = this.retry.initialBackoffMs;
      ;
      backoff = Math.min(backoff * 2, this.retry.maxBackoffMs)
    ) {
      const answer = await send(await this.connection(keyType, key));
      const failed = errorCodes(answer).filter((code) => code !== 0);
      if (failed.length === 0) return answer;
      const retriable = failed.every(
        (code) => code === CONCURRENT_TRANSACTIONS || COORDINATOR_RETRIABLE_CODES.has(code),
      );
      if (!retriable || Date.now() + backoff > deadline)
        throw new Error(`${what} failed: ${[...new Set(failed)].map(kafkaErrorName).join(", ")}`);
      if (failed.some((code) => COORDINATOR_RETRIABLE_CODES.has(code)))
        this.found.delete(`${keyType}/${key}`);
      await sleep(backoff);
    }
  }

  private connection(keyType: number, key: string): Promise<KafkaConnection> {
    const cacheKey = `${keyType}/${key}`;
    const cached = this.found.get(cacheKey);
    if (cached !== undefined) {
      return cached.then((connection) => {
        if (connection.error === undefined) return connection;
        this.found.delete(cacheKey);
        return this.connection(keyType, key);
      });
    }
    const finding = this.find(keyType, key);
    this.found.set(cacheKey, finding);
    finding.catch(() => this.found.delete(cacheKey));
    return finding;
  }

  private async find(keyType: number, key: string): Promise<KafkaConnection> {
    const deadline = Date.now() + this.retry.deadlineMs;
    for (
      let backoff = this.retry.initialBackoffMs;
      ;
      backoff = Math.min(backoff * 2, this.retry.maxBackoffMs)
    ) {
      const connection = await this.cluster.anyConnection();
      const found = await connection.request(
        API_KEYS.findCoordinator,
        TRANSACTION_VERSIONS[API_KEYS.findCoordinator].version,
        (writer) => encodeFindCoordinatorRequest(writer, key, keyType),
        decodeFindCoordinatorResponse,
      );
      if (found.errorCode === 0) return this.cluster.brokerConnection(found);
      if (!COORDINATOR_RETRIABLE_CODES.has(found.errorCode) || Date.now() + backoff > deadline) {
        const detail = found.errorMessage === null ? "" : ` (${found.errorMessage})`;
        throw new Error(`no coordinator for ${key}: ${kafkaErrorName(found.errorCode)}${detail}`);
      }
      await sleep(backoff);
    }
  }
}
