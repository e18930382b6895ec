import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@/contract/bff';
import { renderRoute } from '@/web/lib/testing/render-route';
import { apiError, fakeSessionApi } from '../testing/fake-session-api';
import { SignInForm } from './sign-in-form';

const operator = { user: { name: 'alice', role: 'operator' } };

describe('SignInForm', () => {
  it('is a form password managers understand', () => {
    fakeSessionApi(() => ({ status: 401, body: apiError('unauthenticated', '') }));
    renderRoute(<SignInForm onSignedIn={() => {}} />);
    const name = screen.getByLabelText('Name');
    const password = screen.getByLabelText('Password');
    expect(name).toHaveAttribute('name', 'username');
    expect(name).toHaveAttribute('autocomplete', 'username');
    expect(password).toHaveAttribute('name', 'password');
    expect(password).toHaveAttribute('autocomplete', 'current-password');
    expect(password).toHaveAttribute('type', 'password');
    // POST, so a failed script can never put the password in the address bar.
    expect(name.closest('form')).toHaveAttribute('method', 'post');
  });

  it('posts JSON with the CSRF header and reports the signed-in user', async () => {
    const calls = fakeSessionApi(() => ({ body: operator }));
    const onSignedIn = vi.fn();
    renderRoute(<SignInForm onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText('Name'), ' alice ');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith({ name: 'alice', role: 'operator' }));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe('/api/session');
    expect(post.body).toEqual({ name: 'alice', password: 'correct horse battery' });
    expect(post.headers.get(CSRF_HEADER)).toBe(CSRF_HEADER_VALUE);
    expect(post.headers.get('content-type')).toBe('application/json');
  });

  it('shows the generic error, clears the password and keeps the name', async () => {
    fakeSessionApi(() => ({ status: 401, body: apiError('invalid_credentials', 'The name or password is incorrect.') }));
    renderRoute(<SignInForm onSignedIn={() => {}} />);
    await userEvent.type(screen.getByLabelText('Name'), 'alice');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The name or password is incorrect.');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('Password')).toHaveFocus();
    expect(screen.getByLabelText('Name')).toHaveValue('alice');
  });

  it('shows why the server refused a new password', async () => {
    fakeSessionApi((request) => {
      const body = request.body as { newPassword?: string };
      if (!body.newPassword) return { status: 409, body: apiError('password_change_required', 'Choose a new password.') };
      return { status: 400, body: apiError('weak_password', 'This password is too easy to guess: it is common or made of repeats or patterns.') };
    });
    renderRoute(<SignInForm onSignedIn={() => {}} />);
    await userEvent.type(screen.getByLabelText('Name'), 'alice');
    await userEvent.type(screen.getByLabelText('Password'), 'abcd-efgh-jkmn-pqrs');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await userEvent.type(await screen.findByLabelText('New password'), 'password1234');
    await userEvent.type(screen.getByLabelText('Repeat new password'), 'password1234');
    await userEvent.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This password is too easy to guess');
    expect(screen.getByLabelText('New password')).toHaveFocus();
  });

  it('passes on the lockout message', async () => {
    fakeSessionApi(() => ({ status: 429, body: apiError('too_many_attempts', 'Too many failed sign-ins. Try again in 1 minute.') }));
    renderRoute(<SignInForm onSignedIn={() => {}} />);
    await userEvent.type(screen.getByLabelText('Name'), 'alice');
    await userEvent.type(screen.getByLabelText('Password'), 'guess');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 1 minute.');
  });

  it('asks for a new password after a one-time password, then signs in with it', async () => {
    const calls = fakeSessionApi((request) => {
      const body = request.body as { newPassword?: string };
      if (!body.newPassword) return { status: 409, body: apiError('password_change_required', 'Choose a new password.') };
      return { body: operator };
    });
    const onSignedIn = vi.fn();
    renderRoute(<SignInForm onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText('Name'), 'alice');
    await userEvent.type(screen.getByLabelText('Password'), 'abcd-efgh-jkmn-pqrs');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const fresh = await screen.findByLabelText('New password');
    expect(fresh).toHaveAttribute('autocomplete', 'new-password');
    // The rule is written out, not left to the browser's tooltip, and read out with the field.
    expect(fresh).toHaveAccessibleDescription(/^At least 12 characters, and not easy to guess: no common passwords \(like password1234\) and no repeats/);
    await userEvent.type(fresh, 'my own long passphrase');
    await userEvent.type(screen.getByLabelText('Repeat new password'), 'my own long passphrase, typo');
    await userEvent.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('do not match');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);

    await userEvent.clear(screen.getByLabelText('Repeat new password'));
    await userEvent.type(screen.getByLabelText('Repeat new password'), 'my own long passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({
      name: 'alice',
      password: 'abcd-efgh-jkmn-pqrs',
      newPassword: 'my own long passphrase',
    });
  });
});
