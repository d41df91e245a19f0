import { safeLinkUrl } from './markup.ts';

/** Atlassian Document Format, the node types tracker markup maps to. https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/ */
export type AdfMark = { type: 'strong' } | { type: 'link'; attrs: { href: string } };
export type AdfInline = { type: 'text'; text: string; marks?: AdfMark[] } | { type: 'hardBreak' };
export type AdfParagraph = { type: 'paragraph'; content: AdfInline[] };
export type AdfListItem = { type: 'listItem'; content: AdfParagraph[] };
export type AdfBlock =
  | AdfParagraph
  | { type: 'heading'; attrs: { level: number }; content: AdfInline[] }
  | { type: 'bulletList'; content: AdfListItem[] }
  | { type: 'orderedList'; attrs: { order: number }; content: AdfListItem[] }
  | { type: 'rule' };
export type AdfDocument = { type: 'doc'; version: 1; content: AdfBlock[] };

const HEADING = /^(#{1,6})\s+(.*)$/;
const RULE = /^(?:-{3,}|\*{3,})$/;
const BULLET = /^[-*+]\s+(.*)$/;
const ORDERED = /^(\d{1,9})[.)]\s+(.*)$/;

/**
 * Tracker markup → ADF. User text arrives escaped, so it only ever becomes text nodes: no
 * mention, macro or link can come out of it. Unknown syntax stays literal text.
 */
export function markupToAdf(markup: string): AdfDocument {
  const content: AdfBlock[] = [];
  // The block a following plain line continues (lazy continuation, as in Markdown).
  let open: AdfParagraph | null = null;
  let list: Extract<AdfBlock, { type: 'bulletList' | 'orderedList' }> | null = null;

  for (const rawLine of markup.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trim();
    if (line === '') {
      open = null;
      list = null;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      content.push({ type: 'heading', attrs: { level: heading[1]!.length }, content: parseInline(heading[2]!) });
      open = null;
      list = null;
      continue;
    }
    if (RULE.test(line)) {
      content.push({ type: 'rule' });
      open = null;
      list = null;
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    if (bullet || ordered) {
      const kind = bullet ? 'bulletList' : 'orderedList';
      if (!list || list.type !== kind) {
        list = kind === 'bulletList' ? { type: 'bulletList', content: [] } : { type: 'orderedList', attrs: { order: Number(ordered![1]) }, content: [] };
        content.push(list);
      }
      open = { type: 'paragraph', content: parseInline(bullet ? bullet[1]! : ordered![2]!) };
      list.content.push({ type: 'listItem', content: [open] });
      continue;
    }
    if (open) {
      open.content.push({ type: 'hardBreak' }, ...parseInline(line));
      continue;
    }
    open = { type: 'paragraph', content: parseInline(line) };
    content.push(open);
  }
  return { type: 'doc', version: 1, content };
}

interface LinkToken {
  label: string;
  href: string;
  end: number;
}

/** `[label](destination)` starting at `start`, honouring backslash escapes in both parts. */
function readLink(text: string, start: number): LinkToken | null {
  const labelEnd = findUnescaped(text, ']', start + 1);
  if (labelEnd < 0 || text[labelEnd + 1] !== '(') return null;
  const destinationEnd = findUnescaped(text, ')', labelEnd + 2);
  if (destinationEnd < 0) return null;
  const href = safeLinkUrl(unescape(text.slice(labelEnd + 2, destinationEnd)));
  if (!href) return null;
  return { label: text.slice(start + 1, labelEnd), href, end: destinationEnd + 1 };
}

function findUnescaped(text: string, wanted: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === wanted) return i;
  }
  return -1;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** Inline markup → text nodes: `**strong**`, links, escapes; everything else literal. */
export function parseInline(text: string, outerMarks: AdfMark[] = []): AdfInline[] {
  const nodes: AdfInline[] = [];
  let buffer = '';
  let strong = false;
  const flush = () => {
    if (buffer === '') return;
    const marks = strong ? [...outerMarks, { type: 'strong' } as const] : outerMarks;
    nodes.push(marks.length ? { type: 'text', text: buffer, marks } : { type: 'text', text: buffer });
    buffer = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      buffer += text[++i];
      continue;
    }
    // `**` only counts when it is closed later in the line (or closes an open one).
    if (ch === '*' && text[i + 1] === '*' && (strong || findUnescaped(text.slice(i + 2), '*', 0) >= 0)) {
      flush();
      strong = !strong;
      i++;
      continue;
    }
    if (ch === '[' && !outerMarks.some((mark) => mark.type === 'link')) {
      const link = readLink(text, i);
      if (link) {
        flush();
        const linkMarks: AdfMark[] = [...outerMarks, ...(strong ? [{ type: 'strong' } as const] : []), { type: 'link', attrs: { href: link.href } }];
        nodes.push(...parseInline(link.label, linkMarks));
        i = link.end - 1;
        continue;
      }
    }
    buffer += ch;
  }
  flush();
  return nodes;
}
