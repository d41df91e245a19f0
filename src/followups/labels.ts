import type { Locale } from './format.ts';
import type { Verdict } from './verdict.ts';

/** Case statuses and verdicts as people read them, per language. */
const statusLabels: Record<Locale, Record<string, string>> = {
  en: {
    new: 'new',
    refining: 'refining',
    ready: 'ready',
    in_progress: 'in progress',
    fix_shipped: 'fix shipped',
    verifying: 'verifying',
    resolved: 'resolved',
    reopened: 'reopened',
    dropped: 'dropped',
  },
  nb: {
    new: 'ny',
    refining: 'under bearbeiding',
    ready: 'klar',
    in_progress: 'under arbeid',
    fix_shipped: 'retting levert',
    verifying: 'verifiseres',
    resolved: 'løst',
    reopened: 'gjenåpnet',
    dropped: 'droppet',
  },
};

const verdictLabels: Record<Locale, Record<Verdict, string>> = {
  en: { improved: 'improved', no_change: 'no clear change', worsened: 'worse', insufficient_data: 'too little data to tell' },
  nb: { improved: 'bedre', no_change: 'ingen tydelig endring', worsened: 'verre', insufficient_data: 'for lite data til å si noe' },
};

export const statusLabel = (status: string, locale: Locale = 'en') => statusLabels[locale][status] ?? status;
export const verdictLabel = (verdict: string, locale: Locale = 'en') => verdictLabels[locale][verdict as Verdict] ?? verdict;
