/** What a survey answer measures: Net Promoter Score or Customer Effort Score. */
export const METRICS = ['nps', 'ces'] as const;
export type Metric = (typeof METRICS)[number];

/** The scales each metric may be asked on; an answer keeps its scale, so 5- and 7-point CES never mix. */
export const SCALES = { nps: ['0-10'], ces: ['1-5', '1-7'] } as const satisfies Record<Metric, readonly string[]>;
export type NpsScale = (typeof SCALES.nps)[number];
export type CesScale = (typeof SCALES.ces)[number];
export type Scale = NpsScale | CesScale;

export const CES_SCALES: readonly CesScale[] = SCALES.ces;

/** Lowest and highest score of a scale written "low-high". */
export function scaleBounds(scale: Scale): { low: number; high: number } {
  const [low, high] = scale.split('-').map(Number) as [number, number];
  return { low, high };
}

/** "1–5", "1 - 5" and "1-5" are the same scale; anything else comes back unchanged, to be refused by name. */
export function normaliseScale(value: string): string {
  return value.trim().replace(/\s*[-–—]\s*/, '-');
}
