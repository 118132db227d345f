import { connect, isIP, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import { BufferReader } from "./buffer-reader";
import { BufferWriter } from "./buffer-writer";

export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: string;
  /** A request not answered within this time fails the connection and every request on it. */
  readonly requestTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** TLS instead of plain TCP; `ca` replaces the system CAs when given. */
  readonly tls?: TlsOptions;
}

export interface TlsOptions {
  /** PEM CA certificate(s) the broker certificates must chain to. */
  readonly ca?: string;
}

interface PendingRequest {
  readonly correlationId: number;
  readonly description: string;
  readonly decode: (reader: BufferReader) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * One framed TCP connection to a broker: int32 size-prefixed requests (header v1) pipelined without
 * waiting, responses (header v0) matched in order by correlation id. Any socket error, unexpected
 * response or request timeout fails the connection and rejects every request still pending on it.
 */
export class KafkaConnection {
  private readonly writer = new BufferWriter(1024 * 1024);
  private readonly pending: PendingRequest[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private nextCorrelationId = 0;
  private received: Buffer = Buffer.alloc(0);
  private failure: Error | undefined;
  private readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error) => this.fail(new Error(`${this.address}: ${error.message}`)));
    this.closed = new Promise((resolve) =>
      socket.once("close", () => {
        this.fail(new Error(`${this.address}: connection closed`));
        resolve();
      }),
    );
  }

  static open(options: ConnectionOptions): Promise<KafkaConnection> {
    return new Promise((resolve, reject) => {
      const { host, port, tls } = options;
      const socket =
        tls === undefined
          ? connect({ host, port })
          : connectTls({
              host,
              port,
              // SNI takes host names only; an IP address is still checked against the certificate.
              ...(isIP(host) === 0 ? { servername: host } : {}),
              ...(tls.ca === undefined ? {} : { ca: tls.ca }),
            });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new Error(`${options.host}:${options.port}: no connection within ${options.connectTimeoutMs} ms`),
        );
      }, options.connectTimeoutMs);
      socket.once("error", (error) => {
        clearTimeout(timer);
        reject(new Error(`${options.host}:${options.port}: ${error.message}`));
      });
      socket.once(tls === undefined ? "connect" : "secureConnect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        resolve(new KafkaConnection(socket, options));
      });
    });
  }

  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  /** Set once the connection failed; a failed connection is never used again. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Sends one request at once (pipelined behind any in flight) and resolves with its decoded response. */
  request<T>(
    apiKey: number,
    apiVersion: number,
    encodeBody: (writer: BufferWriter) => void,
    decode: (reader: BufferReader) => T,
  ): Promise<T> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const correlationId = this.nextCorrelationId;
    this.nextCorrelationId = (this.nextCorrelationId + 1) | 0;
    const writer = this.writer;
    writer.reset();
    writer.int32(0); // size, filled in below
    writer.int16(apiKey);
    writer.int16(apiVersion);
    writer.int32(correlationId);
    writer.string(this.options.clientId);
    encodeBody(writer);
    writer.buffer.writeInt32BE(writer.position - 4, 0);
    const frame = writer.copyFrom(0);
    const description = `request ${correlationId} (api ${apiKey} v${apiVersion}) to ${this.address}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new Error(`${description} not answered within ${this.options.requestTimeoutMs} ms`)),
        this.options.requestTimeoutMs,
      );
      this.pending.push({
        correlationId,
        description,
        decode,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
      });
      this.socket.write(frame);
    });
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    let offset = 0;
    while (this.received.length - offset >= 4) {
      const size = this.received.readInt32BE(offset);
      if (this.received.length - offset - 4 < size) break;
      const frame = this.received.subarray(offset + 4, offset + 4 + size);
      offset += 4 + size;
      this.onResponse(frame);
      if (this.failure !== undefined) return;
    }
    this.received = this.received.subarray(offset);
  }

  private onResponse(frame: Buffer): void {
    const request = this.pending.shift();
    if (request !== undefined) clearTimeout(request.timer);
    const correlationId = frame.length >= 4 ? frame.readInt32BE(0) : NaN;
    if (request === undefined || request.correlationId !== correlationId) {
      this.fail(
        new Error(
          `${this.address}: response ${correlationId} does not match ${request?.description ?? "any request"}`,
        ),
      );
      request?.reject(this.failure!);
      return;
    }
    if (this.pending.length === 0) this.notifyIdle();
    let value: unknown;
    try {
      value = request.decode(new BufferReader(frame.subarray(4)));
    } catch (error) {
      request.reject(new Error(`${request.description}: ${error instanceof Error ? error.message : error}`));
      return;
    }
    request.resolve(value);
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    for (const request of this.pending.splice(0)) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    this.notifyIdle();
    this.socket.destroy();
  }

  /** Waits for the requests in flight (answered or failed), then ends the connection. */
  async close(): Promise<void> {
    if (this.pending.length > 0 && this.failure === undefined) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
    if (this.failure === undefined) {
      this.failure = new Error(`${this.address}: connection closed by the client`);
      this.socket.end();
    }
    await this.closed;
  }

  private notifyIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
