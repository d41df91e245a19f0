import { z } from 'zod';
import { DECISIONS, MAX_TEXT, PRIORITIES, ROOT_CAUSE_CATEGORIES, type UpdateCaseBody } from '../../cases/schemas.ts';
import type { CaseView } from '../../cases/view.ts';
import { isValidDay } from '../../time.ts';
import { field, type FieldErrors } from '../http/forms.ts';
import type { Translate } from '../i18n/index.ts';
import { isMessageKey } from '../i18n/index.ts';

/** The parts of the case page that are edited as one form each, in the method's order. */
export const CASE_SECTIONS = ['overview', 'current', 'causes', 'desired'] as const;
export type CaseSection = (typeof CASE_SECTIONS)[number];
export const isCaseSection = (value: unknown): value is CaseSection => (CASE_SECTIONS as readonly unknown[]).includes(value);

/** What a form sent, field by field; repeated fields (topics, root-cause rows) are lists. */
export type FormValues = Record<string, string | string[]>;

/** Reads a field a form may send once or many times (a multiple select, repeated rows) as a list. */
export const fieldList = (body: unknown, name: string): string[] => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
};

/** Blank root-cause rows a form offers below the written ones, so causes can be added without JavaScript. */
export const SPARE_CAUSE_ROWS = 2;

/** The fields each section's form sends (lists marked), read from a posted body. */
const SECTION_FIELDS: Record<CaseSection, Array<[string, 'one' | 'many']>> = {
  overview: [['title', 'one'], ['topics', 'many'], ['markets', 'many'], ['ownerId', 'one'], ['team', 'one'], ['priority', 'one'], ['decision', 'one']],
  current: [['currentState', 'one']],
  causes: [['causeText', 'many'], ['causeCategory', 'many']],
  desired: [['desiredState', 'one'], ['targetMetric', 'one'], ['targetMax', 'one']],
};

export function readSection(section: CaseSection, body: unknown): FormValues {
  return Object.fromEntries(SECTION_FIELDS[section].map(([name, kind]) => [name, kind === 'many' ? fieldList(body, name) : field(body, name)]));
}

const percent = (fraction: number) => String(Math.round(fraction * 100_000) / 1000);

/** The form values that show a case as it is stored now. */
export function valuesOfCase(view: CaseView, section: CaseSection): FormValues {
  switch (section) {
    case 'overview':
      return {
        title: view.title,
        topics: view.topics.map((t) => t.key),
        markets: view.markets.map((m) => m.key),
        ownerId: view.owner ? String(view.owner.id) : '',
        team: view.team ?? '',
        priority: view.priority,
        decision: view.decision ?? '',
      };
    case 'current':
      return { currentState: view.currentState };
    case 'causes':
      return { causeText: view.rootCauses.map((c) => c.text), causeCategory: view.rootCauses.map((c) => c.category ?? '') };
    case 'desired':
      return {
        desiredState: view.desiredState,
        targetMetric: view.target?.metric ?? '',
        // A share is typed and shown as a percentage; the service stores a fraction.
        targetMax: view.target ? (view.target.metric === 'share' ? percent(view.target.max) : String(view.target.max)) : '',
      };
  }
}

