/**
 * Tracker markup: the Markdown subset our templates write and both trackers can show.
 *
 *   # / ## / ###   heading            - item    bullet list       1. item   ordered list
 *   ---            rule (after a blank line)  **bold**   [label](https://…)   \x  a literal x
 *
 * GitHub renders it as Markdown; `adf.ts` turns it into Jira's document format. User text is
 * escaped before it reaches a template, so it can only ever be text in either of them.
 */

/** Everything either parser could read as markup; CommonMark lets any ASCII punctuation be escaped. */
const MARKUP_CHARACTERS = /[\\`*_{}[\]()#+\-.!|<>~&=$^@:"]/g;

/** Mentions (`@team`), issue references (`#12`, `GH-12`) notify people or cross-link issues on GitHub. */
const GITHUB_REFERENCE_STARTS = /(\\[@#])(?=[\p{L}\p{N}_-])|\b(GH)(?=\\-\d)/giu;
const WORD_JOINER = '\u2060';

function normaliseLines(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    // Leading spaces would make an indented code block; tabs and odd controls become spaces.
    .replace(/[\t\v\f\u0000-\u0008\u000e-\u001f\u007f]/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Escapes user text for tracker markup, keeping its paragraphs. */
export function escapeMarkup(text: string): string {
  return normaliseLines(text).replace(MARKUP_CHARACTERS, (ch) => `\\${ch}`);
}

/** Escapes user text for one line of markup (a list item, a heading). */
export function escapeMarkupLine(text: string): string {
  return escapeMarkup(text.replace(/\s+/g, ' '));
}

/**
 * Additionally breaks GitHub's mention and issue-reference auto-links with an invisible word
 * joiner, which backslash escapes do not prevent (GitHub links them after rendering).
 */
export function neutraliseGithubReferences(escaped: string): string {
  return escaped.replace(GITHUB_REFERENCE_STARTS, (match) => `${match}${WORD_JOINER}`);
}

/** Plain text for a tracker's one-line title: no line breaks, no control characters, bounded. */
export function plainTitle(text: string, maxLength: number): string {
  const line = text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length <= maxLength ? line : `${line.slice(0, maxLength - 1).trimEnd()}…`;
}

/**
 * A URL that is safe as a markup link destination: http(s) only, normalised, with the
 * characters that would end the destination percent-encoded. Anything else is null.
 */
export function safeLinkUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.href.replace(/[()<>\s\\`*_[\]]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
