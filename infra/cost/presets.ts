/**
 * Host classes (resource presets) -> vCPU, guaranteed share and RAM, as listed in the Yandex Cloud docs
 * "Host classes" pages (public repository yandex-cloud/docs: Data Proc `concepts/instance-types.md` for b3/c3/s3/m3,
 * Managed Redis `concepts/instance-types.md` for hm3). Only Intel Ice Lake classes: the price table has
 * Ice Lake (v3) prices only.
 */
export interface PresetShape {
  readonly vcpu: number;
  /** Guaranteed vCPU share, percent. */
  readonly coreFraction: number;
  readonly memoryGb: number;
}

const shape = (vcpu: number, memoryGb: number, coreFraction = 100): PresetShape => ({
  vcpu,
  coreFraction,
  memoryGb,
});

export const PRESETS: Readonly<Record<string, PresetShape>> = {
  "b3-c1-m4": shape(2, 4, 50),
  "c3-c2-m4": shape(2, 4),
  "c3-c4-m8": shape(4, 8),
  "c3-c8-m16": shape(8, 16),
  "s3-c2-m8": shape(2, 8),
  "s3-c4-m16": shape(4, 16),
  "s3-c8-m32": shape(8, 32),
  "s3-c12-m48": shape(12, 48),
  "s3-c16-m64": shape(16, 64),
  "m3-c2-m16": shape(2, 16),
  "m3-c4-m32": shape(4, 32),
  "m3-c8-m64": shape(8, 64),
  "hm3-c2-m8": shape(2, 8),
  "hm3-c2-m12": shape(2, 12),
  "hm3-c4-m16": shape(4, 16),
  "hm3-c4-m24": shape(4, 24),
  "hm3-c4-m32": shape(4, 32),
};

export class UnknownPresetError extends Error {
  constructor(readonly presetId: string) {
    super(
      `unknown resource preset '${presetId}': add its vCPU/RAM to infra/cost/presets.ts ` +
        `(known: ${Object.keys(PRESETS).join(", ")})`,
    );
    this.name = "UnknownPresetError";
  }
}

export function presetShape(presetId: string): PresetShape {
  const found = Object.prototype.hasOwnProperty.call(PRESETS, presetId) ? PRESETS[presetId] : undefined;
  if (!found) throw new UnknownPresetError(presetId);
  return found;
}

/** Managed Airflow presets carry their size in the name: `c<vCPUs>-m<GB RAM>`, full vCPU share. */
const AIRFLOW_PRESET = /^c(\d+)-m(\d+)$/;

export function airflowPresetShape(presetId: string): PresetShape {
  const match = AIRFLOW_PRESET.exec(presetId);
  if (!match) {
    throw new Error(`unknown Managed Airflow preset '${presetId}': expected c<vCPUs>-m<GB>, such as c1-m4`);
  }
  return shape(Number(match[1]), Number(match[2]));
}
