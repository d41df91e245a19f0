import type pg from 'pg';
import { updatePhase } from '../journey/service.ts';
import { placeTopic } from '../journey/topicPlaces.ts';
import { ingestResponses } from '../surveys/ingest.ts';
import { addDays, parseInstant, type Day } from '../time.ts';
import { DEMO_FIRST_DAY, IMAGE_UPLOAD_FIX_SHIPPED, SMS_PEAK_AND_FIX } from './generate.ts';
import { poisson, seededRandom } from './random.ts';
import type { DemoTopicKey } from './taxonomy.ts';

/**
 * Where the demo's topics sit in the customer journey (the five default phases): a seller's need
 * arises when they create an ad; buyers search; buyer and seller agree and pay; afterwards people
 * use their account and edit their ads. Sub-topics inherit their parent's place unless named.
 */
export const DEMO_PLACES: ReadonlyArray<readonly [DemoTopicKey, string]> = [
  ['ad-creation', 'need'],
  ['ad-editing', 'use'],
  ['search', 'search'],
  ['messaging', 'agreement'],
  ['payment', 'agreement'],
  ['fraud', 'agreement'],
  ['account', 'use'],
];

/** Survey answers a weekday brings per phase (weekends ~40 %), besides the two touch-point surveys below. */
const ANSWERS_PER_WEEKDAY: Record<string, number> = { need: 3, search: 4, agreement: 5, use: 4, end: 1.5 };

/**
 * Two in-product surveys at touch points of the stories: after an image upload, and after paying by
 * SMS. Their answers name the topic, so a case's report can compare the experience before and after
 * its fix; they drop while the feature is broken.
 */
const TOUCH_POINT_SURVEYS = [
  { topic: 'image-upload', phase: 'need', perWeekday: 4, broken: (day: Day) => day >= '2025-10-01' && day <= IMAGE_UPLOAD_FIX_SHIPPED },
  // SMS payment exists in Torget only, and its case is on Torget: the answers say so.
  { topic: 'sms-payment', market: 'torget', phase: 'agreement', perWeekday: 4.5, broken: (day: Day) => day >= '2026-10-01' && day <= SMS_PEAK_AND_FIX },
] as const;

export interface DemoAnswer {
  answeredAt: string;
  metric: 'nps';
  score: number;
  phase: string;
  topic?: string;
  market?: string;
  source: 'demo';
  externalId: string;
}

/**
 * An NPS score: normally about half promoters and a fifth detractors (NPS ≈ +30); while a feature
 * is broken, half detractors (NPS ≈ −30).
 */
function npsScore(random: () => number, broken: boolean): number {
  const u = random();
  const [promoters, passives] = broken ? [0.2, 0.3] : [0.5, 0.3];
  if (u < promoters) return 9 + Math.floor(random() * 2);
  if (u < promoters + passives) return 7 + Math.floor(random() * 2);
  return Math.floor(random() * 7);
}

/** The demo's survey answers, day by day: the same answers for the same arguments on every machine. */
export function* generateDemoAnswers(options: { lastDay: Day; timeZone: string }): Generator<DemoAnswer> {
  const random = seededRandom(1105);
  for (let day = DEMO_FIRST_DAY; day <= options.lastDay; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const factor = weekday === 0 || weekday === 6 ? 0.4 : 1;
    const at = () => {
      const minute = 8 * 60 + Math.floor(random() * 14 * 60);
      return parseInstant(`${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`, options.timeZone)!.toISOString();
    };
    for (const [phase, perWeekday] of Object.entries(ANSWERS_PER_WEEKDAY)) {
      const n = poisson(random, perWeekday * factor);
      for (let i = 0; i < n; i++) {
        yield { answeredAt: at(), metric: 'nps', score: npsScore(random, false), phase, source: 'demo', externalId: `demo-answer-${day}-${phase}-${i}` };
      }
    }
    for (const survey of TOUCH_POINT_SURVEYS) {
      const n = poisson(random, survey.perWeekday * factor);
      for (let i = 0; i < n; i++) {
        yield {
          answeredAt: at(),
          metric: 'nps',
          score: npsScore(random, survey.broken(day)),
          phase: survey.phase,
          topic: survey.topic,
          ...('market' in survey ? { market: survey.market } : {}),
          source: 'demo',
          externalId: `demo-answer-${day}-${survey.topic}-${i}`,
        };
      }
    }
  }
}

export interface DemoJourneyResult {
  placed: number;
  answers: number;
  created: number;
}

/**
 * Places the demo topics in the journey, marks Agreement (where buyer and seller strike a deal) a
 * moment of truth, and loads the survey answers. Safe to run twice: places are set, answers carry
 * their own ids.
 */
export async function loadDemoJourney(pool: pg.Pool, options: { lastDay: Day; timeZone: string; asOf: Date }): Promise<DemoJourneyResult> {
  for (const [topic, phase] of DEMO_PLACES) await placeTopic(pool, topic, { phase }, options.asOf);
  await updatePhase(pool, 'agreement', { momentOfTruth: true }, options.asOf);
  const result: DemoJourneyResult = { placed: DEMO_PLACES.length, answers: 0, created: 0 };
  let batch: DemoAnswer[] = [];
  const flush = async () => {
    const stored = await ingestResponses(pool, batch, { timeZone: options.timeZone, defaultSource: 'demo', loggedByTokenId: null, asOf: options.asOf });
    if (stored.rejected.length > 0) throw new Error(`demo answers rejected: ${JSON.stringify(stored.rejected[0])}`);
    result.created += stored.created;
    batch = [];
  };
  for (const answer of generateDemoAnswers(options)) {
    batch.push(answer);
    result.answers++;
    if (batch.length === 5000) await flush();
  }
  if (batch.length > 0) await flush();
  return result;
}
