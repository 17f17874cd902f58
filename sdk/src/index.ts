export * from "./constants.ts";
export * from "./contracts.ts";
export * from "./gs1.ts";
export * from "./serials.ts";
