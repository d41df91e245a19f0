import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

/** The messages there are templates for; each has a Slack text, an e-mail subject, text and HTML. */
export type TemplateName = 'spike-opened' | 'spike-grew' | 'digest' | 'test' | 'case-followup';
export type Channel = 'slack' | 'email';

export interface RenderedMessage {
  /** One line: the e-mail subject, and how a delivery is listed for either channel. */
  subject: string;
  /** Slack mrkdwn for a webhook, plain text for an e-mail. */
  body: string;
  /** The e-mail's HTML part; null for Slack. */
  html: string | null;
}

const BUILT_IN_DIR = fileURLToPath(new URL('../../templates/notify/', import.meta.url));

// An isolated instance, so helpers or partials registered elsewhere never leak into messages.
const handlebars = Handlebars.create();

const compiled = new Map<string, { mtimeMs: number; render: Handlebars.TemplateDelegate }>();

/**
 * Slack reads `&`, `<` and `>` as control characters (`<!channel>`, `<url|label>`); everything else is
 * literal text. See https://api.slack.com/reference/surfaces/formatting#escaping
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Every string in a template context escaped for Slack, so no template can forget to. */
function escapeStringsForSlack(value: unknown): unknown {
  if (typeof value === 'string') return escapeSlack(value);
  if (Array.isArray(value)) return value.map(escapeStringsForSlack);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, escapeStringsForSlack(inner)]));
  }
  return value;
}

/** The operator's copy of a template when NOTIFY_TEMPLATES_DIR has one, else the built-in one. */
async function locate(file: string, overrideDir: string | undefined): Promise<{ path: string; mtimeMs: number }> {
  if (overrideDir) {
    const path = join(overrideDir, file);
    const found = await stat(path).catch(() => undefined);
    if (found?.isFile()) return { path, mtimeMs: found.mtimeMs };
  }
  const path = join(BUILT_IN_DIR, file);
  return { path, mtimeMs: (await stat(path)).mtimeMs };
}

/**
 * Compiles a template once per file version (an edited override is picked up without a restart).
 * Only HTML is escaped by Handlebars; Slack text is escaped in its context, and plain text needs none.
 */
async function load(file: string, overrideDir: string | undefined): Promise<Handlebars.TemplateDelegate> {
  const { path, mtimeMs } = await locate(file, overrideDir);
  const cached = compiled.get(path);
  if (cached && cached.mtimeMs === mtimeMs) return cached.render;
  const source = await readFile(path, 'utf8');
  const render = handlebars.compile(source, { noEscape: !file.endsWith('.html.hbs'), strict: false });
  compiled.set(path, { mtimeMs, render });
  return render;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Renders a message for a channel from `templates/notify/<name>.<part>.hbs`, the operator's copy winning. */
export async function renderMessage(
  input: { name: TemplateName; channel: Channel; context: object; overrideDir?: string | undefined },
): Promise<RenderedMessage> {
  const part = async (suffix: string, context: unknown) => (await load(`${input.name}.${suffix}.hbs`, input.overrideDir))(context);
  const subject = oneLine(await part('subject', input.context));
  if (input.channel === 'slack') {
    return { subject, body: (await part('slack', escapeStringsForSlack(input.context))).trim(), html: null };
  }
  return { subject, body: (await part('text', input.context)).trim(), html: (await part('html', input.context)).trim() };
}
