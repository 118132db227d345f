import { createVerifier } from "fast-jwt";
import { ScoringError } from "../errors/catalogue";

/** Who called: the `sub` claim of a verified token. */
export interface Principal {
  readonly subject: string;
}

export interface TokenAuthenticatorOptions {
  /** PEM public keys (SPKI, Ed25519) of the token issuer; several while a key is rotated. */
  publicKeys: readonly string[];
  issuer: string;
  audience: string;
  /** Verified tokens remembered until they expire; the oldest is dropped past this. Default 10,000. */
  cacheSize?: number;
  /** Real time (unix ms): token expiry is never judged by a replay clock. Default Date.now. */
  now?: () => number;
}

export interface Authenticator {
  /** The caller of an `Authorization` header value; throws UNAUTHENTICATED (401). */
  authenticate(authorization: string | undefined): Principal;
}

interface Verified {
  principal: Principal;
  expiresAtMs: number;
}

const BEARER = "Bearer ";

/**
 * Bearer tokens: compact JWS (JWT) signed with Ed25519 by the issuer key the stack manages, with
 * `iss`, `aud`, `sub` and `exp` required. An Ed25519 verification costs tens of µs, as much as a
 * whole scoring request, so a verified token is remembered (keyed by the token text, until its
 * `exp`) and a repeat costs one Map lookup. Failures are never cached, so a token that becomes
 * valid (e.g. after a key rotation reaches this pod) is accepted at once.
 */
export function createTokenAuthenticator(options: TokenAuthenticatorOptions): Authenticator {
  if (options.publicKeys.length === 0) throw new Error("at least one token public key is needed");
  const now = options.now ?? Date.now;
  const cacheSize = options.cacheSize ?? 10_000;
  const verifiers = options.publicKeys.map((key) =>
    createVerifier({
      key,
      algorithms: ["EdDSA"],
      allowedIss: options.issuer,
      allowedAud: options.audience,
      requiredClaims: ["iss", "aud", "sub", "exp"],
      cache: false,
    }),
  );
  const verified = new Map<string, Verified>();

  const refuse = (why: string): never => {
    throw new ScoringError("UNAUTHENTICATED", `Send a valid bearer token: ${why}.`);
  };

  function verify(token: string): Verified {
    let lastError: unknown;
    for (const verifier of verifiers) {
      try {
        const claims = verifier(token) as { sub?: unknown; exp?: unknown };
        if (typeof claims.sub !== "string" || claims.sub === "") refuse("the token names no subject");
        return { principal: { subject: claims.sub as string }, expiresAtMs: Number(claims.exp) * 1000 };
      } catch (err) {
        if (err instanceof ScoringError) throw err;
        lastError = err;
      }
    }
    const code = (lastError as { code?: string }).code;
    return refuse(code === "FAST_JWT_EXPIRED" ? "the token has expired" : "the token is not valid here");
  }

  return {
    authenticate(authorization) {
      if (authorization === undefined || !authorization.startsWith(BEARER)) {
        return refuse("no Authorization: Bearer header");
      }
      const token = authorization.slice(BEARER.length);
      const known = verified.get(token);
      if (known !== undefined) {
        if (now() < known.expiresAtMs) return known.principal;
        verified.delete(token);
      }
      const fresh = verify(token);
      if (verified.size >= cacheSize) verified.delete(verified.keys().next().value as string);
      verified.set(token, fresh);
      return fresh.principal;
    },
  };
}

/** PEM blocks of a config value that may hold several concatenated public keys. */
export function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
}
