/** Figures are printed as they are measured and again, aligned, in the closing summary. */
export const figures: [string, string][] = [];
export const report = (name: string, value: string) => {
  figures.push([name, value]);
  console.log(`  ${name}: ${value}`);
};
export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
