const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "14:02" for today, "12 Mar 2025, 14:02" otherwise — a run's story is usually read the same day. */
export function formatAuditTime(iso: string, now: number = Date.now()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'unknown time';
  return date.toDateString() === new Date(now).toDateString() ? timeOnly.format(date) : dateAndTime.format(date);
}
