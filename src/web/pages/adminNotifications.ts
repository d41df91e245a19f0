import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { DELIVERY_STATUSES } from '../../notify/deliveryRepo.ts';
import { addressProblem, TARGET_KINDS } from '../../notify/schemas.ts';
import * as notify from '../../notify/service.ts';
import { field, fieldErrors, type FieldErrors } from '../http/forms.ts';
import { flash, render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import type { Translate } from '../i18n/index.ts';
import { formName, idFrom, refusalOf, ticked } from './adminShared.ts';
import { marketChoices, topicChoices } from './pickers.ts';

const RECENT_DELIVERIES = 50;

interface Values {
  name: string;
  kind: string;
  address: string;
  topic: string;
  market: string;
  spikes: boolean;
  digest: boolean;
}

const targetForm = z.object({ name: formName(), kind: z.enum(TARGET_KINDS, { message: 'admin.notify.kindInvalid' }), address: z.string().trim().max(2000, 'form.tooLong') });

function valuesFrom(body: unknown): Values {
  return { name: field(body, 'name'), kind: field(body, 'kind'), address: field(body, 'address').trim(), topic: field(body, 'topic'), market: field(body, 'market'), spikes: ticked(body, 'spikes'), digest: ticked(body, 'digest') };
}

/** The form checked as the service will check it, with the problems in the page's language. */
function checkForm(values: Values, t: Translate, options: { addressRequired: boolean }): FieldErrors {
  const parsed = targetForm.safeParse(values);
  const errors = parsed.success ? {} : fieldErrors(parsed.error, t);
  if (!errors.kind && !errors.address) {
    if (values.address === '' && options.addressRequired) errors.address = t('form.required');
    else if (values.address !== '' && addressProblem(values.kind as 'slack' | 'email', values.address)) errors.address = t(values.kind === 'slack' ? 'admin.notify.badUrl' : 'form.email');
  }
  return errors;
}

/** Admins: where spike messages and digests go, a test message, and what was sent or failed. */
export function adminNotificationRoutes(ctx: AppContext): Router {
  const router = Router();
  const guard = requirePage('manageNotifications');

  async function pickers(values: Values) {
    const [topics, markets] = await Promise.all([topicChoices(ctx.pool), marketChoices(ctx.pool)]);
    return {
      kinds: TARGET_KINDS.map((k) => ({ value: k, label: `admin.notify.kind.${k}`, selected: k === values.kind })),
      topics: topics.map((x) => ({ key: x.key, label: x.label, selected: x.key === values.topic })),
      markets: markets.map((m) => ({ key: m.key, name: m.name, selected: m.key === values.market })),
    };
  }

  async function showList(req: Request, res: Response, input: { values?: Values; errors?: FieldErrors; status?: number } = {}) {
    const t = tr(res);
    const status = (DELIVERY_STATUSES as readonly string[]).includes(String(req.query.status)) ? String(req.query.status) : '';
    const [targets, deliveries] = await Promise.all([
      notify.listTargets(ctx.pool),
      notify.listDeliveries(ctx.pool, { ...(status ? { status: [status] } : {}), limit: RECENT_DELIVERIES }),
    ]);
    const values = input.values ?? { name: '', kind: 'slack', address: '', topic: '', market: '', spikes: true, digest: true };
    const choices = await pickers(values);
    // Names where the topic or market is still offered; a retired one is shown by its key.
    const topicName = new Map(choices.topics.map((x) => [x.key, x.label]));
    const marketName = new Map(choices.markets.map((m) => [m.key, m.name]));
    render(
      req,
      res,
      'admin-notifications',
      {
        title: t('admin.notify.title'),
        targets: targets.map((x) => ({
          ...x,
          kindLabel: `admin.notify.kind.${x.kind}`,
          topicName: x.topic ? (topicName.get(x.topic) ?? x.topic) : null,
          marketName: x.market ? (marketName.get(x.market) ?? x.market) : null,
        })),
        deliveries: deliveries.map((d) => ({ ...d, statusLabel: `admin.notify.status.${d.status}`, kindLabel: `admin.notify.deliveryKind.${d.kind}`, canRetry: d.status === 'failed' })),
        statuses: DELIVERY_STATUSES.map((s) => ({ value: s, label: `admin.notify.status.${s}`, selected: s === status })),
        values,
        errors: input.errors ?? {},
        ...choices,
      },
      { status: input.status ?? 200 },
    );
  }

  const mustGetTarget = async (req: Request) => {
    const id = idFrom(req, 'notification target');
    const target = (await notify.listTargets(ctx.pool)).find((x) => x.id === id);
    if (!target) throw new AppError('NOT_FOUND', `Notification target ${id} not found`);
    return target;
  };

  async function showTarget(req: Request, res: Response, target: notify.TargetView, input: { values?: Values; errors?: FieldErrors; status?: number } = {}) {
    const t = tr(res);
    // A webhook URL is a secret: the field starts empty and is kept unless a new one is typed.
    const values = input.values ?? { name: target.name, kind: target.kind, address: target.kind === 'email' ? target.address : '', topic: target.topic ?? '', market: target.market ?? '', spikes: target.spikes, digest: target.digest };
    render(
      req,
      res,
      'admin-notification',
      { title: t('admin.notify.editTitle', { name: target.name }), target, values, errors: input.errors ?? {}, ...(await pickers(values)) },
      { status: input.status ?? 200 },
    );
  }

  /** A refused topic or market is named at its field; anything else at the address. */
  const refusalErrors = (error: unknown, t: Translate): FieldErrors => {
    const message = refusalOf(error).message;
    if (/topic: unknown/.test(message)) return { topic: t('admin.notify.unknownTopic') };
    if (/market: unknown/.test(message)) return { market: t('admin.notify.unknownMarket') };
    return { address: message };
  };

  router.get('/admin/notifications', ...guard, async (req, res) => {
    await showList(req, res);
  });

  router.post('/admin/notifications', ...guard, async (req, res) => {
    const t = tr(res);
    const values = valuesFrom(req.body);
    const errors = checkForm(values, t, { addressRequired: true });
    if (Object.keys(errors).length) return showList(req, res, { values, errors, status: 400 });
    try {
      await notify.createTarget(
        ctx.pool,
        { name: values.name.trim(), kind: values.kind as 'slack' | 'email', address: values.address, topic: values.topic || null, market: values.market || null, spikes: values.spikes, digest: values.digest, active: true },
        ctx.now(),
      );
    } catch (error) {
      return showList(req, res, { values, errors: refusalErrors(error, t), status: 400 });
    }
    flash(req, { kind: 'success', key: 'admin.notify.created', params: { name: values.name.trim() } });
    res.redirect(303, '/admin/notifications');
  });

  router.get('/admin/notifications/:id', ...guard, async (req, res) => {
    await showTarget(req, res, await mustGetTarget(req));
  });

  router.post('/admin/notifications/:id', ...guard, async (req, res) => {
    const t = tr(res);
    const target = await mustGetTarget(req);
    const values = valuesFrom(req.body);
    // Changing the kind needs the new kind's address; otherwise a blank address keeps the stored one.
    const errors = checkForm(values, t, { addressRequired: values.kind !== target.kind });
    if (Object.keys(errors).length) return showTarget(req, res, target, { values, errors, status: 400 });
    try {
      await notify.updateTarget(
        ctx.pool,
        target.id,
        { name: values.name.trim(), kind: values.kind as 'slack' | 'email', ...(values.address ? { address: values.address } : {}), topic: values.topic || null, market: values.market || null, spikes: values.spikes, digest: values.digest },
        ctx.now(),
      );
    } catch (error) {
      return showTarget(req, res, target, { values, errors: refusalErrors(error, t), status: 400 });
    }
    flash(req, { kind: 'success', key: 'admin.notify.saved', params: { name: values.name.trim() } });
    res.redirect(303, '/admin/notifications');
  });

  router.post('/admin/notifications/:id/active', ...guard, async (req, res) => {
    const target = await mustGetTarget(req);
    const active = field(req.body, 'active') === 'true';
    if (active) await notify.updateTarget(ctx.pool, target.id, { active: true }, ctx.now());
    else await notify.deactivateTarget(ctx.pool, target.id, ctx.now());
    flash(req, { kind: 'success', key: active ? 'admin.notify.activated' : 'admin.notify.deactivated', params: { name: target.name } });
    res.redirect(303, '/admin/notifications');
  });

  router.post('/admin/notifications/:id/test', ...guard, async (req, res) => {
    const target = await mustGetTarget(req);
    const result = await notify.sendTestMessage(ctx, target.id, ctx.now());
    if (result.ok) flash(req, { kind: 'success', key: 'admin.notify.testSent', params: { name: target.name } });
    else flash(req, { kind: 'error', key: 'admin.notify.testFailed', params: { name: target.name, reason: result.error ?? '' } });
    res.redirect(303, '/admin/notifications');
  });

  router.post('/admin/notifications/deliveries/:id/retry', ...guard, async (req, res) => {
    const id = idFrom(req, 'delivery');
    try {
      await notify.retryDelivery(ctx.pool, id, ctx.now());
      flash(req, { kind: 'success', key: 'admin.notify.retried', params: { id } });
    } catch (error) {
      flash(req, { kind: 'error', key: 'admin.refused', params: { reason: refusalOf(error).message } });
    }
    res.redirect(303, '/admin/notifications#deliveries-heading');
  });
  return router;
}
