import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderRoute } from '@/web/lib/testing/render-route';
import { signInInfoQuery } from '@/web/features/session/api/sign-in-info-query';
import { apiError, fakeSessionApi } from '@/web/features/session/testing/fake-session-api';
import { SignInPage } from './sign-in-page';

function answer(info: unknown) {
  return fakeSessionApi((request) => {
    if (request.path === '/api/sign-in/info') return info === null ? { status: 500, body: apiError('internal', 'broken') } : { body: info };
    return { status: 401, body: apiError('unauthenticated', 'Sign in to continue.') };
  });
}

describe('SignInPage', () => {
  it('tells newcomers to the demo where the one-time passwords are', async () => {
    const calls = answer({ demo: true, passwordMinLength: 12 });
    renderRoute(<SignInPage />, { path: '/sign-in' });
    const hint = await screen.findByTestId('demo-hint');
    expect(hint).toHaveTextContent('demo-admin, demo-operator and demo-viewer got one-time passwords');
    expect(hint).toHaveTextContent('printed once, in the terminal running npm start, right after the URL');
    expect(hint).toHaveTextContent('npm run users -- reset-password demo-admin --one-time');
    expect(calls.filter((call) => call.path === '/api/sign-in/info')).toHaveLength(1);
  });

  it('says nothing about demo passwords outside the demo, or when the server cannot tell', async () => {
    for (const info of [{ demo: false, passwordMinLength: 12 }, null]) {
      const calls = answer(info);
      const { unmount, queryClient } = renderRoute(<SignInPage />, { path: '/sign-in' });
      expect(await screen.findByLabelText('Name')).toBeInTheDocument();
      // Wait until the answer is in, so the check below sees what the page makes of it.
      await waitFor(() => expect(queryClient.getQueryState(signInInfoQuery().queryKey)?.status).not.toBe('pending'));
      expect(calls.some((call) => call.path === '/api/sign-in/info')).toBe(true);
      expect(screen.queryByTestId('demo-hint')).not.toBeInTheDocument();
      unmount();
    }
  });
});
