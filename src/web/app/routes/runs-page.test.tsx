import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ERROR_GROUP_LABELS, explainError } from '@/web/features/run-errors/error-catalogue';
import { makeRun, makeRunList } from '@/web/lib/testing/make-run';
import { renderRoute, stubFetch } from '@/web/lib/testing/render-route';
import { RunsPage } from './runs-page';

describe('RunsPage', () => {
  it('names a failed row’s error group from the error catalogue it loads for that row', async () => {
    const error = { type: 'source', code: 'blocked', message: '', field: null } as const;
    const blocked = makeRun({ id: 'trun_blocked1', status: 'failed', result: 'failure', errors: [error], errorCount: 1 });
    stubFetch((url) =>
      url.pathname === '/api/runs' ? { body: makeRunList([blocked]) } : { status: 401, body: { error: { code: 'unauthenticated', message: '' } } },
    );
    renderRoute(<RunsPage />);
    const table = await screen.findByRole('table', { name: 'Runs' });
    const failure = within(within(table).getByRole('link', { name: 'trun_blocked1' }).closest('tr')!).getByTestId('run-row-failure');
    expect(failure).toHaveTextContent('blocked');
    const group = ERROR_GROUP_LABELS[explainError(error).group];
    expect(await within(failure).findByText(group.label)).toHaveAttribute('title', group.meaning);
  });
});
