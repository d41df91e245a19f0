/** UI text for the reports pages, English and Bokmål side by side; en.ts and nb.ts merge it in. */
export const reportsEn = {
  'nav.reports': 'Reports',
} as const;

export const reportsNb: Record<keyof typeof reportsEn, string> = {
  'nav.reports': 'Rapporter',
};
