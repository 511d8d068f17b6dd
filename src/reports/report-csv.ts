import type { OperationalReportResponse } from './dto/operational-report.dto';

/** A field's text: primitives and dates as String() gives them, any other object as JSON (not "[object Object]"). */
function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return value instanceof Date ? String(value) : (JSON.stringify(value) ?? '');
}

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: unknown): string {
  const text = fieldText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: unknown[]) => `${fields.map(csvField).join(',')}\r\n`;

type Row = [section: string, subject: string, measure: string, value: unknown];

/** Every measure of a row as one line each, the row's identifying fields joined into the subject. */
function rowsOf(section: string, rows: object[], keys: string[]): Row[] {
  return rows.flatMap((row) => {
    const record = row as Record<string, unknown>;
    const subject = keys.map((k) => String(record[k])).join(':');
    return Object.entries(record)
      .filter(([k, v]) => !keys.includes(k) && (typeof v === 'number' || typeof v === 'boolean' || v === null))
      .map(([k, v]): Row => [section, subject, k, v]);
  });
}

/**
 * The operational report as a long CSV (section, subject, measure, value): one figure a line, so a
 * spreadsheet can pivot it whatever sections are added later.
 */
export function operationalReportCsv(report: OperationalReportResponse): string {
  const single = (section: string, values: object): Row[] =>
    rowsOf(section, [{ subject: report.siteId, ...values }], ['subject']);
  const rows: Row[] = [
    ...rowsOf('caseload', report.caseloads, ['peerWorkerId']),
    ...rowsOf('episodes', report.episodesByStateAndArm, ['state', 'arm']),
    ...single('first_community_meeting', report.firstCommunityMeeting),
    ...rowsOf('meetings', report.meetings, ['mode', 'setting']),
    ...rowsOf('planned_contacts', report.plannedContacts, ['phase']),
    ...rowsOf('step_down_adherence', report.stepDownAdherence, ['phase']),
    ...rowsOf('endings', report.endings, ['reason']),
    ...rowsOf('supervision', report.supervision, ['peerWorkerId']),
    ...report.absences.flatMap((a): Row[] => [
      ['absences', a.absenceId, 'episodesAffected', a.arrangements.length],
      ...a.arrangements.map((c): Row => [
        'absences',
        `${a.absenceId}:${c.episodeId}`,
        `arrangement_${c.arrangement}`,
        1,
      ]),
    ]),
    ...rowsOf('without_responsible_person', report.episodesWithoutResponsiblePerson, ['episodeId']),
    ['without_responsible_person', report.siteId, 'totalDays', report.daysWithoutResponsiblePerson],
    ...single('lone_working', report.loneWorking),
    ...rowsOf('reminders', report.reminders, ['kind']),
    ...rowsOf('webhooks', report.webhooks, ['eventType']),
  ];
  return csvLine(['section', 'subject', 'measure', 'value']) + rows.map((r) => csvLine(r)).join('');
}
