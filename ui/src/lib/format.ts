// How dates and statuses read on screen (dates written out, as "Mon 3 Feb 2025").
import type { Channel } from './bindings/Channel';
import type { Deadline } from './bindings/Deadline';
import type { EhcpStatus } from './bindings/EhcpStatus';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-02-03" → "Mon 3 Feb 2025". Calendar dates carry no time zone, so UTC is used to read them. */
export function longDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** Today on this computer's calendar, as `YYYY-MM-DD` (what the date boxes start with). */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** An RFC 3339 timestamp in local time: "Mon 3 Feb 2025, 14:05". */
export function longDateTime(timestamp: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return timestamp;
  const time = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  return `${WEEKDAYS[date.getDay()]} ${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}, ${time}`;
}

/** Plain-English names for EHC plan statuses; the keys are checked against the Rust enum. */
export const EHCP_STATUS_LABELS: Record<EhcpStatus, string> = {
  none: 'No EHC plan',
  requested: 'Assessment requested',
  assessing: 'Being assessed',
  draft: 'Draft plan issued',
  final: 'Final plan in place',
  under_appeal: 'Under appeal',
};

export const EHCP_STATUSES = Object.keys(EHCP_STATUS_LABELS) as EhcpStatus[];


/** Where a deadline stands, in words (never by colour alone). */
export function deadlineStatusText(d: Deadline): string {
  const days = d.days_left ?? 0;
  const plural = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  switch (d.status) {
    case 'overdue':
      return `Overdue by ${plural(-days)}`;
    case 'due-soon':
      return days === 0 ? 'Due today' : `Due in ${plural(days)}`;
    case 'upcoming':
      return `In ${plural(days)}`;
    case 'waiting':
      return 'Waiting for a date';
    case 'met':
      if (d.refused_on) return `Refused on ${longDate(d.refused_on)}`;
      return d.met_on ? `Done on ${longDate(d.met_on)}` : 'Done';
    case 'met-late':
      if (d.refused_on) return `Refused late, on ${longDate(d.refused_on)}`;
      return d.met_on ? `Done late, on ${longDate(d.met_on)}` : 'Done late';
    case 'missed':
      return 'Missed';
    case 'exception-claimed':
      return `${plural(-days)} past: exception claimed`;
    case 'not-applicable':
      return 'Does not apply';
  }
}


/** Plain words for how something was sent or said. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  letter: 'Letter',
  email: 'Email',
  phone: 'Phone call',
  meeting: 'Meeting',
  portal: 'Portal message',
  other: 'Other',
};

/** 485 → "8 h 05 min". */
export function hoursAndMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

const PER_WORDS: Record<string, string> = {
  week: 'week',
  fortnight: 'fortnight',
  month: 'month',
  'half-term': 'half-term',
  term: 'term',
  year: 'year',
};

/** "1 × 45 min a week, term time, from Wed 3 Sep 2025". */
export function scheduleWords(s: { sessions: number; minutes: number; per: string; term_time_only: boolean; from: string; to: string | null }): string {
  return `${s.sessions} × ${s.minutes} min a ${PER_WORDS[s.per] ?? s.per}${s.term_time_only ? ', term time' : ''}, from ${longDate(s.from)}${s.to ? ` to ${longDate(s.to)}` : ''}`;
}

import type { DocumentKind } from './bindings/DocumentKind';

/** What a document is, in words (the core's `DocumentKind::words`). */
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  'ehcp-draft': 'Draft EHC plan',
  'ehcp-final': 'Final EHC plan',
  'ehcp-amended': 'Amended EHC plan',
  'report-educational-psychology': 'Educational psychology report',
  'report-speech-language': 'Speech and language therapy report',
  'report-occupational-therapy': 'Occupational therapy report',
  'report-physiotherapy': 'Physiotherapy report',
  'report-medical': 'Medical report',
  'report-camhs': 'CAMHS report',
  'decision-letter': 'Decision letter',
  'annual-review': 'Annual review',
  'school-report': 'School report',
  letter: 'Letter',
  email: 'Email',
  'tribunal-paper': 'Tribunal paper',
  other: 'Other',
};
export const DOCUMENT_KINDS = Object.keys(DOCUMENT_KIND_LABELS) as DocumentKind[];
