/** FINN-like markets and a small topic tree, the shape a real customer center starts with. */
export const demoMarkets = [
  { key: 'torget', name: 'Torget (general goods)' },
  { key: 'bil', name: 'Bil (cars)' },
  { key: 'eiendom', name: 'Eiendom (real estate)' },
  { key: 'jobb', name: 'Jobb (jobs)' },
] as const;

export const demoTopics = [
  { key: 'ad-creation', name: 'Creating an ad', parent: null },
  { key: 'image-upload', name: 'Image upload', parent: 'ad-creation' },
  { key: 'ad-editing', name: 'Editing an ad', parent: 'ad-creation' },
  { key: 'ad-publishing', name: 'Ad not published', parent: 'ad-creation' },
  { key: 'payment', name: 'Payment', parent: null },
  { key: 'sms-payment', name: 'SMS payment', parent: 'payment' },
  { key: 'card-payment', name: 'Card payment', parent: 'payment' },
  { key: 'invoice', name: 'Invoice', parent: 'payment' },
  { key: 'account', name: 'Account and login', parent: null },
  { key: 'login', name: 'Cannot log in', parent: 'account' },
  { key: 'profile', name: 'Profile settings', parent: 'account' },
  { key: 'search', name: 'Search and alerts', parent: null },
  { key: 'messaging', name: 'Messages between users', parent: null },
  { key: 'fraud', name: 'Fraud and suspicious ads', parent: null },
  { key: 'other', name: 'Other', parent: null },
] as const;

export type DemoTopicKey = (typeof demoTopics)[number]['key'];
export type DemoMarketKey = (typeof demoMarkets)[number]['key'];

/** Everyday weight of each leaf topic (relative inquiries per day) and where it is asked about. */
export const baseline: Record<Exclude<DemoTopicKey, 'ad-creation' | 'payment' | 'account'>, { weight: number; markets: ReadonlyArray<readonly [DemoMarketKey, number]> }> = {
  'image-upload': { weight: 2.7, markets: [['torget', 6], ['bil', 3], ['eiendom', 1]] },
  'ad-editing': { weight: 14, markets: [['bil', 6], ['torget', 3], ['eiendom', 1]] },
  'ad-publishing': { weight: 8, markets: [['torget', 4], ['bil', 3], ['jobb', 2], ['eiendom', 1]] },
  'sms-payment': { weight: 3.5, markets: [['torget', 1]] },
  'card-payment': { weight: 6, markets: [['torget', 4], ['bil', 2], ['jobb', 1]] },
  invoice: { weight: 5, markets: [['jobb', 3], ['eiendom', 3], ['bil', 1]] },
  login: { weight: 9, markets: [['torget', 5], ['bil', 2], ['eiendom', 1], ['jobb', 1]] },
  profile: { weight: 4, markets: [['torget', 3], ['jobb', 1]] },
  search: { weight: 6, markets: [['torget', 3], ['bil', 2], ['eiendom', 2], ['jobb', 1]] },
  messaging: { weight: 7, markets: [['torget', 5], ['bil', 2]] },
  fraud: { weight: 4, markets: [['torget', 4], ['bil', 2]] },
  other: { weight: 5, markets: [['torget', 2], ['bil', 1], ['eiendom', 1], ['jobb', 1]] },
};

export const notesByTopic: Partial<Record<DemoTopicKey, readonly string[]>> = {
  'image-upload': [
    'Images stay at 0 % when uploading from phone',
    'Upload fails for HEIC photos from iPhone',
    'Gets "file too large" for an 8 MB picture',
    'Cannot change the order of the images',
    'Picture is rotated sideways after upload',
  ],
  'sms-payment': [
    'Paid by SMS but the ad is still not published',
    'Charged twice for one SMS payment',
    'Never received the SMS with the payment code',
    'SMS payment says "service unavailable"',
  ],
  'ad-editing': ['Cannot change the price on the car ad', 'Wants to change mileage after publishing'],
  login: ['Password reset e-mail never arrives', 'Locked out after changing phone number'],
  fraud: ['Buyer asks to pay through a courier link', 'Same ad posted with a different phone number'],
};
