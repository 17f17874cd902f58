/**
 * The Constellate Test Wallet (app/test/support/wallet.ts) in a real Chromium against a Hardhat node of this test's
 * own: a tiny static page on 127.0.0.1 discovers the wallet through EIP-6963 and calls its EIP-1193 provider directly,
 * recording every event it emits, while the test drives the wallet's "user" from Node.
 *
 * Checked: the announcement and its info; connecting (eth_accounts empty before); the chain it starts on, switching
 * (chainChanged) and an unknown chain (4902); an EOA's personal_sign and eth_signTypedData_v4 (verified with viem) and
 * eth_sendTransaction (mined); the user's refusal (4001) and a prompt held open; 4100 for accounts not connected;
 * accountsChanged on switchAccount and on disconnect; state kept across reloads and tabs; going offline and back; a
 * 2-of-3 Safe: ERC-1271 signatures of a message and of typed data, and transactions proposed as safeTxHashes, then
 * co-signed and executed (a value transfer and a call), in nonce order; the request log.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";

import type { Page } from "playwright-core";
import type { Address, Hex, PublicClient } from "viem";
import {
  createPublicClient,
  createWalletClient,
  decodeEventLog,
  encodeFunctionData,
  getAddress,
  hashMessage,
  http,
  parseAbi,
  parseEther,
  toHex,
} from "viem";

import { findFreePort, LOOPBACK, rpc, spawnHardhatNode } from "../../../scripts/lib/node.ts";
import type { LocalNode } from "../../../scripts/lib/node.ts";
import { launchChromium, locateChromium } from "../support/chromium.ts";
import type { LaunchedChromium } from "../support/chromium.ts";
import {
  deployTestSafe,
  ERC1271_MAGIC_VALUE,
  installTestWallet,
  SAFE_WALLET_ABI,
  WALLET_NAME,
  WALLET_RDNS,
} from "../support/wallet.ts";
import type { Eip6963ProviderInfo, TestWallet } from "../support/wallet.ts";

const CHAIN_ID = 31337;
const TIMEOUT = 180_000;

/** The page: records announcements and events, and calls the first announced provider. */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Test wallet page</title><script>
  window.announcements = [];
  window.events = [];
  window.addEventListener("eip6963:announceProvider", (event) => {
    window.announcements.push(event.detail);
    if (window.wallet !== undefined) return;
    window.wallet = event.detail.provider;
    for (const name of ["connect", "disconnect", "accountsChanged", "chainChanged"]) {
      window.wallet.on(name, (payload) => {
        const value = payload instanceof Error ? { error: true, code: payload.code, message: payload.message } : payload;
        window.events.push({ name, value });
      });
    }
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  window.call = async (method, params) => {
    try {
      return { result: await window.wallet.request(params === undefined ? { method } : { method, params }) };
    } catch (error) {
      return { error: { code: error.code, message: error.message } };
    }
  };
</script></head><body><h1>Test wallet page</h1></body></html>`;

interface Answer {
  result?: unknown;
  error?: { code: number; message: string };
}
interface WalletEvent {
  name: string;
  value: unknown;
}
interface TestPage {
  announcements: { info: Eip6963ProviderInfo; provider: unknown }[];
  events: WalletEvent[];
  wallet: { isConnected(): boolean };
  ethereum?: unknown;
  call(method: string, params?: unknown): Promise<Answer>;
  dispatchEvent(event: object): boolean;
  Event: new (type: string) => object;
}

const chromium = await locateChromium();

describe("Constellate Test Wallet in Chromium", { skip: chromium.skip ?? false, timeout: TIMEOUT }, () => {
  let node: LocalNode | undefined;
  let server: Server | undefined;
  let browser: LaunchedChromium | undefined;
  let client: PublicClient;
  let wallet: TestWallet;
  let page: Page;
  let origin: string;
  let alice: Address; // the selected EOA
  let bob: Address; // a second EOA
  let safe: Address; // 2 of 3: owners accounts 1 to 3
  const recipient = getAddress("0x00000000000000000000000000000000c0ffee01");

  /** The page calls the wallet; resolves with its result or its error ({ code, message }). */
  const call = (method: string, params?: unknown) =>
    page.evaluate(
      ({ method, params }) => (globalThis as unknown as TestPage).call(method, params),
      params === undefined ? { method } : { method, params },
    );
  const result = async (method: string, params?: unknown) => {
    const answer = await call(method, params);
    assert.equal(answer.error, undefined, `${method} failed: ${JSON.stringify(answer.error)}`);
    return answer.result;
  };
  const refused = async (method: string, params: unknown, code: number) => {
    const answer = await call(method, params);
    assert.equal(answer.error?.code, code, `${method}: expected error ${code}, got ${JSON.stringify(answer)}`);
    return answer.error;
  };
  /** The events the page recorded since the last call, which clears them. */
  const takeEvents = () =>
    page.evaluate(() => {
      const page = globalThis as unknown as TestPage;
      return page.events.splice(0);
    });
  const lower = (address: Address) => address.toLowerCase();
  const rpcUrl = () => (node as LocalNode).url;

  before(
    async () => {
      node = spawnHardhatNode(await findFreePort());
      await node.ready();
      client = createPublicClient({ transport: http(node.url) });
      const accounts = ((await rpc(node.url, "eth_accounts")) as string[]).map((a) => getAddress(a));
      [alice, bob] = accounts as [Address, Address];
      safe = await deployTestSafe({ rpcUrl: node.url, owners: accounts.slice(1, 4), threshold: 2 });
      const funder = createWalletClient({ transport: http(node.url) });
      await client.waitForTransactionReceipt({
        hash: await funder.sendTransaction({ account: alice, chain: null, to: safe, value: parseEther("1") }),
      });

      server = createServer((_request, response) => {
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        response.end(PAGE);
      });
      await new Promise<void>((resolve) => server?.listen(0, LOOPBACK, resolve));
      origin = `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`;

      browser = await launchChromium(chromium.executablePath as string);
      wallet = await installTestWallet(browser.context, {
        rpcUrl: node.url,
        chainId: CHAIN_ID,
        accounts: [alice, bob, { safe }],
        startChainId: 1,
      });
      page = await browser.context.newPage();
      await page.goto(origin);
    },
    { timeout: TIMEOUT },
  );

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
    await node?.stop();
  });

  it("announces itself through EIP-6963, again on every eip6963:requestProvider, and emits connect", async () => {
    await page.waitForFunction(() => (globalThis as unknown as TestPage).events.some((e) => e.name === "connect"));
    const first = await page.evaluate(() => {
      const page = globalThis as unknown as TestPage;
      page.dispatchEvent(new page.Event("eip6963:requestProvider"));
      return {
        count: page.announcements.length,
        infos: page.announcements.map((a) => a.info),
        sameProvider: page.announcements.every((a) => a.provider === page.announcements[0]?.provider),
        windowEthereum: page.ethereum !== undefined,
        connected: page.wallet.isConnected(),
      };
    });
    assert.equal(first.count, 2);
    assert.ok(first.sameProvider);
    assert.equal(first.windowEthereum, false, "EIP-6963 only, unless asked for window.ethereum");
    assert.ok(first.connected);
    for (const info of first.infos) {
      assert.deepEqual(info, wallet.info);
      assert.equal(info.name, WALLET_NAME);
      assert.equal(info.rdns, WALLET_RDNS);
      assert.match(info.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.match(info.icon, /^data:image\/svg\+xml;base64,/);
    }
    assert.deepEqual(await takeEvents(), [{ name: "connect", value: { chainId: "0x1" } }]);
  });

  it("shows no account before connecting, and the selected one once eth_requestAccounts connects", async () => {
    assert.deepEqual(await result("eth_accounts"), []);
    assert.deepEqual(await result("wallet_getPermissions"), []);
    await refused("personal_sign", [toHex("too early"), lower(alice)], 4100);
    assert.deepEqual(await result("eth_requestAccounts"), [lower(alice)]);
    assert.deepEqual(await takeEvents(), [{ name: "accountsChanged", value: [lower(alice)] }]);
    assert.deepEqual(await result("eth_accounts"), [lower(alice)]);
    const [permission] = (await result("wallet_getPermissions")) as { parentCapability: string; caveats: unknown }[];
    assert.equal(permission?.parentCapability, "eth_accounts");
    assert.deepEqual(permission?.caveats, [{ type: "restrictReturnedAccounts", value: [lower(alice)] }]);
    assert.deepEqual(wallet.connectedOrigins(), [origin]);
    // Connected already: no prompt, so a refusal waits for the next real one.
    wallet.rejectNext("eth_requestAccounts");
    assert.deepEqual(await result("eth_requestAccounts"), [lower(alice)]);
    await wallet.disconnect(origin);
    await refused("eth_requestAccounts", undefined, 4001);
    assert.deepEqual(await result("eth_accounts"), []);
    assert.deepEqual(await result("eth_requestAccounts"), [lower(alice)]);
    assert.deepEqual(await takeEvents(), [
      { name: "accountsChanged", value: [] },
      { name: "accountsChanged", value: [lower(alice)] },
    ]);
    wallet.rejectNext("wallet_requestPermissions");
    await refused("wallet_requestPermissions", [{ eth_accounts: {} }], 4001);
    assert.deepEqual(await takeEvents(), []);
  });

  it("starts on the chain the test chose and switches chains as asked (chainChanged), refusing unknown ones", async () => {
    assert.equal(await result("eth_chainId"), "0x1");
    assert.equal(await result("net_version"), "1");
    await refused("eth_sendTransaction", [{ from: lower(alice), to: recipient, value: "0x1" }], 4901);

    assert.equal(await result("wallet_switchEthereumChain", [{ chainId: toHex(CHAIN_ID) }]), null);
    assert.deepEqual(await takeEvents(), [{ name: "chainChanged", value: toHex(CHAIN_ID) }]);
    assert.equal(await result("eth_chainId"), toHex(CHAIN_ID));
    assert.equal(wallet.currentChainId(), CHAIN_ID);

    await refused("wallet_switchEthereumChain", [{ chainId: "0x2a" }], 4902);
    assert.equal(await result("wallet_addEthereumChain", [{ chainId: "0x2a", chainName: "Elsewhere" }]), null);
    assert.equal(await result("wallet_switchEthereumChain", [{ chainId: toHex(CHAIN_ID) }]), null);
    await wallet.switchChain(1);
    await wallet.switchChain(CHAIN_ID);
    assert.deepEqual(
      (await takeEvents()).map((e) => e.value),
      ["0x2a", toHex(CHAIN_ID), "0x1", toHex(CHAIN_ID)],
    );
    wallet.rejectNext("wallet_switchEthereumChain");
    await refused("wallet_switchEthereumChain", [{ chainId: "0x1" }], 4001);
    assert.equal(wallet.currentChainId(), CHAIN_ID);
  });

  it("signs for an EOA through the node: personal_sign and eth_signTypedData_v4, which viem verifies", async () => {
    const message = "Constellate test wallet: sign me";
    const signature = (await result("personal_sign", [toHex(message), lower(alice)])) as Hex;
    assert.ok(await client.verifyMessage({ address: alice, message, signature }));
    const text = (await result("personal_sign", ["plain text, not hex", lower(alice)])) as Hex;
    assert.ok(await client.verifyMessage({ address: alice, message: "plain text, not hex", signature: text }));

    const typed = typedData(CHAIN_ID);
    const typedSignature = (await result("eth_signTypedData_v4", [lower(alice), JSON.stringify(typed)])) as Hex;
    assert.ok(await client.verifyTypedData({ address: alice, ...typed, signature: typedSignature }));
    await refused("eth_signTypedData_v4", [lower(alice), JSON.stringify(typedData(1))], -32602);
  });

  it("sends an EOA's transaction, which the node mines", async () => {
    const before = await client.getBalance({ address: recipient });
    const hash = (await result("eth_sendTransaction", [
      { from: lower(alice), to: recipient, value: toHex(parseEther("0.5")) },
    ])) as Hex;
    const receipt = await client.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    assert.equal(getAddress(receipt.from), alice);
    assert.equal((await client.getBalance({ address: recipient })) - before, parseEther("0.5"));
  });

  it("gives 4001 when the user rejects, for the next prompt only, and can hold a prompt open", async () => {
    wallet.rejectNext();
    const error = await refused("personal_sign", [toHex("no"), lower(alice)], 4001);
    assert.equal(error?.message, "User rejected the request.");
    assert.ok(await result("personal_sign", [toHex("yes"), lower(alice)]));

    wallet.rejectNext("eth_sendTransaction");
    assert.ok(await result("personal_sign", [toHex("unaffected"), lower(alice)]));
    await refused("eth_sendTransaction", [{ from: lower(alice), to: recipient, value: "0x1" }], 4001);

    const held = wallet.holdNext("personal_sign");
    const answer = call("personal_sign", [toHex("wait for me"), lower(alice)]);
    const record = await held.request;
    assert.equal(record.settled, false);
    held.approve();
    assert.equal((await answer).error, undefined);
    assert.equal(record.settled, true);

    const refusedLater = wallet.holdNext();
    const later = call("eth_sendTransaction", [{ from: lower(alice), to: recipient, value: "0x1" }]);
    assert.equal((await refusedLater.request).method, "eth_sendTransaction");
    refusedLater.reject();
    assert.equal((await later).error?.code, 4001);
  });

  it("refuses (4100) to sign or send for an account the page was not given", async () => {
    await refused("personal_sign", [toHex("not yours"), lower(bob)], 4100);
    await refused("eth_sendTransaction", [{ from: lower(bob), to: recipient, value: "0x1" }], 4100);
  });

  it("emits accountsChanged when the user switches account, and [] when the user disconnects the site", async () => {
    await wallet.switchAccount(bob);
    assert.deepEqual(await takeEvents(), [{ name: "accountsChanged", value: [lower(bob)] }]);
    assert.deepEqual(await result("eth_accounts"), [lower(bob)]);
    const signature = (await result("personal_sign", [toHex("bob"), lower(bob)])) as Hex;
    assert.ok(await client.verifyMessage({ address: bob, message: "bob", signature }));

    await wallet.disconnect();
    assert.deepEqual(await takeEvents(), [{ name: "accountsChanged", value: [] }]);
    assert.deepEqual(await result("eth_accounts"), []);
    await refused("personal_sign", [toHex("bob"), lower(bob)], 4100);

    // The page's own disconnect (wagmi's disconnect()): wallet_revokePermissions.
    await result("wallet_requestPermissions", [{ eth_accounts: {} }]);
    assert.equal(await result("wallet_revokePermissions", [{ eth_accounts: {} }]), null);
    assert.deepEqual(await takeEvents(), [
      { name: "accountsChanged", value: [lower(bob)] },
      { name: "accountsChanged", value: [] },
    ]);
    assert.deepEqual(wallet.connectedOrigins(), []);
  });

  it("keeps its state across reloads and tabs, like a wallet extension", async () => {
    await wallet.switchAccount(alice);
    assert.deepEqual(await result("eth_requestAccounts"), [lower(alice)]);
    await page.reload();
    await page.waitForFunction(() => (globalThis as unknown as TestPage).events.some((e) => e.name === "connect"));
    assert.deepEqual(await result("eth_accounts"), [lower(alice)]);
    assert.equal(await result("eth_chainId"), toHex(CHAIN_ID));
    const tab = await page.context().newPage();
    try {
      await tab.goto(origin);
      const accounts = await tab.evaluate(() => (globalThis as unknown as TestPage).call("eth_accounts"));
      assert.deepEqual(accounts, { result: [lower(alice)] });
      // Events reach every tab.
      await wallet.switchAccount(bob);
      const events = await tab.evaluate(() => (globalThis as unknown as TestPage).events.map((e) => e.name));
      assert.ok(events.includes("accountsChanged"), `events in the second tab: ${events.join(", ")}`);
      await wallet.switchAccount(alice);
    } finally {
      await tab.close();
    }
    await takeEvents();
  });

  it("goes offline (disconnect, 4900) and back (connect)", async () => {
    await wallet.goOffline();
    const [event] = await takeEvents();
    assert.equal(event?.name, "disconnect");
    assert.deepEqual(event?.value, {
      error: true,
      code: 4900,
      message: "The provider is disconnected from all chains.",
    });
    assert.equal(await page.evaluate(() => (globalThis as unknown as TestPage).wallet.isConnected()), false);
    await refused("eth_blockNumber", [], 4900);
    await wallet.goOnline();
    assert.deepEqual(await takeEvents(), [{ name: "connect", value: { chainId: toHex(CHAIN_ID) } }]);
    assert.match((await result("eth_blockNumber")) as string, /^0x[0-9a-f]+$/);
  });

  it("forwards everything else to the node, with the node's errors", async () => {
    assert.equal(
      await result("eth_getBalance", [recipient, "latest"]),
      toHex(await client.getBalance({ address: recipient })),
    );
    const error = await call("eth_call", [{ to: safe, data: "0xdeadbeef" }, "latest"]);
    assert.equal(typeof error.error?.code, "number");
    await refused("wallet_getCapabilities", [lower(alice)], 4200);
  });

  it("can start connected to an origin and also set window.ethereum", async () => {
    const other = await launchChromium(chromium.executablePath as string);
    try {
      const connected = await installTestWallet(other.context, {
        rpcUrl: rpcUrl(),
        accounts: [bob],
        connectedOrigins: [`${origin}/some/page`],
        windowEthereum: true,
      });
      assert.equal(connected.chainId, CHAIN_ID);
      const tab = await other.context.newPage();
      await tab.goto(origin);
      const accounts = await tab.evaluate(() => {
        const page = globalThis as unknown as { ethereum: { request(args: { method: string }): Promise<unknown> } };
        return page.ethereum.request({ method: "eth_accounts" });
      });
      assert.deepEqual(accounts, [lower(bob)]);
      assert.deepEqual(
        connected.requests().map((r) => [r.method, r.origin]),
        [["eth_accounts", origin]],
      );
    } finally {
      await other.close();
    }
  });

  describe("with a Safe account (2 of 3)", () => {
    before(async () => {
      await wallet.switchAccount(safe);
      await takeEvents();
      assert.deepEqual(await result("eth_accounts"), [lower(safe)]);
    });

    it("signs messages with its owners so that the Safe accepts them under ERC-1271", async () => {
      const message = "Sign in to Constellate as a Safe";
      const signature = (await result("personal_sign", [toHex(message), lower(safe)])) as Hex;
      assert.equal(signature.length, 2 + 2 * 65 * 2, "two owners' signatures");
      const magic = await client.readContract({
        address: safe,
        abi: SAFE_WALLET_ABI,
        functionName: "isValidSignature",
        args: [hashMessage(message), signature],
      });
      assert.equal(magic, ERC1271_MAGIC_VALUE);
      assert.ok(await client.verifyMessage({ address: safe, message, signature }));
      assert.equal(await client.verifyMessage({ address: safe, message: "something else", signature }), false);

      const typed = typedData(CHAIN_ID);
      const typedSignature = (await result("eth_signTypedData_v4", [lower(safe), JSON.stringify(typed)])) as Hex;
      assert.ok(await client.verifyTypedData({ address: safe, ...typed, signature: typedSignature }));
    });

    it("proposes transactions as Safe{Wallet} does, answering their safeTxHash, and executes them co-signed", async () => {
      const before = await client.getBalance({ address: recipient });
      const transfer = (await result("eth_sendTransaction", [
        { from: lower(safe), to: recipient, value: toHex(parseEther("0.25")) },
      ])) as Hex;
      const raise = (await result("eth_sendTransaction", [
        {
          from: lower(safe),
          to: lower(safe),
          data: encodeFunctionData({
            abi: parseAbi(["function changeThreshold(uint256)"]),
            functionName: "changeThreshold",
            args: [3n],
          }),
        },
      ])) as Hex;
      assert.match(transfer, /^0x[0-9a-f]{64}$/);
      assert.notEqual(transfer, raise);
      // A safeTxHash, not a transaction: nothing is mined yet.
      assert.equal(await client.request({ method: "eth_getTransactionReceipt", params: [transfer] }), null);
      assert.equal(await client.getBalance({ address: recipient }), before);

      const pending = wallet.pendingSafeTransactions();
      assert.deepEqual(
        pending.map((p) => [p.safeTxHash, p.nonce, p.signatures.length, p.origin]),
        [
          [transfer, 0n, 1, origin],
          [raise, 1n, 1, origin],
        ],
      );
      const first = pending[0];
      assert.ok(first !== undefined);
      const onChainHash = await client.readContract({
        address: safe,
        abi: SAFE_WALLET_ABI,
        functionName: "getTransactionHash",
        args: [first.to, first.value, first.data, 0, 0n, 0n, 0n, zero, zero, first.nonce],
      });
      assert.equal(onChainHash, transfer);

      await assert.rejects(wallet.coSignAndExecute(raise), /execute the earlier proposals first/);
      const executed = await wallet.coSignAndExecute(transfer);
      assert.equal(executed.receipt.status, "success");
      const events = executed.receipt.logs.flatMap((log) => {
        try {
          return [decodeEventLog({ abi: SAFE_WALLET_ABI, data: log.data, topics: log.topics })];
        } catch {
          return [];
        }
      });
      assert.deepEqual(
        events.map((e) => [e.eventName, e.args.txHash]),
        [["ExecutionSuccess", transfer]],
      );
      assert.equal((await client.getBalance({ address: recipient })) - before, parseEther("0.25"));
      assert.deepEqual(
        wallet.pendingSafeTransactions(safe).map((p) => p.safeTxHash),
        [raise],
      );

      await wallet.coSignAndExecute(raise);
      assert.equal(
        await client.readContract({ address: safe, abi: SAFE_WALLET_ABI, functionName: "getThreshold" }),
        3n,
      );
      assert.deepEqual(wallet.pendingSafeTransactions(), []);
      await assert.rejects(wallet.coSignAndExecute(raise), /executed already/);

      // Now 3 of 3: the wallet asks all three owners.
      const signature = (await result("personal_sign", [toHex("three of three"), lower(safe)])) as Hex;
      assert.ok(await client.verifyMessage({ address: safe, message: "three of three", signature }));
    });
  });

  it("logs every request with its origin and answer", async () => {
    const records = wallet.requests();
    assert.ok(records.length > 20);
    assert.ok(records.every((r) => r.origin === origin && r.settled));
    assert.deepEqual(
      records.slice(0, 3).map((r) => r.method),
      ["eth_accounts", "wallet_getPermissions", "personal_sign"],
    );
    assert.equal(records[2]?.error?.code, 4100);
    const sends = wallet.requests("eth_sendTransaction");
    assert.ok(sends.some((r) => r.error?.code === 4001) && sends.some((r) => typeof r.result === "string"));

    wallet.clearRequests();
    assert.deepEqual(wallet.requests(), []);
    const waited = wallet.waitForRequest("eth_chainId");
    await result("eth_chainId");
    assert.equal((await waited).result, toHex(CHAIN_ID));
  });
});

const zero = "0x0000000000000000000000000000000000000000";

/** EIP-712 typed data to sign, on `chainId`. */
function typedData(chainId: number) {
  return {
    domain: {
      name: "Constellate",
      version: "1",
      chainId,
      verifyingContract: "0x00000000000000000000000000000000000c0de5",
    },
    types: {
      Grant: [
        { name: "grantee", type: "address" },
        { name: "scope", type: "bytes32" },
        { name: "expires", type: "uint32" },
      ],
    },
    primaryType: "Grant",
    message: {
      grantee: "0x00000000000000000000000000000000c0ffee01",
      scope: `0x${"5c".repeat(32)}`,
      expires: 1_900_000_000,
    },
  } as const;
}
