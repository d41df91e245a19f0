import type { Db } from '../db/database.ts';
import { volume } from '../inquiries/stats.ts';

export interface StoryFigures {
  imageUpload: { novemberShare: number; januaryShare: number; change: number };
  smsPayment: { septemberPerDay: number; peakDayCount: number; twoWeeksBeforeFixPerDay: number; twoWeeksAfterFixPerDay: number; change: number };
}

async function topicCount(db: Db, topic: string, from: string, to: string, timeZone: string) {
  const report = await volume(db, { topic, from, to, groupBy: 'day' }, { timeZone, now: new Date(`${to}T12:00:00Z`) });
  return { count: report.total, share: report.allInquiries === 0 ? 0 : report.total / report.allInquiries, days: report.period.days };
}

/** The two FINN stories as read back from the stored data through the volume statistics. */
export async function storyFigures(db: Db, timeZone: string): Promise<StoryFigures> {
  const november = await topicCount(db, 'image-upload', '2025-11-01', '2025-11-30', timeZone);
  const january = await topicCount(db, 'image-upload', '2026-01-01', '2026-01-31', timeZone);
  const september = await topicCount(db, 'sms-payment', '2026-09-01', '2026-09-30', timeZone);
  const peak = await topicCount(db, 'sms-payment', '2026-11-01', '2026-11-01', timeZone);
  const before = await topicCount(db, 'sms-payment', '2026-10-18', '2026-10-31', timeZone);
  const after = await topicCount(db, 'sms-payment', '2026-11-02', '2026-11-15', timeZone);
  const perDay = (c: { count: number; days: number }) => c.count / c.days;
  return {
    imageUpload: { novemberShare: november.share, januaryShare: january.share, change: january.share / november.share - 1 },
    smsPayment: {
      septemberPerDay: perDay(september),
      peakDayCount: peak.count,
      twoWeeksBeforeFixPerDay: perDay(before),
      twoWeeksAfterFixPerDay: perDay(after),
      change: perDay(after) / perDay(before) - 1,
    },
  };
}
