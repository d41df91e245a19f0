import { Feed } from 'feed';
import type { FixedNoteView } from './view.ts';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text with blank-line paragraphs as the escaped HTML Atom's `type="html"` expects. */
export function paragraphsHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** The public page of one published note, in the feed's language. */
export function fixedNoteUrl(baseUrl: string, noteId: number, lang: 'en' | 'nb' = 'en'): string {
  return `${baseUrl.replace(/\/+$/, '')}/fixed/notes/${noteId}${lang === 'nb' ? '?lang=nb' : ''}`;
}

export interface FeedInput {
  baseUrl: string;
  lang: 'en' | 'nb';
  notes: FixedNoteView[];
  /** When the feed last changed: a note published or withdrawn (the feed's `updated`). */
  changedAt: Date;
}

/**
 * The public Atom feed of published fixed notes (RFC 4287). Entry ids are permanent tag-like URNs
 * of the note, so a note withdrawn and published again is the same entry with a newer `updated`.
 * In Bokmål a note shows its Bokmål text where it has one, else its English text.
 */
export function fixedFeedAtom(input: FeedInput): string {
  const base = input.baseUrl.replace(/\/+$/, '');
  const self = `${base}/feeds/fixed.atom${input.lang === 'nb' ? '?lang=nb' : ''}`;
  const feed = new Feed({
    id: `${base}/feeds/fixed.atom`,
    title: input.lang === 'nb' ? 'Dette har vi fikset' : 'What we fixed',
    description: input.lang === 'nb' ? 'Problemer kundene våre meldte fra om, og som nå er løst.' : 'Problems our customers told us about that are now fixed.',
    link: `${base}/fixed`,
    feedLinks: { atom: self },
    language: input.lang,
    updated: input.changedAt,
    author: { name: new URL(base).host },
    generator: 'Pinchpoint',
  });
  for (const note of input.notes) {
    const text = input.lang === 'nb' && note.nb ? note.nb : { title: note.title, body: note.body };
    feed.addItem({
      id: `urn:pinchpoint:fixed-note:${note.id}`,
      title: escapeHtml(text.title),
      link: fixedNoteUrl(base, note.id, input.lang),
      date: note.publishedAt!,
      published: note.firstPublishedAt!,
      content: paragraphsHtml(text.body),
    });
  }
  return feed.atom1();
}
