/** Values as the engine transmits them: secrets and resource references come wrapped in signature objects. */

export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/** Removes the engine's secret/resource wrappers, recording where secrets were. */
export function unwrapValue(value: unknown, at: string, secretPaths: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => unwrapValue(v, `${at}[${i}]`, secretPaths));
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIG_KEY] === SECRET_SIG) {
    secretPaths.push(at);
    return unwrapValue(record.value, at, []);
  }
  if (record[SECRET_SIG_KEY] === RESOURCE_SIG) return record.urn;
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, unwrapValue(v, at ? `${at}.${k}` : k, secretPaths)]),
  );
}
