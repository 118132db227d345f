/** Sums the samples of one metric in a Prometheus text exposition, optionally filtered by labels. */
export function sumMetric(
  exposition: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  return samples(exposition, name, labels).reduce((total, value) => total + value, 0);
}

/** The values of one metric's samples matching `labels`, in exposition order (none: an empty list). */
export function samples(
  exposition: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number[] {
  const values: number[] = [];
  for (const line of exposition.split("\n")) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match?.[1] !== name) continue;
    const labelText = match[2] ?? "";
    const matches = Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`));
    if (matches) values.push(Number(match[3]));
  }
  return values;
}

/** An info gauge's label: its value on the metric's sample that is 1 (undefined when none is). */
export function labelOf(exposition: string, name: string, label: string): string | undefined {
  for (const line of exposition.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)\{([^}]*)\}\s+(\S+)/.exec(line);
    if (match?.[1] !== name || Number(match[3]) !== 1) continue;
    const value = new RegExp(`(?:^|,)${label}="([^"]*)"`).exec(match[2] ?? "");
    if (value) return value[1];
  }
  return undefined;
}

export async function scrape(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}
