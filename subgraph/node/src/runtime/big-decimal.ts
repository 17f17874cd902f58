/**
 * BigDecimal as graph-node keeps it: `digits × 10^exp`, always normalised to at most 34 significant digits with no
 * trailing zeros in `digits` (zero is 0 × 10^0). The arithmetic follows graph-node's (the `bigdecimal` 0.1 crate under
 * graph/src/data/store/scalar/bigdecimal.rs), including its quirks:
 *   - rounding to 34 digits is half-up on the first dropped digit for positive numbers, but truncation for negative
 *     ones;
 *   - division first computes 100 significant digits (rounded half-up), then normalises;
 *   - toString never uses an exponent: 1e40 prints all 41 digits.
 */
export interface BigDecimal {
  readonly digits: bigint;
  readonly exp: number;
}

export const MAX_SIGNIFICANT_DIGITS = 34;
const DIVISION_PRECISION = 100;

export const ZERO: BigDecimal = { digits: 0n, exp: 0 };

export function bigDecimal(digits: bigint, exp = 0): BigDecimal {
  return normalize(digits, exp);
}

export function normalize(digits: bigint, exp: number): BigDecimal {
  if (digits === 0n) return ZERO;
  let text = (digits < 0n ? -digits : digits).toString();
  const negative = digits < 0n;
  if (text.length > MAX_SIGNIFICANT_DIGITS) {
    const dropped = text.length - MAX_SIGNIFICANT_DIGITS;
    let kept = BigInt(text.slice(0, MAX_SIGNIFICANT_DIGITS));
    if (!negative && text.charCodeAt(MAX_SIGNIFICANT_DIGITS) >= 53 /* '5' */) kept += 1n;
    text = kept.toString();
    exp += dropped;
  }
  let end = text.length;
  while (end > 1 && text.charCodeAt(end - 1) === 48 /* '0' */) end--;
  exp += text.length - end;
  const magnitude = BigInt(text.slice(0, end));
  return { digits: negative ? -magnitude : magnitude, exp };
}

/** Parses decimal notation with an optional exponent ("-1.5", ".5", "2e-3", "1E+4"); throws on anything else. */
export function parseBigDecimal(text: string): BigDecimal {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  const whole = match?.[2] ?? "";
  const fraction = match?.[3] ?? "";
  if (match === null || whole.length + fraction.length === 0) throw new Error(`string is not a BigDecimal: '${text}'`);
  const digits = BigInt(`${match[1] === "-" ? "-" : ""}${whole}${fraction}`);
  return normalize(digits, Number(match[4] ?? "0") - fraction.length);
}

export function formatBigDecimal(value: BigDecimal): string {
  const { digits, exp } = value;
  const sign = digits < 0n ? "-" : "";
  const text = (digits < 0n ? -digits : digits).toString();
  if (exp >= 0) return sign + text + "0".repeat(digits === 0n ? 0 : exp);
  const point = text.length + exp;
  if (point > 0) return `${sign}${text.slice(0, point)}.${text.slice(point)}`;
  return `${sign}0.${"0".repeat(-point)}${text}`;
}

export function plus(x: BigDecimal, y: BigDecimal): BigDecimal {
  const exp = Math.min(x.exp, y.exp);
  return normalize(scaleTo(x, exp) + scaleTo(y, exp), exp);
}

export function minus(x: BigDecimal, y: BigDecimal): BigDecimal {
  return plus(x, { digits: -y.digits, exp: y.exp });
}

export function times(x: BigDecimal, y: BigDecimal): BigDecimal {
  return normalize(x.digits * y.digits, x.exp + y.exp);
}

/** Throws on a zero divisor, naming the dividend, as graph-node does. */
export function dividedBy(x: BigDecimal, y: BigDecimal): BigDecimal {
  if (y.digits === 0n) throw new Error(`attempted to divide BigDecimal \`${formatBigDecimal(x)}\` by zero`);
  if (x.digits === 0n) return ZERO;
  const negative = x.digits < 0n !== y.digits < 0n;
  const den = y.digits < 0n ? -y.digits : y.digits;
  let num = x.digits < 0n ? -x.digits : x.digits;
  // `scale` counts decimal places of the quotient: its value is quotient × 10^-scale.
  let scale = y.exp - x.exp;
  while (num < den) {
    num *= 10n;
    scale++;
  }
  let quotient = num / den;
  let remainder = num % den;
  let precision = quotient.toString().length;
  while (remainder !== 0n && precision < DIVISION_PRECISION) {
    remainder *= 10n;
    quotient = quotient * 10n + remainder / den;
    remainder %= den;
    precision++;
    scale++;
  }
  if ((remainder * 10n) / den >= 5n) quotient += 1n;
  return normalize(negative ? -quotient : quotient, -scale);
}

export function equals(x: BigDecimal, y: BigDecimal): boolean {
  return x.digits === y.digits && x.exp === y.exp;
}

export function fromBigInt(value: bigint): BigDecimal {
  return normalize(value, 0);
}

function scaleTo(value: BigDecimal, exp: number): bigint {
  return value.digits * 10n ** BigInt(value.exp - exp);
}
