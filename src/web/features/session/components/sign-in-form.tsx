import { useId, useRef, useState, type FormEvent } from 'react';
import type { SessionUser } from '@/contract/bff';
import { API_ERROR } from '@/contract/api-errors';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, SIGN_IN_NAME_MAX_LENGTH } from '@/contract/limits';
import { SIGN_IN_ERROR_CODES } from '@/contract/session';
import { Alert } from '@/web/components/ui/alert';
import { Button } from '@/web/components/ui/button';
import { Input } from '@/web/components/ui/input';
import { ApiRequestError } from '@/web/lib/api-request-error';
import { useSignIn } from '../api/use-sign-in';

interface SignInFormProps {
  onSignedIn: (user: SessionUser) => void;
}

type Step = 'credentials' | 'choose-password';

const LABEL = 'mb-1 block text-sm font-medium text-fg';
const FIELD = 'w-full';

/** The server's messages for these are written for people (and deliberately generic). */
const SHOW_SERVER_MESSAGE = new Set<string>([
  SIGN_IN_ERROR_CODES.invalidCredentials,
  SIGN_IN_ERROR_CODES.tooManyAttempts,
  SIGN_IN_ERROR_CODES.weakPassword,
  SIGN_IN_ERROR_CODES.busy,
]);

function errorText(error: Error): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 0) return 'Runwatch could not be reached. Check your connection and try again.';
    if (SHOW_SERVER_MESSAGE.has(error.code)) return error.message;
    if (error.code === API_ERROR.csrf_rejected) return 'This sign-in did not come from the Runwatch page. Reload the page and try again.';
    return `Signing in failed (${error.code}). Try again in a moment.`;
  }
  return 'Signing in failed. Try again in a moment.';
}

/**
 * A real form, so password managers recognise it: named fields with `username` /
 * `current-password` autocomplete, and `new-password` when a one-time password must be replaced.
 * It posts JSON through the API client (CSRF header included) rather than submitting natively.
 */
export function SignInForm({ onSignedIn }: SignInFormProps) {
  const signIn = useSignIn();
  const [step, setStep] = useState<Step>('credentials');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const newPasswordRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const ruleId = useId();
  const ids = { name: useId(), password: useId(), newPassword: useId(), repeat: useId() };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    if (step === 'choose-password') {
      if (newPassword !== repeat) {
        setProblem('The two new passwords do not match.');
        newPasswordRef.current?.focus();
        return;
      }
    }
    signIn.mutate(
      { name: name.trim(), password, ...(step === 'choose-password' ? { newPassword } : {}) },
      {
        onSuccess: (session) => onSignedIn(session.user),
        onError: (error) => {
          if (error instanceof ApiRequestError && error.code === SIGN_IN_ERROR_CODES.passwordChangeRequired) {
            setStep('choose-password');
            setProblem(null);
            // Wait for the new fields to render before moving focus into them.
            requestAnimationFrame(() => newPasswordRef.current?.focus());
            return;
          }
          setProblem(errorText(error));
          if (step === 'credentials') {
            setPassword('');
            passwordRef.current?.focus();
          } else {
            newPasswordRef.current?.focus();
          }
        },
      },
    );
  }

  return (
    <form method="post" onSubmit={onSubmit} aria-describedby={problem ? errorId : undefined} className="space-y-4">
      {problem ? (
        <div id={errorId}>
          <Alert tone="error">{problem}</Alert>
        </div>
      ) : null}

      <div>
        <label htmlFor={ids.name} className={LABEL}>
          Name
        </label>
        <Input
          id={ids.name}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          required
          maxLength={SIGN_IN_NAME_MAX_LENGTH}
          readOnly={step === 'choose-password'}
          value={name}
          onChange={(event) => setName(event.target.value)}
          controlSize="lg"
          className={FIELD}
          autoFocus
        />
      </div>

      {step === 'credentials' ? (
        <div>
          <label htmlFor={ids.password} className={LABEL}>
            Password
          </label>
          <Input
            id={ids.password}
            ref={passwordRef}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            maxLength={PASSWORD_MAX_LENGTH}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            controlSize="lg"
            className={FIELD}
          />
        </div>
      ) : (
        <>
          <Alert tone="info" title="Choose your own password">
            You signed in with a one-time password. Pick your own to continue.
          </Alert>
          <div>
            <label htmlFor={ids.newPassword} className={LABEL}>
              New password
            </label>
            <Input
              id={ids.newPassword}
              ref={newPasswordRef}
              type="password"
              name="new-password"
              autoComplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              maxLength={PASSWORD_MAX_LENGTH}
              aria-describedby={ruleId}
              value={newPassword}
              onChange={(event) => setNewPassword(event.target.value)}
              controlSize="lg"
              className={FIELD}
            />
            <p id={ruleId} className="mt-1.5 text-xs text-fg-muted" data-testid="password-rule">
              At least {PASSWORD_MIN_LENGTH} characters, and not easy to guess: no common passwords (like <span className="font-mono">password1234</span>) and
              no repeats (like <span className="font-mono">aaaaaaaaaaaa</span>). A few unrelated words make a good one.
            </p>
          </div>
          <div>
            <label htmlFor={ids.repeat} className={LABEL}>
              Repeat new password
            </label>
            <Input
              id={ids.repeat}
              type="password"
              name="new-password-repeat"
              autoComplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              maxLength={PASSWORD_MAX_LENGTH}
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
              controlSize="lg"
              className={FIELD}
            />
          </div>
        </>
      )}

      <Button type="submit" variant="primary" size="lg" className="w-full justify-center" loading={signIn.isPending}>
        {step === 'credentials' ? 'Sign in' : 'Set password and sign in'}
      </Button>
    </form>
  );
}
