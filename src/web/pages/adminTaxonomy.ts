import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import * as taxonomy from '../../taxonomy/service.ts';
import type { Market, Topic } from '../../taxonomy/service.ts';
import { field, fieldErrors, type FieldErrors } from '../http/forms.ts';
import { flash, render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import type { MessageKey } from '../i18n/index.ts';
import { formName, refusalOf } from './adminShared.ts';
import { topicPlaceForm, topicPlaceRoutes, type PlaceValues } from './adminTopicPlace.ts';

type Kind = 'topics' | 'markets';
type Entry = Market & Partial<Pick<Topic, 'parentKey'>>;

const KEY_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const keyField = z.string().trim().toLowerCase().min(1, 'form.required').regex(KEY_PATTERN, 'admin.keyFormat');
const createForm = z.object({ key: keyField, name: formName(), parent: z.string() });
const editForm = z.object({ name: formName(), parent: z.string() });

interface Values {
  key: string;
  name: string;
  parent: string;
}

/** Every string that differs between the topic and the market pages. */
const TEXT: Record<Kind, Record<'title' | 'one' | 'created' | 'renamed' | 'archived' | 'restored' | 'merged' | 'exists', MessageKey>> = {
  topics: {
    title: 'admin.topics.title',
    one: 'admin.topics.one',
    created: 'admin.topics.created',
    renamed: 'admin.tax.saved',
    archived: 'admin.tax.archivedFlash',
    restored: 'admin.tax.restoredFlash',
    merged: 'admin.tax.mergedFlash',
    exists: 'admin.topics.exists',
  },
  markets: {
    title: 'admin.markets.title',
    one: 'admin.markets.one',
    created: 'admin.markets.created',
    renamed: 'admin.tax.saved',
    archived: 'admin.tax.archivedFlash',
    restored: 'admin.tax.restoredFlash',
    merged: 'admin.tax.mergedFlash',
    exists: 'admin.markets.exists',
  },
};

async function entries(ctx: AppContext, kind: Kind): Promise<Entry[]> {
  return kind === 'topics' ? taxonomy.listTopics(ctx.pool, { includeArchived: true }) : taxonomy.listMarkets(ctx.pool, { includeArchived: true });
}

/** "Payment › SMS payment": where a topic sits, so two topics of the same name can be told apart. */
function pathLabels(all: Entry[]): Map<string, string> {
  const byKey = new Map(all.map((e) => [e.key, e]));
  const labelOf = (entry: Entry, depth = 0): string => {
    const parent = entry.parentKey ? byKey.get(entry.parentKey) : undefined;
    return parent && depth < 10 ? `${labelOf(parent, depth + 1)} › ${entry.name}` : entry.name;
  };
  return new Map(all.map((e) => [e.key, labelOf(e)]));
}

/** Keys of the entry and everything below it: a topic cannot move below itself. */
function subtree(all: Entry[], root: string): Set<string> {
  const found = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of all) {
      if (e.parentKey && found.has(e.parentKey) && !found.has(e.key)) {
        found.add(e.key);
        grew = true;
      }
    }
  }
  return found;
}

const choices = (all: Entry[], labels: Map<string, string>, exclude: Set<string>, selected: string) =>
  all
    .filter((e) => e.archivedAt === null && !exclude.has(e.key))
    .map((e) => ({ key: e.key, label: labels.get(e.key)!, selected: e.key === selected }))
    .sort((a, b) => a.label.localeCompare(b.label));

