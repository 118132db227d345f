import { connect as tcp } from "node:net";
import { connect as tls } from "node:tls";

export interface RedisProbe {
  readonly host: string;
  readonly port: number;
  /** Verified against this CA when set (a TLS server); plain TCP otherwise. */
  readonly caPem?: string;
  readonly password?: string;
}

/**
 * AUTH (when a password is set) and one inline PING over a fresh connection; true on `+PONG`.
 * Rejects on a refused connection, a failed certificate check or a refused password.
 */
export function redisAnswersPing(probe: RedisProbe, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket =
      probe.caPem === undefined
        ? tcp({ host: probe.host, port: probe.port })
        : tls({ host: probe.host, port: probe.port, ca: probe.caPem });
    let reply = "";
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    const commands = (probe.password === undefined ? "" : `AUTH ${probe.password}\r\n`) + "PING\r\n";
    socket.setTimeout(timeoutMs, () => fail(new Error("PING timed out")));
    socket.once("error", fail);
    socket.once(probe.caPem === undefined ? "connect" : "secureConnect", () => socket.write(commands));
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString("latin1");
      const lines = reply.split("\r\n");
      const expected = probe.password === undefined ? 1 : 2;
      if (lines.length <= expected) return;
      socket.destroy();
      if (probe.password !== undefined && lines[0] !== "+OK") {
        reject(new Error(`AUTH refused: ${lines[0]}`));
        return;
      }
      resolve(lines[expected - 1]!.startsWith("+PONG"));
    });
  });
}
