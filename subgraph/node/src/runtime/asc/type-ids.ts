/**
 * graph-ts's `TypeId` (global/global.ts): stable numbers that the mapping's exported `id_of_type` turns into the class
 * ids of this particular module, which `__new` needs. Only the types the host allocates are listed; for each, the runtime
 * uses the same TypeId as graph-node does for the matching Rust type.
 */
export const TypeId = {
  String: 0,
  ArrayBuffer: 1,
  Uint8Array: 6,
  BigDecimal: 12,
  ArrayEthereumValue: 15,
  ArrayStoreValue: 16,
  ArrayJsonValue: 17,
  ArrayString: 18,
  ArrayEventParam: 19,
  ArrayTypedMapEntryStringJsonValue: 20,
  ArrayTypedMapEntryStringStoreValue: 21,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  WrappedBool: 28,
  WrappedJsonValue: 29,
  EthereumValue: 30,
  StoreValue: 31,
  JsonValue: 32,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapEntryStringJsonValue: 35,
  TypedMapStringStoreValue: 36,
  TypedMapStringJsonValue: 37,
  ResultJsonValueBool: 40,
  YamlValue: 5500,
  YamlTaggedValue: 5501,
  YamlTypedMapEntryValueValue: 5502,
  YamlTypedMapValueValue: 5503,
  YamlArrayValue: 5504,
  YamlArrayTypedMapEntryValueValue: 5505,
  YamlWrappedValue: 5506,
  YamlResultValueBool: 5507,
} as const;

export type ClassIds = { readonly [K in keyof typeof TypeId]: number };

/** Asks a started instance for its class ids; they are constants of the compiled module, so one call per module. */
export function resolveClassIds(idOfType: (typeId: number) => number): ClassIds {
  const ids: Record<string, number> = {};
  for (const [name, typeId] of Object.entries(TypeId)) ids[name] = idOfType(typeId);
  return ids as ClassIds;
}
