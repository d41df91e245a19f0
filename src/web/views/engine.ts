import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { registerHelpers } from './helpers.ts';
import { Markup } from './markup.ts';

const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

export interface ViewEngine {
  /** Renders `templates/views/<view>.hbs` inside `templates/layouts/<layout>.hbs`. */
  render(view: string, context: object, layout?: string): string;
}

function readTemplates(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
    const path = join(entry.parentPath, entry.name);
    found.set(relative(dir, path).split(sep).join('/').replace(/\.hbs$/, ''), readFileSync(path, 'utf8'));
  }
  return found;
}

let shared: ViewEngine | undefined;

/**
 * Compiles every page template once per process (a few dozen small files; pages then render from
 * memory). An isolated Handlebars instance, so helpers registered elsewhere never leak in.
 */
export function viewEngine(): ViewEngine {
  if (shared) return shared;
  const hb = Handlebars.create();
  registerHelpers(hb);
  for (const [name, source] of readTemplates(join(TEMPLATES_DIR, 'partials'))) hb.registerPartial(name, source);
  // Handlebars indents every line of an indented partial's output; inside a <textarea> that would
  // add spaces to the stored text each time a form is saved unchanged. So partials are not indented.
  const compile = (templates: Map<string, string>) =>
    new Map([...templates].map(([name, source]) => [name, hb.compile(source, { preventIndent: true })]));
  const views = compile(readTemplates(join(TEMPLATES_DIR, 'views')));
  const layouts = compile(readTemplates(join(TEMPLATES_DIR, 'layouts')));
  shared = {
    render(view, context, layout = 'main') {
      const page = views.get(view);
      const frame = layouts.get(layout);
      if (!page) throw new Error(`No view templates/views/${view}.hbs`);
      if (!frame) throw new Error(`No layout templates/layouts/${layout}.hbs`);
      const body = page(context);
      return frame({ ...context, body: new Markup(body) });
    },
  };
  return shared;
}
