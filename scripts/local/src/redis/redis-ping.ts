import { connect } from "node:net";

/** One inline PING over a fresh connection; true on `+PONG`. */
export function redisAnswersPing(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let reply = "";
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error("PING timed out")));
    socket.once("error", fail);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      if (!reply.includes("\r\n")) return;
      socket.destroy();
      resolve(reply.startsWith("+PONG"));
    });
  });
}
