/**
 * Extracts the metric names a PromQL expression selects, so tests can prove that every alert and
 * dashboard panel reads a metric the scoring service (or a recording rule) actually produces.
 * A scanner, not a full parser: it only has to tell metric names apart from functions, keywords,
 * label names, strings, numbers and durations.
 */

const KEYWORDS = new Set([
  "and",
  "or",
  "unless",
  "bool",
  "offset",
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "inf",
  "nan",
]);

/** Clauses whose parenthesised list holds label names, not expressions. */
const LABEL_LIST_CLAUSE = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g;
/** Grafana template variables (`$__rate_interval`, `${job}`, `$job`) are not metric names. */
const GRAFANA_VARIABLE = /\$(?:\{[^}]*\}|\w+)/g;
const STRING_LITERAL = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
const NUMBER_OR_DURATION = /^(?:0x[0-9a-f]+|(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?(?:ms|[smhdwy])?)/i;
const IDENTIFIER = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

/** Distinct metric names selected by `expr`, in order of first appearance. */
export function metricNamesIn(expr: string): string[] {
  const text = expr
    .replace(STRING_LITERAL, " ")
    .replace(GRAFANA_VARIABLE, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(LABEL_LIST_CLAUSE, " ")
    .replace(/#.*$/gm, " ");

  const names: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const number = NUMBER_OR_DURATION.exec(rest);
    if (number) {
      rest = rest.slice(number[0].length);
      continue;
    }
    const identifier = IDENTIFIER.exec(rest);
    if (!identifier) {
      rest = rest.slice(1);
      continue;
    }
    const name = identifier[0];
    rest = rest.slice(name.length);
    const isCall = /^\s*\(/.test(rest);
    if (!isCall && !KEYWORDS.has(name.toLowerCase()) && !names.includes(name)) names.push(name);
  }
  return names;
}
