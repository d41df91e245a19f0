import { DECISIONS, PRIORITIES, ROOT_CAUSE_CATEGORIES } from '../../cases/schemas.ts';
import type { Db } from '../../db/database.ts';
import type { Market } from '../../taxonomy/service.ts';
import { listUsers, type User } from '../../users/service.ts';
import type { Translate } from '../i18n/index.ts';
import type { CaseSection, FormValues } from './caseForms.ts';
import { many, one, SPARE_CAUSE_ROWS } from './caseForms.ts';
import { marketChoices, topicChoices, type TopicChoice } from './pickers.ts';

/** What the case forms offer: topics, markets and the people who may own a case or an action. */
export interface CaseChoices {
  topics: TopicChoice[];
  markets: Market[];
  people: User[];
}

export async function caseChoices(db: Db): Promise<CaseChoices> {
  const [topics, markets, users] = await Promise.all([topicChoices(db), marketChoices(db), listUsers(db)]);
  return { topics, markets, people: users.filter((u) => u.disabledAt === null) };
}


export const peopleOptions = (choices: CaseChoices, selected: string) => choices.people.map((p) => ({ value: String(p.id), label: p.name, selected: String(p.id) === selected }));

/** One section's form as its partial draws it: the values, the choices with the picked ones marked, and errors. */
export function sectionForm(section: CaseSection, values: FormValues, choices: CaseChoices, errors: Record<string, string> = {}) {
  const base = { values, errors, open: Object.keys(errors).length > 0 };
  switch (section) {
    case 'overview':
      return {
        ...base,
        topics: choices.topics.map((t) => ({ value: t.key, label: t.label, selected: many(values, 'topics').includes(t.key) })),
        markets: choices.markets.map((m) => ({ value: m.key, label: m.name, selected: many(values, 'markets').includes(m.key) })),
        owners: peopleOptions(choices, one(values, 'ownerId')),
        priorities: PRIORITIES.map((p) => ({ value: p, label: `cases.priority.${p}`, selected: p === one(values, 'priority') })),
        decisions: DECISIONS.map((d) => ({ value: d, label: `cases.decision.${d}`, selected: d === one(values, 'decision') })),
      };
    case 'causes': {
      const texts = many(values, 'causeText');
      const categories = many(values, 'causeCategory');
      const written = texts.length;
      const rows = [...texts, ...Array<string>(SPARE_CAUSE_ROWS).fill('')].map((text, i) => ({
        n: i + 1,
        text,
        spare: i >= written,
        error: errors[`cause-${i + 1}-text`],
        categoryError: errors[`cause-${i + 1}-category`],
        categories: ROOT_CAUSE_CATEGORIES.map((c) => ({ value: c, label: `cases.category.${c}`, selected: c === (categories[i] ?? '') })),
      }));
      return { ...base, rows };
    }
    case 'desired':
      return {
        ...base,
        metrics: (['share', 'ratePerDay'] as const).map((m) => ({ value: m, label: `cases.metric.${m}`, selected: m === one(values, 'targetMetric') })),
      };
    default:
      return base;
  }
}

/** A section's fields as people read them, for the side-by-side view of a version conflict. */
export function sectionRows(section: CaseSection, values: FormValues, choices: CaseChoices, t: Translate): Array<{ label: string; value: string }> {
  const named = <T extends { key: string }>(list: T[], keys: string[], name: (x: T) => string) =>
    keys.map((key) => { const found = list.find((x) => x.key === key); return found ? name(found) : key; }).join(', ');
  switch (section) {
    case 'overview': {
      const owner = choices.people.find((p) => String(p.id) === one(values, 'ownerId'));
      const priority = one(values, 'priority');
      const decision = one(values, 'decision');
      return [
        { label: t('cases.field.title'), value: one(values, 'title') },
        { label: t('cases.field.topics'), value: named(choices.topics, many(values, 'topics'), (x) => x.label) },
        { label: t('cases.field.markets'), value: named(choices.markets, many(values, 'markets'), (x) => x.name) },
        { label: t('cases.field.owner'), value: owner?.name ?? one(values, 'ownerId') },
        { label: t('cases.field.team'), value: one(values, 'team') },
        { label: t('cases.field.priority'), value: (PRIORITIES as readonly string[]).includes(priority) ? t(`cases.priority.${priority as (typeof PRIORITIES)[number]}`) : priority },
        { label: t('cases.field.decision'), value: (DECISIONS as readonly string[]).includes(decision) ? t(`cases.decision.${decision as (typeof DECISIONS)[number]}`) : decision },
      ];
    }
    case 'current':
      return [{ label: t('cases.field.currentState'), value: one(values, 'currentState') }];
    case 'causes': {
      const categories = many(values, 'causeCategory');
      const causes = many(values, 'causeText')
        .map((text, i) => ({ text: text.trim(), category: categories[i] ?? '' }))
        .filter((c) => c.text)
        .map((c, i) => `${i + 1}. ${c.text}${c.category && (ROOT_CAUSE_CATEGORIES as readonly string[]).includes(c.category) ? ` (${t(`cases.category.${c.category as (typeof ROOT_CAUSE_CATEGORIES)[number]}`)})` : ''}`);
      return [{ label: t('cases.field.rootCauses'), value: causes.join('\n') }];
    }
    case 'desired': {
      const metric = one(values, 'targetMetric');
      const max = one(values, 'targetMax');
      const target = metric === 'share' ? t('cases.target.share', { max }) : metric === 'ratePerDay' ? t('cases.target.ratePerDay', { max }) : '';
      return [
        { label: t('cases.field.desiredState'), value: one(values, 'desiredState') },
        { label: t('cases.field.target'), value: target },
      ];
    }
  }
}
