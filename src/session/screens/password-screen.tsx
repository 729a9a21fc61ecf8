import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import './password-screen.css';
import type { MessageKey } from '../../i18n/catalog-types';
import { useI18n } from '../../i18n/i18n-context';
import { isRequestFailure } from '../../lib/request-failure';
import { Button } from '../../ui/button';
import { Screen } from '../../ui/screen';
import { useVerifyPassword } from '../api/verify-password';
import { savePassword } from '../password-store';
import { problemFromRequest, type SessionProblem } from '../session-problem';

export interface PasswordScreenProps {
  sessionId: string;
  /** The server refused the kept password on an upload (401): say so from the start. */
  rejected: boolean;
  /** Called with the password once the server said it is right (it is already kept for the tab). */
  onVerified: (password: string) => void;
  onProblem: (problem: SessionProblem) => void;
}

/** The password prompt. A right password is kept for the tab (password-store.ts) and sent with each upload. */
export function PasswordScreen({ sessionId, rejected, onVerified, onProblem }: PasswordScreenProps) {
  const { t } = useI18n();
  const verify = useVerifyPassword(sessionId);
  const [password, setPassword] = useState('');
  const [visible, setVisible] = useState(false);
  const [error, setError] = useState<MessageKey | null>(rejected ? 'error.wrongPassword' : null);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const errorId = useId();

  useEffect(() => {
    if (error !== null) inputRef.current?.focus();
  }, [error]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (verify.isPending) return;
    if (password === '') {
      setError('password.empty');
      return;
    }
    setError(null);
    verify.mutate(password, {
      onSuccess: (valid) => {
        if (!valid) {
          setError('error.wrongPassword');
          return;
        }
        savePassword(sessionId, password);
        onVerified(password);
      },
      onError: (failure) => {
        if (!isRequestFailure(failure)) return setError('password.connection');
        if (failure.rule.scope === 'session') return onProblem(problemFromRequest(failure, Date.now()));
        setError(failure.status === 429 ? 'password.tooManyAttempts' : 'password.connection');
      },
    });
  };

  return (
    <Screen title={t('password.title')} icon="lock">
      <p className="screen__body">{t('password.body')}</p>
      <form className="password-form" onSubmit={submit} noValidate>
        <label htmlFor={inputId} className="field__label">
          {t('password.label')}
        </label>
        <input
          id={inputId}
          ref={inputRef}
          className="field__input"
          type={visible ? 'text' : 'password'}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          aria-invalid={error !== null}
          aria-describedby={error !== null ? errorId : undefined}
        />
        <div role="alert" id={errorId} className="field__error">
          {error !== null && (
            <>
              <strong>{t(error)}</strong>
              {error === 'error.wrongPassword' && <span> {t('password.wrongHint')}</span>}
            </>
          )}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={visible} onChange={(event) => setVisible(event.currentTarget.checked)} />
          <span>{t('password.show')}</span>
        </label>
        <Button type="submit" aria-disabled={verify.isPending}>
          {verify.isPending ? t('password.checking') : t('password.submit')}
        </Button>
      </form>
    </Screen>
  );
}
