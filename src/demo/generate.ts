import { publicHolidays } from '../detection/holidays.ts';
import { addDays, dayOf, parseInstant, type Day } from '../time.ts';
import { pick, poisson, seededRandom } from './random.ts';
import { baseline, notesByTopic, type DemoMarketKey } from './taxonomy.ts';

export interface DemoInquiry {
  receivedAt: string;
  topic: string;
  market: DemoMarketKey;
  channel: string;
  note?: string;
  source: 'demo';
  externalId: string;
}

/** The calendar both FINN stories are laid on. */
export const DEMO_FIRST_DAY = '2025-09-01';
/** The last day both stories need: the SMS fix's two weeks after. */
export const DEMO_EARLIEST_LAST_DAY = '2026-11-16';
export const IMAGE_UPLOAD_FIX_SHIPPED = '2025-12-10';
export const SMS_PEAK_AND_FIX = '2026-11-01';

const channels = [['phone', 50], ['email', 25], ['chat', 18], ['social', 4], ['form', 3]] as const;
/** Inquiries per day for each unit of topic weight on a normal weekday. */
const VOLUME_PER_WEIGHT = 2;

const holidaysByYear = new Map<string, Set<string>>();
function isNorwegianHoliday(day: Day): boolean {
  const year = day.slice(0, 4);
  let holidays = holidaysByYear.get(year);
  if (!holidays) holidaysByYear.set(year, (holidays = publicHolidays('NO', [Number(year)])));
  return holidays.has(day);
}

/**
 * The demo runs up to yesterday, so the dashboard's recent periods are full on the day it is loaded;
 * a clock set before the stories end gets the earliest day they fit in.
 */
export function demoDefaultLastDay(asOf: Date, timeZone: string): Day {
  const yesterday = addDays(dayOf(asOf, timeZone), -1);
  return yesterday < DEMO_EARLIEST_LAST_DAY ? DEMO_EARLIEST_LAST_DAY : yesterday;
}

/**
 * Weekends run at ~40 % of a weekday and Norwegian public holidays (Easter, May, Whitsun) like a
 * Sunday; the Christmas and New Year days are quieter still.
 */
function dayFactor(day: Day): number {
  const md = day.slice(5);
  if (['12-24', '12-25', '12-26', '12-31', '01-01'].includes(md)) return 0.25;
  if (isNorwegianHoliday(day)) return 0.35;
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6 ? 0.4 : 1;
}

/**
 * Share of all inquiries about image upload: ~30 % in November 2025 while uploads were broken,
 * falling within days of the fix on 10 December to ~4 %, where it stays.
 */
function imageUploadShare(day: Day): number | undefined {
  if (day < '2025-10-01') return 0.22;
  if (day < '2025-11-01') return 0.27;
  if (day <= IMAGE_UPLOAD_FIX_SHIPPED) return 0.3;
  const daysAfterFix = Math.round((Date.parse(day) - Date.parse(IMAGE_UPLOAD_FIX_SHIPPED)) / 86_400_000);
  if (daysAfterFix <= 6) return 0.3 - (0.26 * daysAfterFix) / 6;
  return undefined; // back to its everyday weight (~4 %)
}

/** SMS payment: 3–4 a day, rising through October to exactly 24 on 1 November 2026, fixed that night. */
function smsPaymentMean(day: Day, weekdayFactor: number): number | 'peak' {
  if (day === SMS_PEAK_AND_FIX) return 'peak';
  if (day >= '2026-10-01' && day < SMS_PEAK_AND_FIX) {
    const progress = (Date.parse(day) - Date.parse('2026-10-01')) / (Date.parse(SMS_PEAK_AND_FIX) - Date.parse('2026-10-01'));
    return (3.8 + progress * 21) * (0.8 + 0.2 * weekdayFactor);
  }
  return 3.8 * (0.8 + 0.2 * weekdayFactor);
}

/** The demo data set, day by day: the same inquiries for the same arguments on every machine. */
export function* generateDemoInquiries(options: { lastDay: Day; timeZone: string; seed?: number }): Generator<DemoInquiry> {
  const random = seededRandom(options.seed ?? 2011);
  for (let day = DEMO_FIRST_DAY; day <= options.lastDay; day = addDays(day, 1)) {
    const factor = dayFactor(day);
    const counts = new Map<string, number>();
    let others = 0;
    for (const [topic, { weight }] of Object.entries(baseline)) {
      if (topic === 'image-upload' || topic === 'sms-payment') continue;
      const n = poisson(random, weight * VOLUME_PER_WEIGHT * factor);
      counts.set(topic, n);
      others += n;
    }
    const sms = smsPaymentMean(day, factor);
    counts.set('sms-payment', sms === 'peak' ? 24 : poisson(random, sms));
    others += counts.get('sms-payment')!;
    const share = imageUploadShare(day);
    const imageMean = share === undefined ? baseline['image-upload'].weight * VOLUME_PER_WEIGHT * factor : (others * share) / (1 - share);
    counts.set('image-upload', poisson(random, imageMean));

    for (const [topic, n] of counts) {
      const spec = baseline[topic as keyof typeof baseline];
      const notes = notesByTopic[topic as keyof typeof notesByTopic];
      for (let i = 0; i < n; i++) {
        const minuteOfDay = 7 * 60 + 30 + Math.floor(random() * 13.5 * 60);
        const time = `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}`;
        const receivedAt = parseInstant(`${day}T${time}`, options.timeZone)!.toISOString();
        const note = notes && random() < 0.35 ? notes[Math.floor(random() * notes.length)] : undefined;
        yield {
          receivedAt,
          topic,
          market: pick(random, spec.markets),
          channel: pick(random, channels),
          ...(note ? { note } : {}),
          source: 'demo',
          externalId: `demo-${day}-${topic}-${i}`,
        };
      }
    }
  }
}
