import type { Translate } from '../i18n/translate';
import type { SessionProblem } from './session-problem';

/**
 * The text "Copy details" puts on the clipboard: everything a support person needs to find the
 * failing request in the server's logs, one fact a line. Labels follow the page's language;
 * the time is ISO 8601 UTC so it matches server logs whatever the phone's zone.
 */
export function failureReport(problem: SessionProblem, sessionId: string, title: string, t: Translate, now: number): string {
  const lines: [string, string | undefined][] = [
    [t('details.problem'), title],
    [t('details.session'), sessionId],
    [t('details.status'), problem.status === null ? t('details.noStatus') : String(problem.status)],
    [t('details.message'), problem.detail?.message],
    [t('details.code'), problem.detail?.code],
    [t('details.requestId'), problem.requestId],
    [t('details.time'), new Date(problem.at ?? now).toISOString()],
  ];
  return lines.flatMap(([label, value]) => (value === undefined || value === '' ? [] : [`${label}: ${value}`])).join('\n');
}
