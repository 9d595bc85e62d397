import { placeReplicas } from '../../lib';
import { dailyOverlapsWeekly, parseDailyWindow, parseWeeklyWindow, windowProblems } from '../../lib/private/maintenance-windows';

describe('backup and maintenance windows', () => {
  test.each([
    ['03:00-04:00', 'sun:05:00-sun:06:00', false],
    ['03:00-04:00', 'sun:03:30-sun:04:30', true],
    ['23:30-00:30', 'mon:00:00-mon:01:00', true], // the daily window wraps past midnight
    ['23:30-00:30', 'sat:23:45-sun:00:15', true], // the weekly window wraps past Saturday
    ['01:00-02:00', 'sat:23:00-sun:00:30', false],
  ])('backup %s against maintenance %s overlaps: %s', (daily, weekly, overlaps) => {
    expect(dailyOverlapsWeekly(parseDailyWindow(daily)!, parseWeeklyWindow(weekly)!)).toBe(overlaps);
  });

  test('windows shorter than 30 minutes are refused', () => {
    expect(windowProblems('b', '03:00-03:20', 'm', 'sun:05:00-sun:05:10')).toEqual([
      "b '03:00-03:20' is 20 minutes; AWS requires at least 30",
      "m 'sun:05:00-sun:05:10' is 10 minutes; AWS requires at least 30",
    ]);
  });

  test.each(['3:00-4:00', '03:00', '25:00-26:00', '03:00-03:00'])('daily window %s is malformed', (text) => {
    expect(parseDailyWindow(text)).toBeUndefined();
  });
});

describe('placeReplicas', () => {
  test('puts each replica in an AZ of its own, after the primary', () => {
    expect(placeReplicas(['a', 'b', 'c'], 2, 'a')).toEqual(['b', 'c']);
    expect(placeReplicas(['a', 'b', 'c'], 2, 'b')).toEqual(['c', 'a']);
    expect(placeReplicas(['a', 'b', 'c'], 3)).toEqual(['a', 'b', 'c']);
  });
});
