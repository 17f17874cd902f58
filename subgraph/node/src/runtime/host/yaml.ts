/**
 * graph-ts `yaml`: parsing into YAMLValue ({kind, payload}), as graph-node does with serde_yaml: numbers as their decimal
 * text, mappings keyed by YAMLValue, custom tags ("!name") as tagged values.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Document, Node } from "yaml";

import type { AscHeap } from "../asc/heap.ts";
import type { HostFunctions } from "./context.ts";

/** graph-ts's YAMLValueKind numbering. */
const KIND = { null: 0, bool: 1, number: 2, string: 3, array: 4, object: 5, tagged: 6 } as const;

const UTF8 = new TextDecoder("utf-8", { fatal: true });

export const yamlFunctions: HostFunctions = {
  "yaml.fromBytes": ({ heap }, bytesPtr) => {
    let document: Document;
    try {
      document = parse(heap.bytes(bytesPtr));
    } catch (error) {
      throw new Error(`Failed to parse YAML from byte array: ${(error as Error).message}`);
    }
    return writeYaml(heap, document, document.contents);
  },

  "yaml.try_fromBytes": ({ heap }, bytesPtr) => {
    let document: Document;
    try {
      document = parse(heap.bytes(bytesPtr));
    } catch {
      return heap.newObject(heap.ids.YamlResultValueBool, [0, heap.newWrappedBool(true)]);
    }
    const wrapped = heap.newObject(heap.ids.YamlWrappedValue, [writeYaml(heap, document, document.contents)]);
    return heap.newObject(heap.ids.YamlResultValueBool, [wrapped, 0]);
  },
};

function parse(bytes: Uint8Array): Document {
  const document = parseDocument(UTF8.decode(bytes), { intAsBigInt: true });
  const [error] = document.errors;
  if (error !== undefined) throw error;
  return document;
}

function writeYaml(heap: AscHeap, document: Document, node: unknown): number {
  const classId = heap.ids.YamlValue;
  if (node === null || node === undefined) return heap.newEnum(classId, KIND.null, 0);
  if (isAlias(node)) return writeYaml(heap, document, node.resolve(document));
  const tag = (node as Node).tag;
  if (tag !== undefined && tag.startsWith("!")) {
    const untagged = writeYaml(heap, document, Object.assign((node as Node).clone(), { tag: undefined }));
    const tagged = heap.newObject(heap.ids.YamlTaggedValue, [heap.newString(tag), untagged]);
    return heap.newEnum(classId, KIND.tagged, tagged);
  }
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === undefined) return heap.newEnum(classId, KIND.null, 0);
    if (typeof value === "boolean") return heap.newEnum(classId, KIND.bool, value ? 1 : 0);
    if (typeof value === "bigint") return heap.newEnum(classId, KIND.number, heap.newString(value.toString()));
    if (typeof value === "number") return heap.newEnum(classId, KIND.number, heap.newString(formatFloat(value)));
    return heap.newEnum(classId, KIND.string, heap.newString(String(value)));
  }
  if (isSeq(node)) {
    const items = node.items.map((item) => writeYaml(heap, document, item));
    return heap.newEnum(classId, KIND.array, heap.newPointerArray(items, heap.ids.YamlArrayValue));
  }
  if (isMap(node)) {
    const entries = node.items.map((pair) =>
      heap.newObject(heap.ids.YamlTypedMapEntryValueValue, [
        writeYaml(heap, document, pair.key),
        writeYaml(heap, document, pair.value),
      ]),
    );
    const entriesPtr = heap.newPointerArray(entries, heap.ids.YamlArrayTypedMapEntryValueValue);
    return heap.newEnum(classId, KIND.object, heap.newObject(heap.ids.YamlTypedMapValueValue, [entriesPtr]));
  }
  throw new Error(`unexpected YAML node ${String(node)}`);
}

/** serde_yaml's float text: "2.0", "2.5", ".inf", "-.inf", ".nan". */
function formatFloat(value: number): string {
  if (Number.isNaN(value)) return ".nan";
  if (!Number.isFinite(value)) return value > 0 ? ".inf" : "-.inf";
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
