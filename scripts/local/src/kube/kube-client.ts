/**
 * Just enough of a Kubernetes API client for validating objects: JSON requests with a bearer token
 * over TLS verified against the server's own certificate, returning status, body and the API's
 * `Warning` headers (deprecations, Pod Security). Debian's kubectl (1.20) is too old for this server,
 * and one HTTPS call per object needs no client library.
 */
import { request as httpsRequest } from "node:https";

export interface KubeResponse {
  readonly status: number;
  readonly body: unknown;
  /** Texts of the `Warning: 299 - "..."` headers. */
  readonly warnings: string[];
}

function parseWarnings(header: string | string[] | undefined): string[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return values.map((v) => /^\d{3} \S+ "(.*)"$/.exec(v)?.[1]?.replace(/\\"/g, '"') ?? v);
}

export class KubeClient {
  constructor(
    readonly url: string,
    private readonly token: string,
    readonly ca: string,
  ) {}

  request(method: string, path: string, body?: unknown): Promise<KubeResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        `${this.url}${path}`,
        {
          method,
          ca: this.ca,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: "application/json",
            ...(payload ? { "content-type": "application/json", "content-length": payload.length } : {}),
          },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // plain-text endpoints such as /readyz
            }
            resolve({
              status: res.statusCode ?? 0,
              body: parsed,
              warnings: parseWarnings(res.headers.warning),
            });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on("error", reject);
      if (payload) req.write(payload);
      req.end();
    });
  }
}
