import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { DEMO_EARLIEST_LAST_DAY, demoDefaultLastDay } from '../../demo/generate.ts';
import { loadDemoCases } from '../../demo/cases.ts';
import { loadDemoJourney } from '../../demo/journey.ts';
import { loadDemo } from '../../demo/load.ts';
import { storyFigures } from '../../demo/stories.ts';
import { AppError } from '../../http/errors.ts';
import { dayOf, isValidDay } from '../../time.ts';
import { withRuntime } from '../runtime.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('load a deterministic demo data set in which both FINN stories are visible (safe to run twice)')
    .option('--until <day>', `last day of generated inquiries (YYYY-MM-DD, from ${DEMO_EARLIEST_LAST_DAY} to yesterday; default: yesterday)`)
    .option('--no-cases', 'load the inquiries only, without the cases of the two stories')
    .action(async (options: { until?: string; cases: boolean }) => {
      if (options.until !== undefined && (!isValidDay(options.until) || options.until < DEMO_EARLIEST_LAST_DAY)) {
        throw new AppError('INVALID_INPUT', `--until must be a date (YYYY-MM-DD) on or after ${DEMO_EARLIEST_LAST_DAY}, so both stories fit (got "${options.until}")`);
      }
      const bar = process.stdout.isTTY ? new SingleBar({ format: 'Loading demo |{bar}| {value} inquiries{stage}' }, Presets.shades_classic) : undefined;
      // About 60,000 up to late 2026; the bar is set to the true number once the inquiries are in.
      bar?.start(60_000, 0, { stage: '' });
      const { lastDay, result, journey, figures, cases } = await withRuntime(async ({ ctx }) => {
        const today = dayOf(ctx.now(), ctx.config.TZ_NAME);
        // Today is not over: a demo day is a whole day, and its evening would lie in the future.
        if (options.until !== undefined && options.until >= today) {
          throw new AppError('INVALID_INPUT', `--until must be before today (${today}): a demo day is a whole day, and inquiries cannot be logged ahead of time (got "${options.until}")`);
        }
        const lastDay = options.until ?? demoDefaultLastDay(ctx.now(), ctx.config.TZ_NAME);
        const result = await loadDemo(ctx.pool, {
          lastDay,
          timeZone: ctx.config.TZ_NAME,
          asOf: ctx.now(),
          onProgress: (n) => bar?.update(n),
        });
        bar?.setTotal(result.generated);
        bar?.update(result.generated, { stage: ', now survey answers and cases…' });
        const journey = await loadDemoJourney(ctx.pool, { lastDay, timeZone: ctx.config.TZ_NAME, asOf: ctx.now() });
        // The cases are written as of now, so follow-ups due by today are measured and later ones wait for the worker.
        const cases = options.cases ? await loadDemoCases(ctx, { asOf: ctx.now() }) : undefined;
        return { lastDay, result, journey, figures: await storyFigures(ctx.pool, ctx.config.TZ_NAME), cases };
      }).finally(() => bar?.stop());
      console.log(`Demo loaded: ${result.generated} inquiries up to ${lastDay} (${result.created} new, ${result.duplicates} already there).`);
      console.log(`Journey: ${journey.placed} topics placed in its phases; ${journey.answers} NPS answers (${journey.created} new).`);
      const { imageUpload: img, smsPayment: sms } = figures;
      console.log(`Image upload: ${pct(img.novemberShare)} of inquiries in Nov 2025 → ${pct(img.januaryShare)} in Jan 2026 (${pct(img.change)}).`);
      console.log(
        `SMS payment: ${sms.septemberPerDay.toFixed(1)} a day in Sep 2026, ${sms.peakDayCount} on 1 Nov; ` +
          `${sms.twoWeeksBeforeFixPerDay.toFixed(1)} → ${sms.twoWeeksAfterFixPerDay.toFixed(1)} a day around the fix (${pct(sms.change)}).`,
      );
      if (cases?.alreadyThere) console.log('Demo cases: already there.');
      else if (cases) console.log(`Demo cases: ${cases.created.join(', ')} added, with the follow-ups due by today measured.`);
    });
}
