import { z } from 'zod';

const day = z.iso.date();
const text = z.string().max(20_000);
const link = z.url({ protocol: /^https?$/ });

const period = z.object({
  from: day,
  to: day,
  count: z.number().int().nonnegative(),
  ratePerDay: z.number().nonnegative(),
  /** Share of all inquiries in the case's markets, 0..1. */
  share: z.number().min(0).max(1),
});

/**
 * What a tracker template may show, as plain data. The tracker sync builds it from a case;
 * the templates see it escaped (see `view.ts`), never raw.
 */
export const trackerBodyInputSchema = z.object({
  case: z.object({
    ref: z.string().min(1),
    title: text,
    status: z.string().min(1),
    url: link,
    reportUrl: link.nullable().default(null),
    currentState: text.default(''),
    rootCauses: z.array(z.object({ text, category: z.string() })).default([]),
    desiredState: text.default(''),
    target: z.object({ metric: z.enum(['share', 'ratePerDay']), max: z.number().nonnegative() }).nullable().default(null),
    owner: z.object({ name: text, email: z.string().nullable().default(null) }).nullable().default(null),
    team: text.nullable().default(null),
    priority: z.string().nullable().default(null),
  }),
  action: z
    .object({ title: text, owner: text.nullable().default(null), dueDate: day.nullable().default(null), status: z.string().default('todo') })
    .nullable()
    .default(null),
  evidence: z
    .object({
      topics: z.array(text).default([]),
      markets: z.array(text).default([]),
      window: period,
      peak: z.object({ day, count: z.number().int().nonnegative() }).nullable().default(null),
    })
    .nullable()
    .default(null),
  /** For update comments: what changed, in words, and the changed fields. */
  update: z
    .object({ message: text.default(''), changes: z.array(z.object({ label: text, value: text })).default([]) })
    .nullable()
    .default(null),
  /** For follow-up comments: the measurement in one sentence, and its figures. */
  measurement: z
    .object({
      sentence: text,
      before: period,
      after: period,
      /** Relative change of the target's metric, e.g. -0.87. */
      change: z.number(),
      targetMet: z.boolean().nullable().default(null),
    })
    .nullable()
    .default(null),
});

export type TrackerBodyInput = z.input<typeof trackerBodyInputSchema>;
export type ParsedTrackerBodyInput = z.output<typeof trackerBodyInputSchema>;

/** A complete input, used to check templates when they are loaded (an operator's typo fails at start). */
export const sampleTrackerBodyInput: TrackerBodyInput = {
  case: {
    ref: 'PP-1',
    title: 'Image upload fails on large photos',
    status: 'ready',
    url: 'https://pinchpoint.example/cases/1',
    reportUrl: 'https://pinchpoint.example/cases/1/report',
    currentState: 'About 30 % of inquiries are about image upload.',
    rootCauses: [{ text: 'Photos over 10 MB are refused without a message', category: 'technical' }],
    desiredState: 'Image upload is no longer a top reason to contact us.',
    target: { metric: 'share', max: 0.05 },
    owner: { name: 'Kari Nordmann', email: 'kari@example.com' },
    team: 'Ads',
    priority: 'high',
  },
  action: { title: 'Resize photos in the browser', owner: 'Ola Nordmann', dueDate: '2026-02-01', status: 'todo' },
  evidence: {
    topics: ['Image upload'],
    markets: ['Torget'],
    window: { from: '2025-11-01', to: '2025-12-26', count: 5210, ratePerDay: 93, share: 0.3 },
    peak: { day: '2025-11-18', count: 161 },
  },
  update: { message: 'Root causes were revised.', changes: [{ label: 'Status', value: 'in progress' }] },
  measurement: {
    sentence: 'Image upload fell from 30 % to 4 % of inquiries (−87 %).',
    before: { from: '2025-11-01', to: '2025-12-26', count: 5210, ratePerDay: 93, share: 0.3 },
    after: { from: '2026-02-01', to: '2026-03-28', count: 690, ratePerDay: 12.3, share: 0.04 },
    change: -0.87,
    targetMet: true,
  },
};
