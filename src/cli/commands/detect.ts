import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { replayAndRecord } from '../../detection/catchUp.ts';
import { listSpikes } from '../../detection/service.ts';
import { AppError } from '../../http/errors.ts';
import { addDays, dayOf, isValidDay } from '../../time.ts';
import { withRuntime } from '../runtime.ts';

export function registerDetectCommand(program: Command): void {
  program
    .command('detect')
    .description('run spike detection for one day (default: yesterday) or replay a period day by day as if live')
    .option('--as-of <day>', 'the day to judge (YYYY-MM-DD, at latest yesterday); not with --from/--to')
    .option('--from <day>', 'first day of a replay (YYYY-MM-DD)')
    .option('--to <day>', 'last day of a replay (YYYY-MM-DD, at latest yesterday)')
    .action(async (options: { asOf?: string; from?: string; to?: string }) => {
      for (const [name, value] of Object.entries(options)) {
        if (value !== undefined && !isValidDay(value)) throw new AppError('INVALID_INPUT', `--${name === 'asOf' ? 'as-of' : name} must be a date (YYYY-MM-DD), got "${value}"`);
      }
      if ((options.from === undefined) !== (options.to === undefined)) throw new AppError('INVALID_INPUT', 'Give --from and --to together');
      if (options.from && options.to && options.from > options.to) throw new AppError('INVALID_INPUT', `--from (${options.from}) is after --to (${options.to})`);
      if (options.asOf && options.from) throw new AppError('INVALID_INPUT', 'Give either --as-of (one day) or --from and --to (a replay), not both');
      const result = await withRuntime(async ({ ctx }) => {
        const yesterday = addDays(dayOf(ctx.now(), ctx.config.TZ_NAME), -1);
        // A day that is not over cannot be judged, and the nightly job would take it as done.
        const last = options.to ?? options.asOf;
        if (last !== undefined && last > yesterday) {
          throw new AppError('INVALID_INPUT', `${options.to ? '--to' : '--as-of'} ${last} is not over yet: the last day that can be judged is yesterday, ${yesterday} (${ctx.config.TZ_NAME})`);
        }
        const from = options.from ?? options.asOf ?? yesterday;
        const to = options.to ?? options.asOf ?? yesterday;
        const bar = process.stdout.isTTY && from !== to ? new SingleBar({ format: 'Detecting |{bar}| {value}/{total} days' }, Presets.shades_classic) : undefined;
        bar?.start(1, 0);
        try {
          const run = await replayAndRecord(ctx.pool, {
            from,
            to,
            country: ctx.config.HOLIDAY_COUNTRY,
            now: ctx.now(),
            onDay: (done, total) => {
              bar?.setTotal(total);
              bar?.update(done);
            },
          });
          return { ...run, from, to, spikes: await listSpikes(ctx.pool, { from, to }) };
        } finally {
          bar?.stop();
        }
      });
      console.log(`Judged ${result.days} day(s) from ${result.from} to ${result.to}: ${result.findings} anomalous series-days, ${result.spikes.length} spikes.`);
      for (const spike of result.spikes) {
        console.log(
          `  #${spike.id} ${spike.topic}${spike.market ? `/${spike.market}` : ''} ${spike.kind} ${spike.firstDay}…${spike.lastDay}, ` +
            `peak ${spike.peakValue} on ${spike.peakDay} (expected ${spike.expected.toFixed(1)}), score ${spike.score.toFixed(1)}, ${spike.status}`,
        );
      }
    });
}
