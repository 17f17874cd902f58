/** The session cookie: its name, its Set-Cookie header values, and reading it back from a Cookie header. */
import type { VaultOrigin } from "./context.ts";

/**
 * Over https the cookie takes the `__Host-` prefix: browsers then accept it only with Secure, Path=/ and no Domain,
 * so no sibling subdomain can plant or shadow it.
 */
export function sessionCookieName(vault: VaultOrigin): string {
  return vault.secure ? "__Host-constellate-vault-session" : "constellate-vault-session";
}

/** The Set-Cookie value that stores `value` for `maxAgeSeconds`: httpOnly, SameSite=Lax, Secure outside loopback. */
export function sessionCookie(vault: VaultOrigin, value: string, maxAgeSeconds: number): string {
  const attributes = [
    `${sessionCookieName(vault)}=${value}`,
    "Path=/",
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (vault.secure) attributes.push("Secure");
  return attributes.join("; ");
}

/** The Set-Cookie value that makes the browser drop the session cookie. */
export function clearedSessionCookie(vault: VaultOrigin): string {
  return sessionCookie(vault, "", 0);
}

/** The first value of cookie `name` in a Cookie header, or null. */
export function readCookie(header: string | null, name: string): string | null {
  if (header === null) return null;
  for (const pair of header.split(";")) {
    const separator = pair.indexOf("=");
    if (separator === -1) continue;
    if (pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return null;
}
