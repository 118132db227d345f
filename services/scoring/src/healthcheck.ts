import http from "node:http";

/**
 * Container HEALTHCHECK: exits 0 when the API's probe port (HEALTH_PORT) or the stream worker's probe listener
 * (METRICS_PORT) answers /healthz. No curl in the image, so node does it.
 */
const ports = [process.env.HEALTH_PORT ?? "8081", process.env.METRICS_PORT ?? "9464"];

const check = (port: string) =>
  new Promise<boolean>((resolve) => {
    const req = http.get(
      { host: "127.0.0.1", port: Number(port), path: "/healthz", timeout: 2000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
  });

void Promise.all(ports.map(check)).then((results) => process.exit(results.some(Boolean) ? 0 : 1));
