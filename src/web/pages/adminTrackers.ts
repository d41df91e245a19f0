import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import type { TrackerConnection } from '../../trackers/connection.ts';
import * as connections from '../../trackers/connections.ts';
import type { FieldErrors } from '../http/forms.ts';
import { flash, render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import { idFrom, refusalOf } from './adminShared.ts';
import { AUTH_TYPES, formValues, settingsFromForm, valuesOf, type TrackerKind, type TrackerValues } from './adminTrackerForm.ts';
import { marketChoices } from './pickers.ts';

const DEFAULT_GITHUB_API = 'https://api.github.com';

/** Where issues go, as a person reads it: "PLAT at https://x.atlassian.net", "finn/ads". */
function whereOf(config: TrackerConnection): string {
  if (config.kind === 'jira') return `${config.projectKey} · ${config.baseUrl}`;
  return config.baseUrl === DEFAULT_GITHUB_API ? `${config.owner}/${config.repo}` : `${config.owner}/${config.repo} · ${config.baseUrl}`;
}

/** The credentials as the names of the variables that hold them; never a value. */
function credentialsOf(config: TrackerConnection): string {
  const auth = config.auth;
  if (auth.type === 'basic') return `${auth.email} · ${auth.tokenEnv}`;
  if (auth.type === 'app') return `App ${auth.appId} · ${auth.privateKeyEnv}`;
  return auth.tokenEnv;
}

type TestReport = Awaited<ReturnType<typeof connections.testConnection>>;

/** Admins: tracker connections (Jira, GitHub), with a live check of their credentials. */
export function adminTrackerRoutes(ctx: AppContext): Router {
  const router = Router();
  const guard = requirePage('manageTrackers');

  router.get('/admin/trackers', ...guard, async (req, res) => {
    const t = tr(res);
    const rows = await connections.listConnections(ctx.pool);
    render(req, res, 'admin-trackers', {
      title: t('admin.trackers.title'),
      connections: rows.map((c) => ({ ...c, kindLabel: `admin.trackers.kind.${c.kind}`, where: whereOf(c.config), credentials: credentialsOf(c.config) })),
    });
  });

  interface FormPage {
    kind: TrackerKind;
    values: TrackerValues;
    errors?: FieldErrors;
    formError?: string;
    connection?: connections.ConnectionView;
    report?: TestReport;
    status?: number;
  }

  async function showForm(req: Request, res: Response, page: FormPage) {
    const t = tr(res);
    const markets = await marketChoices(ctx.pool);
    const { kind, values, connection } = page;
    render(
      req,
      res,
      'admin-tracker',
      {
        title: connection ? t('admin.trackers.editTitle', { name: connection.name }) : t(kind === 'jira' ? 'admin.trackers.newJira' : 'admin.trackers.newGithub'),
        action: connection ? `/admin/trackers/${connection.id}` : `/admin/trackers/new/${kind}`,
        isJira: kind === 'jira',
        connection,
        values,
        errors: page.errors ?? {},
        formError: page.formError,
        authTypes: AUTH_TYPES[kind].map((value) => ({ value, label: `admin.trackers.auth.${value}`, selected: value === values.authType })),
        markets: markets.map((m) => ({ key: m.key, name: m.name, selected: m.key === values.market })),
        report: page.report,
      },
      { status: page.status ?? 200 },
    );
  }

  const kindOf = (req: Request): TrackerKind => {
    const kind = String(req.params.kind);
    if (kind !== 'jira' && kind !== 'github') throw new AppError('NOT_FOUND', `No tracker kind "${kind}"`);
    return kind;
  };
  const emptyValues = (kind: TrackerKind): TrackerValues => ({ ...formValues({}), authType: AUTH_TYPES[kind][0]!, issueType: kind === 'jira' ? 'Task' : '' });

  /** Saves the form; a refusal goes back to the form with the reason at its field. */
  async function save(req: Request, res: Response, kind: TrackerKind, existing?: connections.ConnectionView) {
    const t = tr(res);
    const values = formValues(req.body);
    const { settings, errors } = settingsFromForm(kind, values, t);
    if (!settings) return showForm(req, res, { kind, values, errors, connection: existing, status: 400 });
    const placement = { team: values.team || null, market: values.market || null };
    // Optional settings left blank are cleared, not kept from before.
    const body = { webhookSecretEnv: undefined, previousWebhookSecretEnv: undefined, ...settings, ...placement };
    let saved: connections.ConnectionView;
    try {
      saved = existing ? await connections.updateConnection(ctx.pool, existing.id, body, ctx.now()) : await connections.createConnection(ctx.pool, body, ctx.now());
    } catch (error) {
      const refusal = refusalOf(error);
      const at: FieldErrors = refusal.code === 'CONFLICT' ? { name: t('admin.trackers.nameTaken', { name: settings.name }) } : /^market:/.test(refusal.message) ? { market: t('admin.trackers.unknownMarket') } : {};
      return showForm(req, res, { kind, values, errors: at, formError: Object.keys(at).length ? undefined : refusal.message, connection: existing, status: refusal.code === 'CONFLICT' ? 409 : 400 });
    }
    flash(req, { kind: 'success', key: existing ? 'admin.trackers.saved' : 'admin.trackers.created', params: { name: saved.name } });
    res.redirect(303, `/admin/trackers/${saved.id}`);
  }

  router.get('/admin/trackers/new/:kind', ...guard, async (req, res) => {
    const kind = kindOf(req);
    await showForm(req, res, { kind, values: emptyValues(kind) });
  });

  router.post('/admin/trackers/new/:kind', ...guard, async (req, res) => {
    await save(req, res, kindOf(req));
  });

  const load = (req: Request) => connections.mustGetConnection(ctx.pool, idFrom(req, 'tracker connection'));
  const storedForm = (connection: connections.ConnectionView) => ({ kind: connection.kind, values: valuesOf(connection.config, connection), connection });

  router.get('/admin/trackers/:id', ...guard, async (req, res) => {
    await showForm(req, res, storedForm(await load(req)));
  });

  router.post('/admin/trackers/:id', ...guard, async (req, res) => {
    const connection = await load(req);
    await save(req, res, connection.kind, connection);
  });

  /** Runs the same check as `pinchpoint trackers test` and shows its report on the connection's page. */
  router.post('/admin/trackers/:id/test', ...guard, async (req, res) => {
    const connection = await load(req);
    const report = await connections.testConnection(ctx, connection.config);
    await showForm(req, res, { ...storedForm(connection), report });
  });

  router.post('/admin/trackers/:id/active', ...guard, async (req, res) => {
    const connection = await load(req);
    const active = req.body?.active === 'true';
    await connections.updateConnection(ctx.pool, connection.id, { active }, ctx.now());
    flash(req, { kind: 'success', key: active ? 'admin.trackers.activated' : 'admin.trackers.deactivated', params: { name: connection.name } });
    res.redirect(303, `/admin/trackers/${connection.id}`);
  });
  return router;
}
