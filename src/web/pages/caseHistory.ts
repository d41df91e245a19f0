import type { HistoryEntry } from '../../cases/repo.ts';
import type { CaseView } from '../../cases/view.ts';
import { isMessageKey, type Translate } from '../i18n/index.ts';

const MAX_SHOWN = 300;

/** A stored value as a line of text: strings as they are, anything else as compact JSON, long ones cut. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** The audit trail as the page lists it, newest first, with the action named when a line is about one. */
export function historyRows(history: HistoryEntry[], view: CaseView, t: Translate) {
  const actionTitle = new Map(view.actions.map((a) => [a.id, a.title]));
  return [...history].reverse().map((entry) => {
    // Fields the catalogue names read as words; a field added later shows as stored until it is named.
    const fieldKey = `cases.historyField.${entry.field}`;
    return {
      at: entry.at,
      actor: entry.actor,
      field: isMessageKey(fieldKey) ? t(fieldKey) : entry.field,
      about: entry.actionId === null ? null : t('cases.history.action', { title: actionTitle.get(entry.actionId) ?? String(entry.actionId) }),
      before: shown(entry.before),
      after: shown(entry.after),
    };
  });
}
