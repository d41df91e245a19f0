import { z } from 'zod';

/** `GET /api/v1/reports/portfolio` and `/reports/portfolio`: a period (default the last full quarter) and a market. */
export const portfolioQuery = z.object({
  /** First day of the period, YYYY-MM-DD in TZ_NAME. */
  from: z.string({ message: 'must be a date (YYYY-MM-DD)' }).max(40).optional(),
  /** Last day of the period, inclusive. */
  to: z.string({ message: 'must be a date (YYYY-MM-DD)' }).max(40).optional(),
  /** A market key; absent or empty means every market. */
  market: z.string({ message: 'must be a market key' }).trim().max(100).optional(),
});
export type PortfolioQuery = z.infer<typeof portfolioQuery>;
