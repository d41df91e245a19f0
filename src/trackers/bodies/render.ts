import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { TrackerKind } from '../tracker.ts';
import { sampleTrackerBodyInput, trackerBodyInputSchema, type TrackerBodyInput } from './input.ts';
import { escapeMarkup, escapeMarkupLine, neutraliseGithubReferences, plainTitle } from './markup.ts';
import { buildTemplateView, type TextEscaper } from './view.ts';

export const trackerTemplateNames = ['issue', 'update-comment', 'followup-comment'] as const;
export type TrackerTemplateName = (typeof trackerTemplateNames)[number];

const defaultTemplatesDir = fileURLToPath(new URL('../../../templates/trackers/', import.meta.url));

const escapers: Record<TrackerKind, TextEscaper> = {
  jira: { block: escapeMarkup, line: escapeMarkupLine },
  github: {
    block: (text) => neutraliseGithubReferences(escapeMarkup(text)),
    line: (text) => neutraliseGithubReferences(escapeMarkupLine(text)),
  },
};

type Compiled = Handlebars.TemplateDelegate;

export interface TrackerTemplates {
  /** Renders one kind of body as tracker markup; input is validated and every user string escaped. */
  render(kind: TrackerKind, name: TrackerTemplateName, input: TrackerBodyInput): string;
  /** Where each template was read from, for logs and the operator. */
  readonly sources: Readonly<Record<`${TrackerKind}/${TrackerTemplateName}`, string>>;
}

/**
 * Compiles the tracker templates once: each file from `overrideDir/<kind>/<name>.hbs` when the
 * operator put one there, else the shipped one. Every template is rendered once with a sample
 * so a broken or misspelt override fails here (at start), not at the first sync.
 */
export function loadTrackerTemplates(options: { overrideDir?: string | null } = {}): TrackerTemplates {
  // An isolated Handlebars: no helpers or partials registered elsewhere leak in.
  const handlebars = Handlebars.create();
  const compiled = new Map<string, Compiled>();
  const sources: Record<string, string> = {};
  for (const kind of ['jira', 'github'] as const) {
    for (const name of trackerTemplateNames) {
      const override = options.overrideDir ? path.join(options.overrideDir, kind, `${name}.hbs`) : null;
      const file = override && existsSync(override) ? override : path.join(defaultTemplatesDir, kind, `${name}.hbs`);
      // Values are escaped for tracker markup beforehand, so Handlebars' HTML escaping is off;
      // strict makes a misspelt field an error instead of an empty string.
      const template = handlebars.compile(readFileSync(file, 'utf8'), { noEscape: true, strict: true });
      const key = `${kind}/${name}`;
      try {
        template(buildTemplateView(trackerBodyInputSchema.parse(sampleTrackerBodyInput), escapers[kind]));
      } catch (error) {
        throw new Error(`tracker template ${file} does not render: ${(error as Error).message}`, { cause: error });
      }
      compiled.set(key, template);
      sources[key] = file;
    }
  }
  return {
    sources: sources as TrackerTemplates['sources'],
    render(kind, name, input) {
      const view = buildTemplateView(trackerBodyInputSchema.parse(input), escapers[kind]);
      const markup = compiled.get(`${kind}/${name}`)!(view);
      return markup.replace(/\n{3,}/g, '\n\n').trim() + '\n';
    },
  };
}

/** Jira summaries hold 255 characters, GitHub titles 256; both are plain text. */
export function trackerIssueTitle(kind: TrackerKind, input: { caseRef: string; title: string }): string {
  const title = plainTitle(`${input.caseRef}: ${input.title}`, 250);
  // GitHub links #12 and @team in titles too; an invisible joiner keeps them plain.
  return kind === 'github' ? title.replace(/([@#])(?=[\p{L}\p{N}_-])/gu, '$1\u2060') : title;
}
