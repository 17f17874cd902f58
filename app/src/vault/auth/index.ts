/** Sign-in (SIWE), sessions, who acts for which company, and CORS for the vault. */
export { companiesFor, mayActFor } from "./companies.ts";
export type { ActingCompany } from "./companies.ts";
export { createAuthContext, DEFAULT_LIFETIMES, parseVaultOrigin } from "./context.ts";
export type {
  AuthContext,
  AuthOptions,
  AuthStore,
  CredentialKind,
  Lifetimes,
  StoredSession,
  VaultOrigin,
} from "./context.ts";
export { clearedSessionCookie, sessionCookie, sessionCookieName } from "./cookies.ts";
export { corsHeaders, isAllowedOrigin, preflight } from "./cors.ts";
export { AuthError } from "./errors.ts";
export type { AuthErrorCode } from "./errors.ts";
export { checkNonce, issueNonce } from "./nonce.ts";
export type { IssuedNonce } from "./nonce.ts";
export { authenticate, createSession, logout } from "./sessions.ts";
export type { HeaderSource, IssuedSession, Session } from "./sessions.ts";
export { verifySignIn } from "./siwe.ts";
export type { SignIn, SignInRequest } from "./siwe.ts";
