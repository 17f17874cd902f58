export * from "./constants.ts";
export * from "./contracts.ts";
export * from "./gs1.ts";
export * from "./serials.ts";
export * from "./topics.ts";
export * from "./claims.ts";
export * from "./access.ts";
export * from "./typed-data.ts";
