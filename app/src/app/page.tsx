export default function Home() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-3xl font-semibold">Constellate</h1>
      <p className="mt-4 text-slate-700">
        Companies form constellations of value, record tamper-evident ESG claims about their products, and share data
        with those they choose. This server runs the data vault: public documents for anyone, restricted ones only for
        wallets holding a live grant on-chain.
      </p>
      <h2 className="mt-10 text-xl font-semibold">For developers</h2>
      <ul className="mt-3 list-disc space-y-1 pl-6 text-slate-700">
        <li>
          Vault API:{" "}
          <a className="text-blue-700 underline" href="/api/vault/openapi.json">
            OpenAPI description
          </a>
        </li>
      </ul>
    </main>
  );
}