/** Topics and markets for analysts and admins: list, create, rename, move, archive, restore, merge. */
export function adminTaxonomyRoutes(ctx: AppContext): Router {
  const router = Router();
  const guard = requirePage('manageTaxonomy');

  for (const kind of ['topics', 'markets'] as const) {
    const base = `/admin/${kind}`;
    const text = TEXT[kind];
    const isTopics = kind === 'topics';

    async function showList(req: Request, res: Response, input: { values?: Values; errors?: FieldErrors; status?: number } = {}) {
      const t = tr(res);
      const all = await entries(ctx, kind);
      const labels = pathLabels(all);
      const values = input.values ?? { key: '', name: '', parent: '' };
      const row = (e: Entry) => ({ ...e, label: labels.get(e.key), href: `${base}/${encodeURIComponent(e.key)}`, parentLabel: e.parentKey ? labels.get(e.parentKey) : undefined });
      const byLabel = (a: { label?: string }, b: { label?: string }) => (a.label ?? '').localeCompare(b.label ?? '');
      render(
        req,
        res,
        'admin-taxonomy',
        {
          title: t(text.title),
          base,
          isTopics,
          active: all.filter((e) => e.archivedAt === null).map(row).sort(byLabel),
          archived: all
            .filter((e) => e.archivedAt !== null)
            .map((e) => ({ ...row(e), mergedIntoLabel: e.mergedInto ? labels.get(e.mergedInto) : undefined }))
            .sort(byLabel),
          parents: isTopics ? choices(all, labels, new Set(), values.parent) : [],
          values,
          errors: input.errors ?? {},
          createHeading: t('admin.tax.create', { what: t(text.one) }),
        },
        { status: input.status ?? 200 },
      );
    }

    async function mustFind(req: Request): Promise<{ entry: Entry; all: Entry[] }> {
      const all = await entries(ctx, kind);
      const entry = all.find((e) => e.key === req.params.key);
      if (!entry) throw new AppError('NOT_FOUND', `Unknown ${isTopics ? 'topic' : 'market'} "${String(req.params.key)}"`);
      return { entry, all };
    }

    async function showEntry(req: Request, res: Response, input: { values?: Values; errors?: FieldErrors; place?: PlaceValues; status?: number } = {}) {
      const t = tr(res);
      const { entry, all } = await mustFind(req);
      const labels = pathLabels(all);
      const values = input.values ?? { key: entry.key, name: entry.name, parent: entry.parentKey ?? '' };
      const mergeTargets = all.filter((e) => e.mergedInto === null);
      render(
        req,
        res,
        'admin-taxonomy-entry',
        {
          title: t('admin.tax.entryTitle', { what: t(text.one), name: entry.name }),
          base,
          listTitle: t(text.title),
          isTopics,
          entry: { ...entry, label: labels.get(entry.key), href: `${base}/${encodeURIComponent(entry.key)}`, mergedIntoLabel: entry.mergedInto ? labels.get(entry.mergedInto) : undefined },
          parents: isTopics ? choices(all, labels, subtree(all, entry.key), values.parent) : [],
          mergeTargets: choices(mergeTargets, labels, isTopics ? subtree(all, entry.key) : new Set([entry.key]), field(req.body, 'into')),
          journey: isTopics ? await topicPlaceForm(ctx.pool, entry.key, input.place) : undefined,
          values,
          errors: input.errors ?? {},
        },
        { status: input.status ?? 200 },
      );
    }

    const listBack = (req: Request, res: Response, key: MessageKey, params: Record<string, string | number>) => {
      flash(req, { kind: 'success', key, params });
      res.redirect(303, base);
    };

    router.get(base, ...guard, async (req, res) => {
      await showList(req, res);
    });

    if (isTopics) router.use(topicPlaceRoutes(ctx, (req, res, errors, place) => showEntry(req, res, { errors, place, status: 400 })));

    router.post(base, ...guard, async (req, res) => {
      const t = tr(res);
      const values: Values = { key: field(req.body, 'key'), name: field(req.body, 'name'), parent: isTopics ? field(req.body, 'parent') : '' };
      const parsed = createForm.safeParse(values);
      if (!parsed.success) return showList(req, res, { values, errors: fieldErrors(parsed.error, t), status: 400 });
      const { key, name, parent } = parsed.data;
      try {
        if (isTopics) await taxonomy.createTopic(ctx.pool, { key, name, parent: parent || null });
        else await taxonomy.createMarket(ctx.pool, { key, name });
      } catch (error) {
        const refusal = refusalOf(error);
        const errors: FieldErrors = refusal.code === 'CONFLICT' ? { key: t(text.exists, { key }) } : { parent: t('admin.tax.unknownParent') };
        return showList(req, res, { values, errors, status: refusal.code === 'CONFLICT' ? 409 : 400 });
      }
      listBack(req, res, text.created, { name });
    });

    router.get(`${base}/:key`, ...guard, async (req, res) => {
      await showEntry(req, res);
    });

    router.post(`${base}/:key`, ...guard, async (req, res) => {
      const t = tr(res);
      const { entry } = await mustFind(req);
      const values: Values = { key: entry.key, name: field(req.body, 'name'), parent: isTopics ? field(req.body, 'parent') : '' };
      const parsed = editForm.safeParse(values);
      if (!parsed.success) return showEntry(req, res, { values, errors: fieldErrors(parsed.error, t), status: 400 });
      try {
        if (isTopics) await taxonomy.updateTopic(ctx.pool, entry.key, { name: parsed.data.name, parent: parsed.data.parent || null }, ctx.now());
        else await taxonomy.updateMarket(ctx.pool, entry.key, { name: parsed.data.name }, ctx.now());
      } catch (error) {
        const refusal = refusalOf(error);
        return showEntry(req, res, { values, errors: { parent: t('admin.tax.badParent', { reason: refusal.message }) }, status: 409 });
      }
      listBack(req, res, text.renamed, { name: parsed.data.name });
    });

    router.post(`${base}/:key/archive`, ...guard, async (req, res) => {
      const { entry } = await mustFind(req);
      const archived = field(req.body, 'archived') !== 'false';
      try {
        if (isTopics) await taxonomy.updateTopic(ctx.pool, entry.key, { archived }, ctx.now());
        else await taxonomy.updateMarket(ctx.pool, entry.key, { archived }, ctx.now());
      } catch (error) {
        flash(req, { kind: 'error', key: 'admin.refused', params: { reason: refusalOf(error).message } });
        return res.redirect(303, base);
      }
      listBack(req, res, archived ? text.archived : text.restored, { name: entry.name });
    });

    /** Step one shows what the merge would move; only the confirmed form (`confirm=yes`) merges. */
    router.post(`${base}/:key/merge`, ...guard, async (req, res) => {
      const t = tr(res);
      const { entry } = await mustFind(req);
      const into = field(req.body, 'into').trim();
      if (!into) return showEntry(req, res, { errors: { into: t('admin.tax.chooseInto') }, status: 400 });
      let preview: taxonomy.MergePreview;
      try {
        preview = await taxonomy.previewMerge(ctx.pool, kind, { from: entry.key, into });
      } catch (error) {
        return showEntry(req, res, { errors: { into: refusalOf(error).message }, status: 409 });
      }
      if (field(req.body, 'confirm') !== 'yes') {
        return render(req, res, 'admin-merge', { title: t('admin.merge.title', { from: preview.from.name, into: preview.into.name }), base, listTitle: t(text.title), isTopics, preview, entryHref: `${base}/${encodeURIComponent(entry.key)}` });
      }
      const done = await taxonomy.merge(ctx.pool, kind, { from: entry.key, into, asOf: ctx.now() });
      listBack(req, res, text.merged, { from: preview.from.name, into: preview.into.name, count: done.inquiriesMoved });
    });
  }
  return router;
}
