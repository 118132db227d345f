/**
 * Baseline for the HTTP figures: node:http answering every POST with a fixed JSON body after parsing
 * the request's JSON, nothing else. Under the same load generator it shows what this machine's HTTP
 * stack alone allows. Usage: empty-http-server.ts <port>
 */
import http from "node:http";

const ANSWER = JSON.stringify({ score: 0.5, decision: "approve" });

http
  .createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      JSON.parse(Buffer.concat(chunks).toString("utf8"));
      response.writeHead(200, { "content-type": "application/json", "content-length": ANSWER.length });
      response.end(ANSWER);
    });
  })
  .listen(Number(process.argv[2]), "127.0.0.1", () => process.send?.("listening"));
