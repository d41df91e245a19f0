import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { listInquiries, ingest, deleteInquiry } from '../../inquiries/service.ts';
import { CHANNELS, MAX_NOTE } from '../../inquiries/schemas.ts';
import { rememberLogChoices, type Account } from '../../users/accounts.ts';
import { dayOf } from '../../time.ts';
import { field, fieldErrors, type FieldErrors } from '../http/forms.ts';
import { flash, render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import { topTopicsLoggedBy } from '../repo.ts';
import { marketChoices, matchTopic, topicChoices, type TopicChoice } from './pickers.ts';

const QUICK_TOPICS = 8;
const USUAL_TOPICS_DAYS = 90;

const logForm = z.object({
  market: z.string().min(1, 'log.marketRequired'),
  channel: z.enum(CHANNELS, { message: 'log.channelInvalid' }),
  note: z.string().trim().max(MAX_NOTE, 'log.noteTooLong'),
});

interface LogInput {
  topic: string;
  market: string;
  channel: string;
  note: string;
}

/**
 * The agent's page: pick a topic (type-ahead, or one of their usual topics in one click), the market
 * and channel they used last are already chosen, Enter logs it. Below: what they logged today, with
 * undo for the last one.
 */
export function logRoutes(ctx: AppContext): Router {
  const router = Router();
  const guard = requirePage('logInquiries');

  async function showLog(req: Request, res: Response, input?: { values: LogInput; errors: FieldErrors; candidates?: TopicChoice[]; status: number }) {
    const t = tr(res);
    const principal = req.principal!;
    const account = res.locals.account as Account;
    const now = ctx.now();
    const today = dayOf(now, ctx.config.TZ_NAME);
    const [topics, markets, usual, logged] = await Promise.all([
      topicChoices(ctx.pool),
      marketChoices(ctx.pool),
      topTopicsLoggedBy(ctx.pool, { tokenId: principal.tokenId, since: new Date(now.getTime() - USUAL_TOPICS_DAYS * 86_400_000), limit: QUICK_TOPICS * 2 }),
      listInquiries(ctx.pool, { from: today, to: today, mine: 'true', limit: 200 }, { principal, timeZone: ctx.config.TZ_NAME, now }),
    ]);
    const rememberedMarket = markets.find((m) => m.id === account.lastMarketId)?.key;
    const values: LogInput = input?.values ?? {
      topic: '',
      market: rememberedMarket ?? (markets.length === 1 ? markets[0]!.key : ''),
      channel: account.lastChannel ?? 'phone',
      note: '',
    };
    const byId = new Map(topics.map((topic) => [topic.id, topic]));
    const quick = usual
      .map((u) => byId.get(u.topicId))
      .filter((topic): topic is TopicChoice => topic !== undefined)
      .slice(0, QUICK_TOPICS);
    // The type-ahead offers the agent's usual topics first, then the rest alphabetically.
    const quickKeys = new Set(quick.map((q) => q.key));
    const suggestions = [...quick, ...topics.filter((topic) => !quickKeys.has(topic.key))];
    render(
      req,
      res,
      'log',
      {
        title: t('log.title'),
        values,
        errors: input?.errors ?? {},
        quick,
        candidates: input?.candidates ?? [],
        suggestions,
        markets: markets.map((m) => ({ key: m.key, name: m.name, selected: m.key === values.market })),
        channels: CHANNELS.map((c) => ({ key: c, label: t(`channel.${c}`), selected: c === values.channel })),
        today: logged.map((inquiry, index) => ({ ...inquiry, undoable: index === 0 })),
        todayCount: logged.length,
        maxNote: MAX_NOTE,
      },
      { status: input?.status ?? 200 },
    );
  }

  router.get('/log', ...guard, async (req, res) => {
    await showLog(req, res);
  });

  router.post('/log', ...guard, async (req, res) => {
    const t = tr(res);
    const values: LogInput = {
      topic: field(req.body, 'quickTopic') || field(req.body, 'topic'),
      market: field(req.body, 'market'),
      channel: field(req.body, 'channel'),
      note: field(req.body, 'note'),
    };
    const parsed = logForm.safeParse(values);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error, t);
    const match = matchTopic(await topicChoices(ctx.pool), values.topic);
    const topic = 'topic' in match ? match.topic : undefined;
    const candidates = 'candidates' in match ? match.candidates.slice(0, QUICK_TOPICS) : [];
    if (!topic) errors.topic = t(!values.topic.trim() ? 'log.topicRequired' : candidates.length ? 'log.topicAmbiguous' : 'log.topicUnknown');
    const market = (await marketChoices(ctx.pool)).find((m) => m.key === values.market);
    if (!market && !errors.market) errors.market = t('log.marketRequired');
    if (!parsed.success || !topic || !market) return showLog(req, res, { values, errors, candidates, status: 400 });

    const now = ctx.now();
    const result = await ingest(
      ctx.pool,
      [{ receivedAt: now.toISOString(), topic: topic.key, market: market.key, channel: parsed.data.channel, note: parsed.data.note || undefined, source: 'web' }],
      { timeZone: ctx.config.TZ_NAME, defaultSource: 'web', loggedByTokenId: req.principal!.tokenId, createMissing: false, asOf: now },
    );
    if (result.created !== 1) {
      // Only a race (the topic archived or merged a moment ago) gets here; show what the service said.
      return showLog(req, res, { values, errors: { topic: result.rejected.flatMap((r) => r.errors).join('; ') }, status: 400 });
    }
    await rememberLogChoices(ctx.pool, req.principal!.userId!, { marketId: market.id, channel: parsed.data.channel });
    flash(req, { kind: 'success', key: 'log.logged', params: { topic: topic.label, market: market.name } });
    res.redirect(303, '/log');
  });

  router.post('/log/undo', ...guard, async (req, res) => {
    const id = Number.parseInt(field(req.body, 'id'), 10);
    if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('INVALID_INPUT', 'id: must be a positive integer');
    await deleteInquiry(ctx.pool, id, req.principal!);
    flash(req, { kind: 'info', key: 'log.undone' });
    res.redirect(303, '/log');
  });
  return router;
}
