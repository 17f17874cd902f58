import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { encodeAbiParameters, keccak256, stringToBytes } from "viem";

import {
  blockFromRpc,
  eventFromLog,
  eventFromRpc,
  logFromRpc,
  makeEvent,
  MappingHarness,
  MemoryStore,
  runHandlersForLog,
  syntheticBlock,
  syntheticTransaction,
  transactionFromRpc,
} from "../../src/runtime/index.ts";
import type { Hex, Subgraph } from "../../src/runtime/index.ts";
import { loadProbe } from "./probe.ts";

const WHO = "0x00000000000000000000000000000000000000aa";
const everythingArgs = {
  who: WHO,
  label: "hello",
  amount: 2n ** 255n,
  delta: -5,
  flag: true,
  note: "a note",
  data: "0x0102",
  tag: `0x${"11".repeat(32)}`,
  pair: { a: 7n, b: "bee" },
  list: [1n, 2n],
  fixedList: ["0x00000000000000000000000000000000000000b1", "0x00000000000000000000000000000000000000b2"],
  items: [{ kind: 1, payload: "0xff" }, [2, "0x"]],
};

describe("events", () => {
  let subgraph: Subgraph;
  before(async () => {
    subgraph = await loadProbe();
  });

  it("decodes every ABI type into typed ethereum values", () => {
    const { event } = makeEvent(subgraph, "Probe", "Everything", everythingArgs);
    assert.deepEqual(
      event.parameters.map((p) => [p.name, p.value]),
      [
        ["who", { kind: "address", value: WHO }],
        ["label", { kind: "fixedBytes", value: keccak256(stringToBytes("hello")) }],
        ["amount", { kind: "uint", value: 2n ** 255n }],
        ["delta", { kind: "int", value: -5n }],
        ["flag", { kind: "bool", value: true }],
        ["note", { kind: "string", value: "a note" }],
        ["data", { kind: "bytes", value: "0x0102" }],
        ["tag", { kind: "fixedBytes", value: `0x${"11".repeat(32)}` }],
        [
          "pair",
          {
            kind: "tuple",
            value: [
              { kind: "uint", value: 7n },
              { kind: "string", value: "bee" },
            ],
          },
        ],
        [
          "list",
          {
            kind: "array",
            value: [
              { kind: "uint", value: 1n },
              { kind: "uint", value: 2n },
            ],
          },
        ],
        [
          "fixedList",
          {
            kind: "fixedArray",
            value: [
              { kind: "address", value: "0x00000000000000000000000000000000000000b1" },
              { kind: "address", value: "0x00000000000000000000000000000000000000b2" },
            ],
          },
        ],
        [
          "items",
          {
            kind: "array",
            value: [
              {
                kind: "tuple",
                value: [
                  { kind: "uint", value: 1n },
                  { kind: "bytes", value: "0xff" },
                ],
              },
              {
                kind: "tuple",
                value: [
                  { kind: "uint", value: 2n },
                  { kind: "bytes", value: "0x" },
                ],
              },
            ],
          },
        ],
      ],
    );
  });

  it("hands the mapping the parameters, the event, the block and the transaction (the probe copies them)", () => {
    const mappings = new MappingHarness(subgraph);
    const block = syntheticBlock({ number: 9n, size: null, baseFeePerGas: null, difficulty: 3n, totalDifficulty: 4n });
    const event = mappings.emit("Probe", "Everything", everythingArgs, {
      block,
      transaction: { index: 2n, value: 10n, input: "0xabcdef", nonce: 5n, to: null },
      logIndex: 4,
    });
    const [decoded] = mappings.entities("Decoded");
    const tx = event.transaction;
    assert.deepEqual(decoded, {
      id: `${tx.hash}04000000`,
      who: WHO,
      labelHash: keccak256(stringToBytes("hello")),
      amount: 2n ** 255n,
      delta: -5,
      flag: true,
      note: "a note",
      data: "0x0102",
      tag: `0x${"11".repeat(32)}`,
      pairA: 7n,
      pairB: "bee",
      list: [1n, 2n],
      fixedList: everythingArgs.fixedList,
      itemKinds: [1, 2],
      itemPayloads: ["0xff", "0x"],
      address: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
      logIndex: 4n,
      transactionLogIndex: 0n,
      logType: null,
      blockHash: block.hash,
      parentHash: block.parentHash,
      unclesHash: block.unclesHash,
      author: block.author,
      stateRoot: block.stateRoot,
      transactionsRoot: block.transactionsRoot,
      receiptsRoot: block.receiptsRoot,
      blockNumber: 9n,
      gasUsed: block.gasUsed,
      gasLimit: block.gasLimit,
      timestamp: block.timestamp,
      difficulty: 3n,
      totalDifficulty: 4n,
      size: null,
      baseFeePerGas: null,
      txHash: tx.hash,
      txIndex: 2n,
      from: tx.from,
      to: null,
      value: 10n,
      txGasLimit: tx.gasLimit,
      gasPrice: tx.gasPrice,
      input: "0xabcdef",
      nonce: 5n,
    });
  });

  it("refuses a log whose topics do not fit the event", () => {
    const { abiEvent, topic0 } = subgraph.dataSource("Probe").eventHandlers.find((h) => h.handler === "handleCount")!;
    const log = { address: WHO as Hex, topics: [topic0], data: "0x" as Hex, logIndex: 0n };
    assert.throws(() => eventFromLog(abiEvent, log, syntheticBlock(), syntheticTransaction()), {
      message: "log has 1 topics, but event Count has 1 indexed parameters",
    });
  });

  it("refuses log data that does not decode as the event", () => {
    const { abiEvent, topic0 } = subgraph.dataSource("Probe").eventHandlers.find((h) => h.handler === "handlePut")!;
    const log = { address: WHO as Hex, topics: [topic0], data: "0x01" as Hex, logIndex: 0n };
    assert.throws(() => eventFromLog(abiEvent, log, syntheticBlock(), syntheticTransaction()), {
      message: /^log data does not decode as event Put: /,
    });
  });

  it("builds events from JSON-RPC blocks and logs, with graph-node's defaults for absent fields", () => {
    const handler = subgraph.dataSource("Probe").eventHandlers.find((h) => h.handler === "handleCount")!;
    const tx = {
      hash: `0x${"AB".repeat(32)}`,
      transactionIndex: "0x1",
      from: WHO,
      to: null,
      value: "0x0",
      gas: "0x5208",
      maxFeePerGas: "0x3b9aca00",
      input: "0x",
      nonce: "0x7",
    };
    const rpcBlock = {
      number: "0x10",
      hash: `0x${"01".repeat(32)}`,
      parentHash: `0x${"02".repeat(32)}`,
      sha3Uncles: `0x${"03".repeat(32)}`,
      miner: WHO,
      stateRoot: `0x${"04".repeat(32)}`,
      transactionsRoot: `0x${"05".repeat(32)}`,
      receiptsRoot: `0x${"06".repeat(32)}`,
      gasUsed: "0x5208",
      gasLimit: "0x1c9c380",
      timestamp: "0x6553f100",
      transactions: [`0x${"cd".repeat(32)}`, tx],
    };
    const rpcLog = {
      address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      topics: [handler.topic0, encodeAbiParameters([{ type: "int64" }], [-3n])],
      data: "0x",
      logIndex: "0x2",
      transactionHash: tx.hash,
      transactionIndex: "0x1",
    };
    const block = blockFromRpc(rpcBlock);
    assert.equal(block.number, 16n);
    assert.equal(block.unclesHash, `0x${"03".repeat(32)}`);
    assert.equal(block.author, WHO);
    assert.deepEqual([block.difficulty, block.totalDifficulty, block.size, block.baseFeePerGas], [0n, 0n, null, null]);
    const transaction = transactionFromRpc(tx);
    assert.equal(transaction.hash, `0x${"ab".repeat(32)}`);
    assert.deepEqual(
      [transaction.index, transaction.gasLimit, transaction.gasPrice, transaction.nonce],
      [1n, 21000n, 10n ** 9n, 7n],
    );
    assert.deepEqual(logFromRpc(rpcLog).logIndex, 2n);

    const event = eventFromRpc(handler.abiEvent, rpcLog, rpcBlock);
    assert.equal(event.address, "0x5fbdb2315678afecb367f032d93f642f64180aa3");
    assert.deepEqual(event.parameters, [{ name: "id", value: { kind: "int", value: -3n } }]);
    assert.equal(event.transaction.hash, transaction.hash);
    const store = new MemoryStore(subgraph.schema);
    assert.equal(runHandlersForLog(subgraph, rpcLog, rpcBlock, store), 1);
    assert.deepEqual(store.get("Counter", "-3"), { id: -3n, value: 1n });
    assert.equal(runHandlersForLog(subgraph, { ...rpcLog, address: WHO }, rpcBlock, store), 0);

    assert.throws(() => eventFromRpc(handler.abiEvent, { ...rpcLog, transactionIndex: "0x0" }, rpcBlock), {
      message: /block 16 has no full transaction 0xabab.* at index 0 \(fetch the block with full transactions\)/i,
    });
  });

  it("refuses synthetic events with missing or unknown arguments", () => {
    assert.throws(() => makeEvent(subgraph, "Probe", "Put", { id: "x", name: "n" }), {
      message: "makeEvent Probe.Put: missing argument `count`",
    });
    assert.throws(() => makeEvent(subgraph, "Probe", "Put", { id: "x", name: "n", count: 1, colour: "red" }), {
      message: "makeEvent Probe.Put: unknown arguments colour",
    });
    assert.throws(() => makeEvent(subgraph, "Probe", "Nope"), {
      message: /^data source Probe has no handler for Nope/,
    });
  });
});
