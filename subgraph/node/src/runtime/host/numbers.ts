/** graph-ts `bigInt` and `bigDecimal`, with graph-node's errors for division by zero and out-of-range arguments. */
import { newBigDecimal, newBigInt, readBigDecimal, readBigInt } from "../asc/numbers.ts";
import * as decimal from "../big-decimal.ts";
import type { AscHeap } from "../asc/heap.ts";
import type { HostFunction, HostFunctions } from "./context.ts";

const BIG_INT = /^[+-]?\d+$/;

export const numberFunctions: HostFunctions = {
  "bigInt.plus": bigIntOp((x, y) => x + y),
  "bigInt.minus": bigIntOp((x, y) => x - y),
  "bigInt.times": bigIntOp((x, y) => x * y),
  "bigInt.dividedBy": bigIntOp((x, y) => {
    if (y === 0n) throw new Error(`attempted to divide BigInt \`${x}\` by zero`);
    return x / y;
  }),
  "bigInt.mod": bigIntOp((x, y) => {
    if (y === 0n) throw new Error(`attempted to calculate the remainder of \`${x}\` with a divisor of zero`);
    return x % y;
  }),
  "bigInt.bitOr": bigIntOp((x, y) => x | y),
  "bigInt.bitAnd": bigIntOp((x, y) => x & y),
  "bigInt.pow": bigIntByU8((x, exp) => x ** exp),
  "bigInt.leftShift": bigIntByU8((x, bits) => x << bits),
  "bigInt.rightShift": bigIntByU8((x, bits) => x >> bits),
  "bigInt.fromString": ({ heap }, stringPtr) => {
    const text = heap.string(stringPtr);
    if (!BIG_INT.test(text)) throw new Error(`string is not a BigInt: \`${text}\``);
    return newBigInt(heap, BigInt(text));
  },
  "bigInt.dividedByDecimal": ({ heap }, xPtr, yPtr) =>
    newBigDecimal(heap, decimal.dividedBy(decimal.fromBigInt(readBigInt(heap, xPtr)), readBigDecimal(heap, yPtr))),

  "bigDecimal.plus": bigDecimalOp(decimal.plus),
  "bigDecimal.minus": bigDecimalOp(decimal.minus),
  "bigDecimal.times": bigDecimalOp(decimal.times),
  "bigDecimal.dividedBy": bigDecimalOp(decimal.dividedBy),
  "bigDecimal.equals": ({ heap }, xPtr, yPtr) =>
    decimal.equals(readBigDecimal(heap, xPtr), readBigDecimal(heap, yPtr)) ? 1 : 0,
  "bigDecimal.toString": ({ heap }, ptr) => heap.newString(decimal.formatBigDecimal(readBigDecimal(heap, ptr))),
  "bigDecimal.fromString": ({ heap }, stringPtr) =>
    newBigDecimal(heap, decimal.parseBigDecimal(heap.string(stringPtr))),
};

function bigIntOp(op: (x: bigint, y: bigint) => bigint): HostFunction {
  return ({ heap }, xPtr, yPtr) => newBigInt(heap, op(readBigInt(heap, xPtr), readBigInt(heap, yPtr)));
}

/** pow and the shifts take a u8, which arrives as an i32; graph-node refuses anything above 255. */
function bigIntByU8(op: (x: bigint, n: bigint) => bigint): HostFunction {
  return ({ heap }: { heap: AscHeap }, xPtr, n) => {
    if (n < 0 || n > 255) throw new Error(`out of range integral type conversion attempted: ${n} is not a u8`);
    return newBigInt(heap, op(readBigInt(heap, xPtr), BigInt(n)));
  };
}

function bigDecimalOp(op: (x: decimal.BigDecimal, y: decimal.BigDecimal) => decimal.BigDecimal): HostFunction {
  return ({ heap }, xPtr, yPtr) => newBigDecimal(heap, op(readBigDecimal(heap, xPtr), readBigDecimal(heap, yPtr)));
}
