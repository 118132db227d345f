import { createSigner } from "fast-jwt";

export interface TokenClaims {
  /** The client the token is for (`sub`). */
  subject: string;
  issuer: string;
  audience: string;
  /** Lifetime from now. */
  ttlSeconds: number;
}

/**
 * Signs a client token (EdDSA) with the issuer's PEM private key. The scoring service never holds
 * this key; operators mint tokens with `npm run token` and the tests with their own throwaway key.
 */
export function issueToken(privateKeyPem: string, claims: TokenClaims, nowMs: number = Date.now()): string {
  const sign = createSigner({
    key: privateKeyPem,
    algorithm: "EdDSA",
    iss: claims.issuer,
    aud: claims.audience,
    sub: claims.subject,
    expiresIn: claims.ttlSeconds * 1000,
    clockTimestamp: nowMs,
  });
  return sign({});
}
