/**
 * Sign-In with Ethereum (EIP-4361) as this vault checks it. Every expectation comes from the context (configuration),
 * never from the request, so a spoofed Host header changes nothing. The nonce is consumed only after the signature
 * verifies: nobody can burn another person's nonce by posting garbage with it.
 */
import type { Address, Hex } from "viem";
import { getAddress, isHex } from "viem";
import { getChainId, verifyMessage } from "viem/actions";
import { parseSiweMessage } from "viem/siwe";

import type { AuthContext } from "./context.ts";
import { AuthError } from "./errors.ts";
import { checkNonce } from "./nonce.ts";

export interface SignInRequest {
  message: unknown;
  signature: unknown;
}

export interface SignIn {
  /** The account that signed, checksummed: an EOA, or a contract wallet that approved the message (ERC-1271). */
  address: Address;
  nonce: string;
  issuedAt: Date;
  /** The signer's own end to the sign-in, when the message set one: sessions should not outlive it. */
  expirationTime: Date | undefined;
}

const MAX_MESSAGE_CHARS = 8 * 1024;
/** ERC-6492 signatures carry a factory call for an undeployed wallet, so they may be far longer than 65 bytes. */
const MAX_SIGNATURE_CHARS = 32 * 1024;

const DATE_TIME = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})`;
const TEXT = String.raw`[^\x00-\x1f\x7f]`;
/**
 * The whole message in EIP-4361's grammar, anchored at both ends, so that nothing outside the fields viem parses can
 * hide in the text a wallet shows (a second URI line, trailing lines, a multi-line statement).
 */
const SIWE_GRAMMAR = new RegExp(
  "^" +
    String.raw`(?:[A-Za-z][A-Za-z0-9+.-]*://)?[^\s/?#@]+ wants you to sign in with your Ethereum account:\n` +
    String.raw`0x[0-9a-fA-F]{40}\n\n` +
    `(?:${TEXT}+\\n)?\\n` +
    String.raw`URI: \S+\n` +
    String.raw`Version: 1\n` +
    String.raw`Chain ID: [0-9]{1,16}\n` +
    String.raw`Nonce: [A-Za-z0-9]{8,}\n` +
    `Issued At: ${DATE_TIME}` +
    `(?:\\nExpiration Time: ${DATE_TIME})?` +
    `(?:\\nNot Before: ${DATE_TIME})?` +
    `(?:\\nRequest ID: ${TEXT}*)?` +
    String.raw`(?:\nResources:(?:\n- \S+)*)?` +
    "$",
);

type SignInContext = Pick<AuthContext, "vault" | "chainId" | "client" | "store" | "nonceKey" | "lifetimes" | "clock">;

