import type { MessageSender } from "./message-sender";
import { labelMessage, type TransactionRecord } from "./messages";

export interface LabelCounts {
  readonly acknowledged: number;
  readonly failed: number;
  readonly pending: number;
}

/**
 * Delayed ground truth: labels of acknowledged transactions go to the labels topic `delayMs` after the
 * acknowledgement. The delay is constant, so the queue stays ordered by due time.
 */
export class LabelScheduler {
  private readonly queue: Array<{ dueAt: number; records: readonly TransactionRecord[] }> = [];
  private readonly sending = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private acknowledged = 0;
  private failed = 0;
  private queued = 0;
  private idle: Array<() => void> = [];
  firstError: string | undefined;

  constructor(
    private readonly sender: MessageSender,
    private readonly topic: string,
    private readonly delayMs: number,
  ) {}

  schedule(records: readonly TransactionRecord[], acknowledgedAt: number = Date.now()): void {
    this.queue.push({ dueAt: acknowledgedAt + this.delayMs, records });
    this.queued += records.length;
    this.arm();
  }

  counts(): LabelCounts {
    return { acknowledged: this.acknowledged, failed: this.failed, pending: this.queued };
  }

  /** Resolves once every scheduled label was sent and answered. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.sending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private arm(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.flushDue();
      },
      Math.max(0, this.queue[0]!.dueAt - Date.now()),
    );
  }

  private flushDue(): void {
    const now = Date.now();
    const due: TransactionRecord[] = [];
    while (this.queue.length > 0 && this.queue[0]!.dueAt <= now) due.push(...this.queue.shift()!.records);
    if (due.length > 0) {
      const labeledAt = new Date();
      const sent = this.sender
        .send(
          this.topic,
          due.map((record) => labelMessage(record, labeledAt)),
        )
        .then(
          () => {
            this.acknowledged += due.length;
          },
          (error: unknown) => {
            this.failed += due.length;
            this.firstError ??= error instanceof Error ? error.message : String(error);
          },
        )
        .finally(() => {
          this.queued -= due.length;
          this.sending.delete(sent);
          this.notifyIfIdle();
        });
      this.sending.add(sent);
    }
    this.arm();
  }

  private notifyIfIdle(): void {
    if (this.queue.length > 0 || this.sending.size > 0) return;
    const waiting = this.idle;
    this.idle = [];
    waiting.forEach((resolve) => resolve());
  }
}