const text = (max: number) => z.string().trim().max(max, 'form.tooLong');
/** A single-valued field of a form as a string ('' when absent or repeated). */
export const one = (values: FormValues, name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
/** A multi-valued field (a multiple select) of a form; [] when absent. */
export const many = (values: FormValues, name: string) => (Array.isArray(values[name]) ? (values[name] as string[]) : []);

const overviewForm = z.object({
  title: z.string().trim().min(1, 'cases.titleRequired').max(200, 'cases.titleTooLong'),
  topics: z.array(z.string()).max(50, 'form.tooLong'),
  markets: z.array(z.string()).max(50, 'form.tooLong'),
  ownerId: z.union([z.literal(''), z.string().regex(/^\d{1,9}$/, 'cases.ownerInvalid')]),
  team: text(100),
  priority: z.enum(PRIORITIES, { message: 'cases.priorityInvalid' }),
  decision: z.union([z.literal(''), z.enum(DECISIONS, { message: 'cases.decisionInvalid' })]),
});

const textForm = (name: 'currentState' | 'desiredState') => z.object({ [name]: text(MAX_TEXT) });

/** Number as people type it: "5", "0,5" (a Norwegian decimal comma), " 12.5 ". */
export function parseDecimal(value: string): number | undefined {
  const cleaned = value.trim().replace(',', '.').replace(/\s*%$/, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

/** Turns one section's form values into the fields of a case update, or errors by field (message keys resolved). */
export function parseSection(section: CaseSection, values: FormValues, t: Translate): { update: UpdateCaseBody } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const fail = (name: string, key: string) => {
    errors[name] ??= isMessageKey(key) ? t(key) : key;
  };
  const collect = (error: z.ZodError) => {
    for (const issue of error.issues) fail(String(issue.path[0] ?? 'form'), issue.message);
  };
  switch (section) {
    case 'overview': {
      const parsed = overviewForm.safeParse({ ...values, topics: many(values, 'topics'), markets: many(values, 'markets') });
      if (!parsed.success) {
        collect(parsed.error);
        return { errors };
      }
      const o = parsed.data;
      return {
        update: {
          title: o.title,
          topics: o.topics,
          markets: o.markets,
          ownerId: o.ownerId ? Number(o.ownerId) : null,
          team: o.team || null,
          priority: o.priority,
          decision: o.decision || null,
        },
      };
    }
    case 'current':
    case 'desired': {
      const name = section === 'current' ? 'currentState' : 'desiredState';
      const parsed = textForm(name).safeParse({ [name]: one(values, name) });
      if (!parsed.success) collect(parsed.error);
      if (section === 'current') return Object.keys(errors).length ? { errors } : { update: { currentState: one(values, name).trim() } };
      const target = parseTarget(one(values, 'targetMetric'), one(values, 'targetMax'), fail);
      if (Object.keys(errors).length) return { errors };
      return { update: { desiredState: one(values, name).trim(), target: target ?? null } };
    }
    case 'causes': {
      const texts = many(values, 'causeText');
      const categories = many(values, 'causeCategory');
      const rootCauses: NonNullable<UpdateCaseBody['rootCauses']> = [];
      texts.forEach((raw, i) => {
        const cause = raw.trim();
        const category = categories[i] ?? '';
        if (category && !(ROOT_CAUSE_CATEGORIES as readonly string[]).includes(category)) fail(`cause-${i + 1}-category`, 'cases.categoryInvalid');
        if (!cause) return;
        if (cause.length > MAX_TEXT) fail(`cause-${i + 1}-text`, 'form.tooLong');
        rootCauses.push({ text: cause, category: (category || null) as (typeof ROOT_CAUSE_CATEGORIES)[number] | null });
      });
      return Object.keys(errors).length ? { errors } : { update: { rootCauses } };
    }
  }
}

/** A target: a metric and a maximum, or neither. A share is typed in percent (5 = 5 %). */
function parseTarget(metric: string, maxText: string, fail: (name: string, key: string) => void): { metric: 'share' | 'ratePerDay'; max: number } | undefined {
  if (!metric && !maxText.trim()) return undefined;
  if (metric !== 'share' && metric !== 'ratePerDay') {
    fail('targetMetric', 'cases.targetMetricRequired');
    return undefined;
  }
  const max = parseDecimal(maxText);
  const problem = max === undefined ? 'cases.targetMaxInvalid' : metric === 'share' && max > 100 ? 'cases.targetShareTooLarge' : undefined;
  if (max === undefined || problem) {
    fail('targetMax', problem!);
    return undefined;
  }
  return { metric, max: metric === 'share' ? Math.round(max * 1000) / 100_000 : max };
}

/** A due date as a date field sends it; empty means none. */
export function parseDueDate(value: string): { ok: true; dueDate: string | null } | { ok: false } {
  const trimmed = value.trim();
  if (!trimmed) return { ok: true, dueDate: null };
  return isValidDay(trimmed) ? { ok: true, dueDate: trimmed } : { ok: false };
}

/** The version a form carries; a missing or garbled one is treated as stale (version 0 never exists). */
export function formVersion(body: unknown): number {
  const version = Number.parseInt(field(body, 'version'), 10);
  return Number.isSafeInteger(version) && version > 0 ? version : 0;
}
