/** Markdown building blocks shared by the generated documents. */

/** First lines of every generated document: machine-readable marker, then what a reader sees. */
export function generatedHeader(title: string, sources: readonly string[], command: string): string[] {
  const from = sources.join(", ");
  return [
    `<!-- GENERATED FILE - DO NOT EDIT. Generated from ${from}. Regenerate with: ${command} -->`,
    `# ${title}`,
    "",
    `> Generated from ${from} by \`${command}\`; do not edit by hand. ` +
      "`infra/test/docs.test.ts` fails when this file differs from a fresh generation.",
  ];
}

/** Escapes what would end a table cell or start markup inside one. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function code(text: string): string {
  return `\`${text}\``;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)];
}

/** Right-aligned numeric columns: `---:` for the given column indexes. */
export function numericTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: ReadonlySet<number>,
): string[] {
  const [head, , ...body] = table(header, rows);
  const rule = `|${header.map((_, i) => (numeric.has(i) ? "---:" : "---")).join("|")}|`;
  return [head as string, rule, ...body];
}

export function money(x: number): string {
  return x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
