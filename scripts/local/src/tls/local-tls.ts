import { existsSync } from "node:fs";
import { join } from "node:path";
import { tlsDir } from "../paths";

/** The local CA and the server certificate for 127.0.0.1 that Kafka and Redis present. */
export interface LocalTls {
  /** What clients verify the servers against (never skipped). */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** The same certificate and key as PKCS#12, for the broker's JVM. */
  readonly keystoreFile: string;
  readonly keystorePassword: string;
}

/** The bootstrap's TLS files; fails with the fix when they are missing. */
export function localTls(): LocalTls {
  const dir = tlsDir();
  const tls = {
    caFile: join(dir, "ca.crt"),
    certFile: join(dir, "server.crt"),
    keyFile: join(dir, "server.key"),
    keystoreFile: join(dir, "server.p12"),
    // Set by 45-tls.sh; it only guards the file, which is as private as the key next to it.
    keystorePassword: "antifraud-local",
  };
  for (const file of [tls.caFile, tls.certFile, tls.keyFile, tls.keystoreFile]) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: run \`npm run bootstrap\` (scripts/bootstrap.d/45-tls.sh)`);
    }
  }
  return tls;
}
