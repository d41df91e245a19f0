/** Bounds of the five fields of a cron expression: minute, hour, day of month, month, day of week (0 and 7 are Sunday). */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

const PART = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/;

/**
 * Why a five-field cron expression (numbers, `*`, ranges, lists and steps) is not one, or undefined
 * when it is. Checked at start so a typo stops the process instead of silently never running the digest.
 */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== FIELDS.length) return `must have 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  for (const [i, field] of fields.entries()) {
    const { name, min, max } = FIELDS[i]!;
    for (const part of field.split(',')) {
      const match = PART.exec(part);
      if (!match) return `${name} field "${field}" is not a number, *, range, list or step`;
      const [, , from, to, step] = match;
      const values = [from, to].filter((v) => v !== undefined).map(Number);
      if (values.some((v) => v < min || v > max)) return `${name} field "${field}" is outside ${min}–${max}`;
      if (values.length === 2 && values[0]! > values[1]!) return `${name} field "${field}" has a backwards range`;
      if (step !== undefined && Number(step) === 0) return `${name} field "${field}" has a step of 0`;
    }
  }
  return undefined;
}
