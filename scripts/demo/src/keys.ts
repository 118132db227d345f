import crypto from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { issueToken } from "@antifraud/scoring";

export interface DemoKeys {
  /** PEM private key file the pipeline signs manifests with (MODEL_SIGNING_KEY_FILE). */
  readonly signingKeyFile: string;
  readonly signingPublicKeyPem: string;
  readonly tokenPublicKeyPem: string;
  /** `Authorization` header value for the demo's HTTP client. */
  readonly authorization: string;
}

const pem = (key: crypto.KeyObject) =>
  key
    .export(key.type === "private" ? { type: "pkcs8", format: "pem" } : { type: "spki", format: "pem" })
    .toString();

/**
 * The demo's own throwaway keys, as the stack provides them in a deployment: a model signing key
 * (private half for the pipeline, written 0600 under the demo folder; public half for scoring) and
 * a token issuer key that mints the HTTP client's token. New on every run, never committed.
 */
export function createDemoKeys(dir: string, tokenTtlSeconds: number): DemoKeys {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const signing = crypto.generateKeyPairSync("ed25519");
  const issuer = crypto.generateKeyPairSync("ed25519");
  const signingKeyFile = join(dir, "model-signing.pem");
  writeFileSync(signingKeyFile, pem(signing.privateKey), { mode: 0o600 });
  const token = issueToken(pem(issuer.privateKey), {
    subject: "demo-http-load",
    issuer: "antifraud",
    audience: "antifraud-scoring",
    ttlSeconds: tokenTtlSeconds,
  });
  return {
    signingKeyFile,
    signingPublicKeyPem: pem(signing.publicKey),
    tokenPublicKeyPem: pem(issuer.publicKey),
    authorization: `Bearer ${token}`,
  };
}
