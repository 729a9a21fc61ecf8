import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RequestFailure } from '../lib/request-failure';
import { renderWithProviders } from '../test/render';
import { DesktopProblem } from './desktop-problem';
import { desktopEn } from './i18n/desktop-en';
import { DesktopTextProvider } from './i18n/desktop-text';

function show(error: unknown) {
  renderWithProviders(
    <DesktopTextProvider lang="en" catalog={desktopEn}>
      <DesktopProblem error={error} onRetry={() => undefined} />
    </DesktopTextProvider>,
  );
}

const retry = () => screen.queryByRole('button', { name: desktopEn['desktop.retry'] });

describe('DesktopProblem: which screen a failed integrator request gets', () => {
  it('401: the key from the link was not accepted, nothing to retry', () => {
    show(new RequestFailure({ status: 401 }));
    expect(screen.getByRole('heading', { name: desktopEn['desktop.keyRejected.title'] })).toBeTruthy();
    expect(retry()).toBeNull();
  });

  it('403: a session of another key', () => {
    show(new RequestFailure({ status: 403 }));
    expect(screen.getByText(desktopEn['desktop.otherKey'])).toBeTruthy();
    expect(retry()).toBeNull();
  });

  it('404: no such session', () => {
    show(new RequestFailure({ status: 404 }));
    expect(screen.getByText(desktopEn['desktop.notFound'])).toBeTruthy();
    expect(retry()).toBeNull();
  });

  it.each([
    ['no answer', new RequestFailure({ status: null })],
    ['a 500', new RequestFailure({ status: 500 })],
    ['a 410', new RequestFailure({ status: 410 })],
    ['a 2xx that is not what the API promises', new RequestFailure({ status: 200, malformed: true })],
    ['not a request failure', new Error('boom')],
  ])('%s: a connection problem, with retry', (_name, error) => {
    show(error);
    expect(retry()).toBeTruthy();
    expect(screen.queryByText(desktopEn['desktop.keyRejected.body'])).toBeNull();
  });
});
