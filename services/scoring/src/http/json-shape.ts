/**
 * A single pass over a JSON text that measures its shape before JSON.parse builds it. JSON.parse of
 * 4 MiB of tiny values takes most of a second (1.4 million `{}` items: ~0.8 s; 2 million nested
 * arrays: ~2 s, measured on these machines) and allocates per value, so a body is refused by its
 * shape first: nesting depth, values overall and elements of any one array, each stopping the scan
 * at the first value past its limit. No parser library reports these limits before building the
 * whole value, hence this scanner; JSON.parse still decides what is valid JSON.
 */
export interface ShapeLimits {
  readonly maxDepth: number;
  readonly maxValues: number;
  readonly maxArrayItems: number;
}

export type ShapeProblem = "too_deep" | "too_many_values" | "too_many_items";

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const COMMA = 44;
const COLON = 58;

/** The first limit the text exceeds, or null. Malformed text is left to JSON.parse. */
export function shapeProblem(text: string, limits: ShapeLimits): ShapeProblem | null {
  let depth = 0;
  let values = 0;
  // Elements of the arrays open at each depth; objects keep -1.
  const items: number[] = [];
  // After a comma or an opening bracket, the next token starts a value (object keys do not count).
  let expectValue = true;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i += 2;
        else if (d === QUOTE) break;
        else i++;
      }
      if (expectValue && !(depth > 0 && items[depth - 1] === -1 && isKey(text, i + 1))) {
        if (++values > limits.maxValues) return "too_many_values";
        if (countItem(items, depth, limits)) return "too_many_items";
      }
      expectValue = false;
      continue;
    }
    if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++values > limits.maxValues) return "too_many_values";
      if (countItem(items, depth, limits)) return "too_many_items";
      if (++depth > limits.maxDepth) return "too_deep";
      items[depth - 1] = c === OPEN_ARRAY ? 0 : -1;
      expectValue = true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
      expectValue = false;
    } else if (c === COMMA || c === COLON) {
      expectValue = true;
    } else if (expectValue && c > 32) {
      // The first character of a number, true, false or null.
      if (++values > limits.maxValues) return "too_many_values";
      if (countItem(items, depth, limits)) return "too_many_items";
      expectValue = false;
    }
  }
  return null;
}

/** Counts a value as an element of the enclosing array, if any; true when that array is too long. */
function countItem(items: number[], depth: number, limits: ShapeLimits): boolean {
  if (depth === 0 || items[depth - 1] === -1) return false;
  return ++items[depth - 1]! > limits.maxArrayItems;
}

/** True when the string that ended just before `from` is followed by a colon: an object key. */
function isKey(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COLON) return true;
    if (c > 32) return false;
  }
  return false;
}
