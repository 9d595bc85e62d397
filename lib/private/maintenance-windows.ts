const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** A span of minutes, `end` exclusive; in a week (0..10080) or a day (0..1440). */
interface Span {
  readonly start: number;
  readonly end: number;
}

function clock(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Parses a daily window `hh:mm-hh:mm` (UTC), or undefined when malformed. */
export function parseDailyWindow(text: string): Span | undefined {
  const [from, to, ...rest] = text.split('-');
  const start = clock(from ?? '');
  const end = clock(to ?? '');
  if (rest.length > 0 || start === undefined || end === undefined || start === end) {
    return undefined;
  }
  return { start, end: end > start ? end : end + MINUTES_PER_DAY };
}

/** Parses a weekly window `ddd:hh:mm-ddd:hh:mm` (UTC), or undefined when malformed. */
export function parseWeeklyWindow(text: string): Span | undefined {
  const match = /^([a-z]{3}):(\d\d:\d\d)-([a-z]{3}):(\d\d:\d\d)$/.exec(text.toLowerCase());
  if (!match) {
    return undefined;
  }
  const startDay = DAYS.indexOf(match[1]);
  const endDay = DAYS.indexOf(match[3]);
  const startClock = clock(match[2]);
  const endClock = clock(match[4]);
  if (startDay < 0 || endDay < 0 || startClock === undefined || endClock === undefined) {
    return undefined;
  }
  const start = startDay * MINUTES_PER_DAY + startClock;
  let end = endDay * MINUTES_PER_DAY + endClock;
  if (end === start) {
    return undefined;
  }
  if (end < start) {
    end += MINUTES_PER_WEEK;
  }
  return { start, end };
}

/** Length of a window in minutes. */
export function windowMinutes(span: Span): number {
  return span.end - span.start;
}

/** Whether a daily window, repeated every day, overlaps a weekly window. */
export function dailyOverlapsWeekly(daily: Span, weekly: Span): boolean {
  // Compare over two weeks so that windows that wrap past Saturday midnight are covered.
  for (let day = 0; day < 14; day++) {
    const start = day * MINUTES_PER_DAY + daily.start;
    const end = day * MINUTES_PER_DAY + daily.end;
    for (const shift of [0, MINUTES_PER_WEEK]) {
      if (start < weekly.end + shift && weekly.start + shift < end) {
        return true;
      }
    }
  }
  return false;
}

/**
 * Problems with a backup (daily) and a maintenance (weekly) window pair: malformed, shorter
 * than the 30 minutes AWS requires, or overlapping (RDS and ElastiCache refuse overlapping windows).
 */
export function windowProblems(backupProperty: string, backup: string, maintenanceProperty: string, maintenance: string): string[] {
  const problems: string[] = [];
  const daily = parseDailyWindow(backup);
  const weekly = parseWeeklyWindow(maintenance);
  if (!daily) {
    problems.push(`${backupProperty} '${backup}' is not a UTC window 'hh:mm-hh:mm' such as '03:00-04:00'`);
  } else if (windowMinutes(daily) < 30) {
    problems.push(`${backupProperty} '${backup}' is ${windowMinutes(daily)} minutes; AWS requires at least 30`);
  }
  if (!weekly) {
    problems.push(`${maintenanceProperty} '${maintenance}' is not a UTC window 'ddd:hh:mm-ddd:hh:mm' such as 'sun:05:00-sun:06:00'`);
  } else if (windowMinutes(weekly) < 30) {
    problems.push(`${maintenanceProperty} '${maintenance}' is ${windowMinutes(weekly)} minutes; AWS requires at least 30`);
  }
  if (daily && weekly && dailyOverlapsWeekly(daily, weekly)) {
    problems.push(
      `${backupProperty} '${backup}' overlaps ${maintenanceProperty} '${maintenance}'; move one so that backups never run during maintenance`,
    );
  }
  return problems;
}
