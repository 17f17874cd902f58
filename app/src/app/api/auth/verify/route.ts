import { companiesFor, createSession, preflight, sessionCookie, verifySignIn } from "../../../../vault/auth/index.ts";
import { handle, HttpError } from "../../../../vault/http.ts";
import { cors } from "../../../../vault/requests.ts";
import { getVault } from "../../../../vault/server.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_BODY = 16 * 1024;

/** Sign-In with Ethereum: checks the message and signature, then starts a session (cookie) and a bearer token. */
export const POST = handle(async (request: Request) => {
  const vault = await getVault();
  const text = await request.text();
  if (text.length > MAX_BODY)
    throw new HttpError(413, "payload_too_large", "A sign-in request is a few hundred bytes.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, "bad_request", 'Send JSON: { "message": "<the SIWE message>", "signature": "0x..." }.');
  }
  const { message, signature } = (body ?? {}) as { message?: unknown; signature?: unknown };
  if (typeof message !== "string" || typeof signature !== "string" || !/^0x[0-9a-fA-F]*$/.test(signature)) {
    throw new HttpError(400, "bad_request", 'Send JSON: { "message": "<the SIWE message>", "signature": "0x..." }.');
  }
  const signIn = await verifySignIn({ message, signature: signature as `0x${string}` }, vault.auth);
  const session = await createSession(signIn.address, vault.auth, { notAfter: signIn.expirationTime });
  const companies = await companiesFor(signIn.address, vault.auth).catch(() => []);
  return Response.json(
    {
      address: signIn.address,
      token: session.bearer.token,
      tokenExpiresAt: session.bearer.expiresAt.toISOString(),
      companies: companies.map((c) => c.company),
    },
    {
      headers: {
        "cache-control": "no-store",
        "set-cookie": sessionCookie(vault.auth.vault, session.cookie.value, session.cookie.maxAgeSeconds),
        ...cors(vault, request),
      },
    },
  );
});

export const OPTIONS = handle(async (request: Request) => preflight(request.headers, (await getVault()).auth));