/** Checks a signed SIWE message against this vault and returns who signed it; throws an {@link AuthError} otherwise. */
export async function verifySignIn(request: SignInRequest, ctx: SignInContext): Promise<SignIn> {
  const fields = parse(request.message);
  const signature = signatureOf(request.signature);
  const { vault, lifetimes } = ctx;

  if (fields.domain.toLowerCase() !== vault.host) {
    throw new AuthError("wrong_domain", `The message asks to sign in to ${fields.domain}, not to ${vault.host}.`);
  }
  if (fields.scheme !== undefined && fields.scheme.toLowerCase() !== vault.scheme) {
    throw new AuthError("wrong_scheme", `The message names scheme ${fields.scheme}; this vault uses ${vault.scheme}.`);
  }
  if (!isVaultUri(fields.uri, vault.origin)) {
    throw new AuthError("wrong_uri", `The message's URI is ${fields.uri}; this vault's is ${vault.origin}.`);
  }
  if (fields.chainId !== ctx.chainId) {
    throw new AuthError(
      "wrong_chain",
      `The message is for chain ${fields.chainId}; this vault uses chain ${ctx.chainId}.`,
    );
  }

  const now = ctx.clock();
  const skewMs = lifetimes.clockSkewSeconds * 1000;
  if (fields.issuedAt.getTime() > now + skewMs) {
    throw new AuthError("issued_in_future", "The message's Issued At lies in the future: check the device's clock.");
  }
  if (fields.issuedAt.getTime() < now - lifetimes.messageMaxAgeSeconds * 1000) {
    throw new AuthError("issued_too_long_ago", "The message was issued too long ago: sign a new one.");
  }
  if (fields.expirationTime !== undefined && now >= fields.expirationTime.getTime()) {
    throw new AuthError("message_expired", "The message's Expiration Time has passed: sign a new one.");
  }
  if (fields.notBefore !== undefined && fields.notBefore.getTime() > now + skewMs) {
    throw new AuthError("not_yet_valid", "The message's Not Before lies in the future: it is not valid yet.");
  }
  const { expiresAt: nonceExpiresAt } = checkNonce(fields.nonce, ctx);

  let valid: boolean;
  try {
    valid = await verifyMessage(ctx.client, { address: fields.address, message: fields.text, signature });
  } catch (error) {
    throw new AuthError("chain_unavailable", "The vault could not reach the chain to check the signature.", {
      cause: error,
    });
  }
  if (!valid) {
    // viem reports a failed eth_call as an invalid signature: tell an unreachable chain apart.
    await assertChainReachable(ctx);
    throw new AuthError("invalid_signature", `The signature is not ${fields.address}'s signature of this message.`);
  }
  if (!(await ctx.store.consumeNonce(fields.nonce, nonceExpiresAt))) {
    throw new AuthError("nonce_used", "This message was used to sign in already: ask for a new nonce and sign again.");
  }
  return {
    address: fields.address,
    nonce: fields.nonce,
    issuedAt: fields.issuedAt,
    expirationTime: fields.expirationTime,
  };
}

interface MessageFields {
  text: string;
  scheme: string | undefined;
  domain: string;
  address: Address;
  uri: string;
  chainId: number;
  nonce: string;
  issuedAt: Date;
  expirationTime: Date | undefined;
  notBefore: Date | undefined;
}

function parse(message: unknown): MessageFields {
  if (typeof message !== "string" || message.length > MAX_MESSAGE_CHARS || !SIWE_GRAMMAR.test(message)) {
    throw malformed("it is not a Sign-In with Ethereum (EIP-4361) message");
  }
  const parsed = parseSiweMessage(message);
  const { domain, address, uri, chainId, nonce, issuedAt, expirationTime, notBefore } = parsed;
  if (domain === undefined || address === undefined || uri === undefined || chainId === undefined) {
    throw malformed("a required field is missing");
  }
  if (nonce === undefined || issuedAt === undefined) throw malformed("a required field is missing");
  if (getAddress(address) !== address) throw malformed("the address is not in its EIP-55 checksummed form");
  for (const [name, date] of [
    ["Issued At", issuedAt],
    ["Expiration Time", expirationTime],
    ["Not Before", notBefore],
  ] as const) {
    if (date !== undefined && Number.isNaN(date.getTime())) throw malformed(`${name} is not an RFC 3339 date-time`);
  }
  return {
    text: message,
    scheme: parsed.scheme,
    domain,
    address,
    uri,
    chainId,
    nonce,
    issuedAt,
    expirationTime,
    notBefore,
  };
}

async function assertChainReachable(ctx: SignInContext): Promise<void> {
  try {
    await getChainId(ctx.client);
  } catch (error) {
    throw new AuthError("chain_unavailable", "The vault could not reach the chain to check the signature.", {
      cause: error,
    });
  }
}

function signatureOf(signature: unknown): Hex {
  if (
    typeof signature !== "string" ||
    signature.length > MAX_SIGNATURE_CHARS ||
    signature.length % 2 !== 0 ||
    !isHex(signature, { strict: true })
  ) {
    throw malformed("the signature is not 0x-prefixed hex");
  }
  return signature;
}

/** Whether `uri` is this vault's origin itself (a trailing slash and explicit default port allowed). */
function isVaultUri(uri: string, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return (
    url.origin === origin &&
    url.pathname === "/" &&
    url.search === "" &&
    url.hash === "" &&
    url.username === "" &&
    url.password === ""
  );
}

function malformed(reason: string): AuthError {
  return new AuthError("malformed_message", `The sign-in request is malformed: ${reason}.`);
}
