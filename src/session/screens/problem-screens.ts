import type { MessageKey } from '../../i18n/catalog-types';
import type { IconName } from '../../ui/icon';
import type { ProblemKind } from '../session-problem';

export interface ProblemScreenContent {
  title: MessageKey;
  body: MessageKey;
  icon: IconName;
}

/** One screen per reason a session cannot take photos: its title (API.md's words), what to do, a pictogram. */
export const PROBLEM_SCREENS: Readonly<Record<ProblemKind, ProblemScreenContent>> = {
  invalid: { title: 'invalid.title', body: 'invalid.body', icon: 'link' },
  'not-found': { title: 'error.sessionNotFound', body: 'notFound.body', icon: 'alert' },
  expired: { title: 'error.sessionExpired', body: 'expired.body', icon: 'clock' },
  completed: { title: 'error.sessionCompleted', body: 'completed.body', icon: 'check' },
  full: { title: 'error.sessionFull', body: 'full.body', icon: 'images' },
  forbidden: { title: 'error.forbidden', body: 'forbidden.body', icon: 'lock' },
  connection: { title: 'connection.title', body: 'connection.body', icon: 'alert' },
};
