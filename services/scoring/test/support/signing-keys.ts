import crypto from "node:crypto";

export interface TestKeyPair {
  privateKey: crypto.KeyObject;
  /** SPKI PEM, as MODEL_SIGNING_PUBLIC_KEYS / AUTH_TOKEN_PUBLIC_KEYS take it. */
  publicKeyPem: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
}

const pairs = new Map<string, TestKeyPair>();

/**
 * Throwaway Ed25519 key pairs, generated in memory once per process and purpose: tests and the
 * bench sign bundles and tokens with them; no key is ever written to the repository.
 */
export function testKeyPair(purpose: "model-signing" | "token-issuer" | "other"): TestKeyPair {
  let pair = pairs.get(purpose);
  if (pair === undefined) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ed25519");
    pair = {
      privateKey,
      publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
      privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    };
    pairs.set(purpose, pair);
  }
  return pair;
}

/** `manifest.sig` for manifest bytes (format antifraud.manifest-signature v1). */
export function signatureFile(manifest: Buffer, key: crypto.KeyObject): string {
  return JSON.stringify({
    format: "antifraud.manifest-signature",
    format_version: 1,
    algorithm: "ed25519",
    signature: crypto.sign(null, manifest, key).toString("base64"),
  });
}
