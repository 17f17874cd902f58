/**
 * Micro-benchmark of the host runtime (not a test): triggers per second for three probe handlers, against a
 * MemoryStore, with used instances reset (the default) and with a fresh instantiation per trigger.
 *
 *   node subgraph/node/test/runtime/bench.ts [triggers per case, default 20000]
 */
import { makeEvent, MemoryStore, runTrigger } from "../../src/runtime/index.ts";
import type { Subgraph, Trigger } from "../../src/runtime/index.ts";
import { loadProbe } from "./probe.ts";

const count = Number(process.argv[2] ?? 20_000);

const cases: [string, (subgraph: Subgraph, i: number) => Trigger][] = [
  ["handleGlobal (one small entity)", (subgraph) => makeEvent(subgraph, "Probe", "Global")],
  [
    "handlePut (merge into one of 100 entities)",
    (subgraph, i) => makeEvent(subgraph, "Probe", "Put", { id: `thing ${i % 100}`, name: "name", count: i }),
  ],
  [
    "handleEverything (12 parameters, a 45-field entity)",
    (subgraph, i) =>
      makeEvent(subgraph, "Probe", "Everything", {
        who: "0x00000000000000000000000000000000000000aa",
        label: "label",
        amount: BigInt(i),
        delta: -5,
        flag: true,
        note: "a note",
        data: "0x0102",
        tag: `0x${"11".repeat(32)}`,
        pair: { a: 7n, b: "bee" },
        list: [1n, 2n],
        fixedList: ["0x00000000000000000000000000000000000000b1", "0x00000000000000000000000000000000000000b2"],
        items: [{ kind: 1, payload: "0xff" }],
      }),
  ],
];

for (const freshInstances of [false, true]) {
  const subgraph = await loadProbe({ freshInstances });
  for (const [name, build] of cases) {
    const triggers = Array.from({ length: count }, (_, i) => build(subgraph, i));
    const store = new MemoryStore(subgraph.schema);
    for (const t of triggers.slice(0, 200)) runTrigger(subgraph, t.dataSource, t.handler, t.event, store); // warm-up
    const start = performance.now();
    for (const t of triggers) runTrigger(subgraph, t.dataSource, t.handler, t.event, store);
    const ms = performance.now() - start;
    const mode = freshInstances ? "fresh instance" : "reset instance";
    console.log(
      `${name.padEnd(52)} ${mode}: ${((1000 * ms) / count).toFixed(1).padStart(6)} µs, ` +
        `${Math.round((1000 * count) / ms)} triggers/s`,
    );
  }
}
