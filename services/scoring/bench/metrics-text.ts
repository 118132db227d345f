/** Reading figures back from a service's /metrics text (Prometheus exposition format). */

/** Sum and count of a histogram's series whose labels include `labels`, from a /metrics text. */
export function histogramMean(text: string, name: string, labels = ""): number | undefined {
  const value = (suffix: string) =>
    text
      .split("\n")
      .filter((line) => line.startsWith(`${name}_${suffix}`) && line.includes(labels))
      .reduce((acc, line) => acc + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
  const count = value("count");
  return count > 0 ? value("sum") / count : undefined;
}

/** A counter's total over the series whose labels include `labels`. */
export function counterTotal(text: string, name: string, labels = ""): number {
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
    .reduce((acc, line) => acc + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}
