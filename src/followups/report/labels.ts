import type { Locale } from '../format.ts';

/** Every fixed word of the case report, per language. */
export interface ReportLabels {
  lang: Locale;
  report: string;
  generated: string;
  problem: string;
  method: string;
  currentState: string;
  rootCauses: string;
  desiredState: string;
  target: string;
  noTarget: string;
  actions: string;
  noActions: string;
  owner: string;
  team: string;
  priority: string;
  status: string;
  due: string;
  nobody: string;
  topics: string;
  markets: string;
  allMarkets: string;
  story: string;
  chartCaption: string;
  countSeries: string;
  shareSeries: string;
  problemBegan: string;
  fixShipped: string;
  followup(offsetDays: number): string;
  beforeWindow: string;
  afterWindow: string;
  fix: string;
  noFix: string;
  plan: string;
  planned: string;
  measured: string;
  measurements: string;
  noMeasurements: string;
  asOf: string;
  kind: string;
  scheduled: string;
  manual: string;
  before: string;
  after: string;
  change: string;
  interval: string;
  pValue: string;
  verdict: string;
  targetMet: string;
  yes: string;
  no: string;
  perDay: string;
  ofAll: string;
  sentences: string;
  experience: string;
  experienceIntro: string;
  npsBefore: string;
  npsAfter: string;
  npsChange: string;
  tooFewAnswers(n: number, needed: number): string;
  answers(n: number): string;
  days(n: number): string;
  category: Record<string, string>;
  actionStatus: Record<string, string>;
}

const english: ReportLabels = {
  lang: 'en',
  report: 'Case report',
  generated: 'Figures up to',
  problem: 'The problem',
  method: 'What we found and did',
  currentState: 'Current state',
  rootCauses: 'Root causes',
  desiredState: 'Desired state',
  target: 'Target',
  noTarget: 'no measurable target yet',
  actions: 'Actions',
  noActions: 'No actions yet.',
  owner: 'Owner',
  team: 'Team',
  priority: 'Priority',
  status: 'Status',
  due: 'due',
  nobody: 'nobody',
  topics: 'Topics',
  markets: 'Markets',
  allMarkets: 'all markets',
  story: 'The whole story',
  chartCaption: 'Inquiries a day about the case’s topics, and their share of all inquiries (7 days), with the problem’s start, the fix and the follow-ups marked.',
  countSeries: 'Inquiries a day',
  shareSeries: 'Share of all inquiries (7 days)',
  problemBegan: 'Problem began',
  fixShipped: 'Fix shipped',
  followup: (n) => `+${n} d`,
  beforeWindow: 'Before',
  afterWindow: 'After',
  fix: 'The fix',
  noFix: 'No fix has shipped yet.',
  plan: 'Follow-ups',
  planned: 'planned',
  measured: 'measured',
  measurements: 'Measurements',
  noMeasurements: 'No measurements yet.',
  asOf: 'As of',
  kind: 'Kind',
  scheduled: 'follow-up',
  manual: 'manual',
  before: 'Before',
  after: 'After',
  change: 'Change',
  interval: '95 % CI',
  pValue: 'p',
  verdict: 'Verdict',
  targetMet: 'Target met',
  yes: 'yes',
  no: 'no',
  perDay: 'a day',
  ofAll: 'of all',
  sentences: 'In words',
  experience: 'Customer experience (NPS)',
  experienceIntro: "Survey answers about the case's topics in the same before and after windows.",
  npsBefore: 'NPS before',
  npsAfter: 'NPS after',
  npsChange: 'Change (points, 95 % CI)',
  tooFewAnswers: (n, needed) => `too few answers (${n} of at least ${needed})`,
  answers: (n) => `${n} ${n === 1 ? 'answer' : 'answers'}`,
  days: (n) => `${n} ${n === 1 ? 'day' : 'days'}`,
  category: { technical: 'technical', rule: 'rule', content: 'content', process: 'process' },
  actionStatus: { todo: 'to do', doing: 'doing', done: 'done', dropped: 'dropped' },
};

const norwegian: ReportLabels = {
  lang: 'nb',
  report: 'Saksrapport',
  generated: 'Tall til og med',
  problem: 'Problemet',
  method: 'Hva vi fant og gjorde',
  currentState: 'Nåsituasjon',
  rootCauses: 'Rotårsaker',
  desiredState: 'Ønsket situasjon',
  target: 'Mål',
  noTarget: 'ingen målbart mål ennå',
  actions: 'Tiltak',
  noActions: 'Ingen tiltak ennå.',
  owner: 'Eier',
  team: 'Team',
  priority: 'Prioritet',
  status: 'Status',
  due: 'frist',
  nobody: 'ingen',
  topics: 'Temaer',
  markets: 'Markeder',
  allMarkets: 'alle markeder',
  story: 'Hele historien',
  chartCaption: 'Henvendelser per dag om sakens temaer, og deres andel av alle henvendelser (7 dager), med problemets start, rettingen og oppfølgingene markert.',
  countSeries: 'Henvendelser per dag',
  shareSeries: 'Andel av alle henvendelser (7 dager)',
  problemBegan: 'Problemet startet',
  fixShipped: 'Retting levert',
  followup: (n) => `+${n} d`,
  beforeWindow: 'Før',
  afterWindow: 'Etter',
  fix: 'Rettingen',
  noFix: 'Ingen retting er levert ennå.',
  plan: 'Oppfølginger',
  planned: 'planlagt',
  measured: 'målt',
  measurements: 'Målinger',
  noMeasurements: 'Ingen målinger ennå.',
  asOf: 'Per',
  kind: 'Type',
  scheduled: 'oppfølging',
  manual: 'manuell',
  before: 'Før',
  after: 'Etter',
  change: 'Endring',
  interval: '95 % KI',
  pValue: 'p',
  verdict: 'Vurdering',
  targetMet: 'Mål nådd',
  yes: 'ja',
  no: 'nei',
  perDay: 'per dag',
  ofAll: 'av alle',
  sentences: 'Med ord',
  experience: 'Kundeopplevelse (NPS)',
  experienceIntro: 'Svar på undersøkelser om sakens temaer i de samme periodene før og etter.',
  npsBefore: 'NPS før',
  npsAfter: 'NPS etter',
  npsChange: 'Endring (poeng, 95 % KI)',
  tooFewAnswers: (n, needed) => `for få svar (${n} av minst ${needed})`,
  answers: (n) => `${n} ${n === 1 ? 'svar' : 'svar'}`,
  days: (n) => `${n} ${n === 1 ? 'dag' : 'dager'}`,
  category: { technical: 'teknisk', rule: 'regel', content: 'innhold', process: 'prosess' },
  actionStatus: { todo: 'å gjøre', doing: 'pågår', done: 'ferdig', dropped: 'droppet' },
};

export const reportLabels: Record<Locale, ReportLabels> = { en: english, nb: norwegian };
