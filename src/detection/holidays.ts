import Holidays from 'date-holidays';
import type { Day } from '../time.ts';

/** Public holidays of a country (ISO 3166 code, e.g. NO) in the given years, as calendar days. */
export function publicHolidays(country: string, years: number[]): Set<Day> {
  const calendar = new Holidays(country);
  const days = new Set<Day>();
  for (const year of years) {
    for (const holiday of calendar.getHolidays(year) || []) {
      if (holiday.type === 'public') days.add(holiday.date.slice(0, 10));
    }
  }
  return days;
}

/** True when date-holidays knows the country code. */
export function isKnownCountry(country: string): boolean {
  return Boolean(new Holidays().getCountries()[country.toUpperCase()]);
}
