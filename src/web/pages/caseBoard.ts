import { Router, type Request, type Response } from 'express';
import { can } from '../../auth/roles.ts';
import { CASE_STATUSES, DECISIONS, listCasesQuery, type ListCasesQuery } from '../../cases/schemas.ts';
import { createCase, listCases } from '../../cases/service.ts';
import type { CaseView } from '../../cases/view.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { listLinksOfCases, type LinkView } from '../../trackers/links.ts';
import { field, type FieldErrors, textOf } from '../http/forms.ts';
import { flash, render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import { caseChoices, sectionForm, type CaseChoices } from './caseChoices.ts';
import { parseSection, readSection, type FormValues } from './caseForms.ts';
import { ageInDays } from './casePage.ts';

/** The most cases the board and list show; the API's own ceiling. */
const SHOWN = 500;

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

/** The page's filters, read leniently: unknown choices are dropped rather than refused. */
export function readFilters(query: Request['query'], choices: CaseChoices) {
  const statuses = list(query.status).filter((s) => (CASE_STATUSES as readonly string[]).includes(s));
  const topic = choices.topics.find((x) => x.key === textOf(query.topic))?.key ?? '';
  const market = choices.markets.find((x) => x.key === textOf(query.market))?.key ?? '';
  const ownerText = textOf(query.owner);
  const owner = ownerText === 'me' || choices.people.some((p) => String(p.id) === ownerText) ? ownerText : '';
  const decision = (DECISIONS as readonly string[]).includes(textOf(query.decision)) ? textOf(query.decision) : '';
  const q = textOf(query.q).slice(0, 200);
  const view = textOf(query.view) === 'list' ? 'list' : 'board';
  return { statuses, topic, market, owner, decision, q, view };
}
type Filters = ReturnType<typeof readFilters>;

/** The same query the API's `GET /api/v1/cases` takes, so the page and the API agree on what a filter means. */
function apiQuery(filters: Filters): ListCasesQuery {
  const raw = {
    ...(filters.statuses.length ? { status: filters.statuses.join(',') } : {}),
    ...(filters.topic ? { topic: filters.topic } : {}),
    ...(filters.market ? { market: filters.market } : {}),
    ...(filters.owner ? { owner: filters.owner } : {}),
    ...(filters.q ? { q: filters.q } : {}),
    limit: String(SHOWN),
  };
  return listCasesQuery.parse(raw);
}

function filterLink(filters: Filters, view: 'board' | 'list'): string {
  const params = new URLSearchParams();
  for (const s of filters.statuses) params.append('status', s);
  for (const name of ['topic', 'market', 'owner', 'decision', 'q'] as const) if (filters[name]) params.set(name, filters[name]);
  if (view === 'list') params.set('view', 'list');
  const query = params.toString();
  return `/cases${query ? `?${query}` : ''}`;
}

/** A case as a card or a row: the few facts that say where it stands. */
function caseCard(ctx: AppContext, view: CaseView, links: readonly LinkView[]) {
  return {
    id: view.id,
    key: view.key,
    title: view.title,
    status: view.status,
    statusLabel: `cases.status.${view.status}`,
    topics: view.topics.map((t) => t.name).join(', '),
    markets: view.markets.map((m) => m.name).join(', '),
    owner: view.owner?.name ?? null,
    decisionLabel: view.decision ? `cases.decision.${view.decision}` : null,
    priorityLabel: `cases.priority.${view.priority}`,
    age: ageInDays(view.createdAt, ctx.now()),
    trackers: links.map((l) => ({ key: l.remoteKey, url: l.url, status: l.remoteStatus, syncState: l.syncState, syncLabel: `cases.sync.${l.syncState}` })),
  };
}

/** Cases: the board by status (a column per status in workflow order), the list, and "new case". */
export function caseBoardRoutes(ctx: AppContext): Router {
  const router = Router();

  async function showBoard(req: Request, res: Response, input: { values?: FormValues; errors?: FieldErrors; status?: number } = {}) {
    const t = tr(res);
    const choices = await caseChoices(ctx.pool);
    const filters = readFilters(req.query, choices);
    const found = await listCases(ctx.pool, apiQuery(filters), req.principal!);
    const shown = filters.decision ? found.filter((c) => c.decision === filters.decision) : found;
    // One query for the whole board's tracker links, however many cards it shows.
    const links = await listLinksOfCases(ctx.pool, shown.map((c) => c.id));
    const cards = shown.map((view) => caseCard(ctx, view, links.get(view.id) ?? []));
    const values = input.values ?? { title: '', topics: [], markets: [], ownerId: '', team: '', priority: 'medium', decision: '' };
    render(
      req,
      res,
      'cases',
      {
        title: t('cases.title'),
        filters: {
          ...filters,
          statuses: CASE_STATUSES.map((s) => ({ value: s, label: `cases.status.${s}`, checked: filters.statuses.includes(s) })),
          topics: choices.topics.map((x) => ({ key: x.key, label: x.label, selected: x.key === filters.topic })),
          markets: choices.markets.map((x) => ({ key: x.key, name: x.name, selected: x.key === filters.market })),
          owners: [
            ...(req.principal!.userId ? [{ value: 'me', label: t('cases.ownerMe'), selected: filters.owner === 'me' }] : []),
            ...choices.people.map((p) => ({ value: String(p.id), label: p.name, selected: String(p.id) === filters.owner })),
          ],
          decisions: DECISIONS.map((d) => ({ value: d, label: `cases.decision.${d}`, selected: d === filters.decision })),
        },
        isList: filters.view === 'list',
        wide: filters.view !== 'list',
        boardHref: filterLink(filters, 'board'),
        listHref: filterLink(filters, 'list'),
        count: cards.length,
        columns: CASE_STATUSES.filter((s) => filters.statuses.length === 0 || filters.statuses.includes(s)).map((s) => ({
          status: s,
          label: `cases.status.${s}`,
          cards: cards.filter((c) => c.status === s),
        })),
        cases: cards,
        canCreate: can(req.principal!.role, 'editCases'),
        newCase: { ...sectionForm('overview', values, choices, input.errors), open: true },
      },
      { status: input.status ?? 200 },
    );
  }

  router.get('/cases', ...requirePage('readCases'), async (req, res) => {
    await showBoard(req, res);
  });

  router.post('/cases', ...requirePage('editCases'), async (req, res) => {
    const t = tr(res);
    const values = readSection('overview', req.body);
    if (!field(req.body, 'priority')) values.priority = 'medium';
    const parsed = parseSection('overview', values, t);
    if ('errors' in parsed) return showBoard(req, res, { values, errors: parsed.errors, status: 400 });
    const { title, topics, markets, ownerId, team, priority, decision } = parsed.update;
    try {
      const created = await createCase(
        ctx.pool,
        { title: title!, topics, markets, ...(ownerId ? { ownerId } : {}), team, priority, decision },
        { principal: req.principal!, asOf: ctx.now(), timeZone: ctx.config.TZ_NAME },
      );
      flash(req, { kind: 'success', key: 'cases.created', params: { key: created.key } });
      res.redirect(303, `/cases/${created.id}`);
    } catch (error) {
      // An owner disabled, or a topic archived, a moment ago: say so beside the form.
      if (error instanceof AppError && error.code === 'UNPROCESSABLE') return showBoard(req, res, { values, errors: { form: error.message }, status: 400 });
      throw error;
    }
  });
  return router;
}
