import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { keccak256, stringToBytes } from "viem";

import { MappingHarness } from "../../src/runtime/index.ts";
import type { MappingLogEntry } from "../../src/runtime/index.ts";
import { loadProbe } from "./probe.ts";

/** handleHost records each host function's result as Result(name) -> value. */
describe("host functions (the probe's handleHost)", () => {
  const logs: MappingLogEntry[] = [];
  const results = new Map<string, string>();

  before(async () => {
    const mappings = new MappingHarness(await loadProbe({ log: (entry) => logs.push(entry) }));
    mappings.emit("Probe", "Host", { a: 1000n, b: -7n, text: "1.5", blob: "0xdeadbeef" });
    for (const result of mappings.entities("Result")) results.set(result.id as string, result.value as string);
  });

  const expect = (cases: Record<string, string>) => {
    for (const [name, value] of Object.entries(cases)) assert.equal(results.get(name), value, name);
  };

  it("bigInt: arithmetic truncating toward zero, bit operations, shifts rounding down, parsing", () => {
    expect({
      plus: "993",
      minus: "1007",
      times: "-7000",
      dividedBy: "-142",
      mod: "6",
      pow: "-343",
      bitOr: "1016",
      bitAnd: "232",
      leftShift: "256000",
      rightShift: "-1",
      fromString: "-123456789012345678901234567890",
      compare: "true,true",
    });
  });

  it("typeConversion: hex of a BigInt is its magnitude in minimal digits, as in graph-node", () => {
    expect({ bigIntToHex: "0x3e8", negativeToHex: "0x7", bigIntToString: "1000" });
  });

  it("bigDecimal: normalised results with 34 significant digits", () => {
    expect({
      bdPlus: "1.75",
      bdMinus: "-1.25",
      bdTimes: "0.375",
      bdDividedBy: "6",
      bdThird: `0.${"3".repeat(34)}`,
      bdTwoThirds: `0.${"6".repeat(33)}7`,
      bdEquals: "true,false",
      bdEqualsHost: "true",
      bdNormalized: "100",
      bdExponent: "-1500,0.00025",
      bdFromBigInt: "1000",
      bdTruncate: "3.14",
      bdDigits: "15e-1",
      dividedByDecimal: `333.${"3".repeat(31)}`,
    });
  });

  it("typeConversion and crypto: hex, UTF-8, base58, addresses, keccak256", () => {
    expect({
      bytesToHex: "0xdeadbeef",
      bytesToString: "héllo",
      bytesToBase58: "11233QC4",
      stringToH160: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
      keccak256: keccak256(stringToBytes("constellate")),
    });
  });

  it("ethereum.encode and decode round-trip a tuple, and decode answers null for bad data", () => {
    const address = "0".repeat(24) + "5fbdb2315678afecb367f032d93f642f64180aa3";
    assert.equal(
      results.get("encode"),
      `0x${"20".padStart(64, "0")}${address}${"3e8".padStart(64, "0")}${"60".padStart(64, "0")}` +
        `${"3".padStart(64, "0")}${"312e35".padEnd(64, "0")}`,
    );
    expect({ decode: "0x5fbdb2315678afecb367f032d93f642f64180aa3,1000,1.5", decodeInvalid: "null" });
  });

  it("json: numbers keep their digits for toBigInt/toU64/toI64/toF64, and try_fromBytes reports failure", () => {
    expect({
      jsonBigInt: "12345678901234567890",
      jsonU64: "12345678901234567890",
      jsonF64: "1.5",
      jsonI64: "-7",
      jsonString: "x",
      jsonBool: "true",
      jsonArray: "2,1,true",
      jsonTry: "true,true",
    });
  });

  it("yaml: scalars, sequences, mappings keyed by values, custom tags and aliases; try_fromBytes reports failure", () => {
    expect({ yaml: "probe,1|2.5,true,true,!label=text,x,7,true", yamlTry: "true,true" });
  });

  it("dataSource: the address, network and manifest context of the data source", () => {
    expect({
      dataSourceAddress: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
      dataSourceNetwork: "hardhat",
      dataSourceContext: "probe,42",
    });
  });

  it("log: every level reaches the logger with the data source, handler, block and transaction", () => {
    assert.deepEqual(
      logs.map((entry) => [entry.level, entry.message]),
      [
        ["debug", "debug one"],
        ["info", "info one two"],
        ["warning", "warning"],
        ["error", "error"],
      ],
    );
    const [first] = logs;
    assert.equal(first?.dataSource, "Probe");
    assert.equal(first?.handler, "handleHost");
    assert.equal(first?.blockNumber, 1n);
    assert.match(first?.transactionHash ?? "", /^0x[0-9a-f]{64}$/);
  });
});
