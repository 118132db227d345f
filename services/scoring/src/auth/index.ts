export * from "./token-authenticator";
export * from "./token-issuer";
