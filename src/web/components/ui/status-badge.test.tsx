import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RUN_STATUSES, statusGroup } from '@/contract/run-status';
import { StatusBadge } from './status-badge';

const EXPECTED_LABELS = {
  queued: 'Queued',
  running: 'Running',
  interaction_required: 'Needs input',
  review_required: 'Needs review',
  canceling: 'Canceling',
  canceled: 'Canceled',
  completed: 'Completed',
  failed: 'Failed',
} as const;

describe('StatusBadge', () => {
  it.each(RUN_STATUSES)('renders %s with its label, group and a non-colour mark', (status) => {
    const { container } = render(<StatusBadge status={status} upstreamStatus={status} />);
    const badge = container.querySelector(`[data-status="${status}"]`);
    expect(badge).not.toBeNull();
    expect(badge).toHaveTextContent(EXPECTED_LABELS[status]);
    expect(badge).toHaveAttribute('data-status-group', statusGroup(status));
    // An icon or a dot, so colour is never the only signal.
    expect(badge?.querySelector('svg, span[aria-hidden="true"]')).not.toBeNull();
    expect(badge).toHaveAttribute('title', `${EXPECTED_LABELS[status]} (${status})`);
  });

  it('shows the upstream spelling when it differs (cancelling)', () => {
    render(<StatusBadge status="canceling" upstreamStatus="cancelling" />);
    const badge = screen.getByTitle(/upstream reports “cancelling”/);
    expect(badge).toHaveTextContent('Canceling');
    expect(badge).toHaveTextContent('(upstream: cancelling)');
  });

  it('shows the oldest spelling of review (pending)', () => {
    render(<StatusBadge status="review_required" upstreamStatus="pending" />);
    expect(screen.getByTitle(/upstream reports “pending”/)).toHaveTextContent('Needs review');
  });

  it('pulses only for live statuses', () => {
    const { container, rerender } = render(<StatusBadge status="running" />);
    expect(container.querySelector('.motion-safe\\:animate-ping')).not.toBeNull();
    rerender(<StatusBadge status="completed" />);
    expect(container.querySelector('.motion-safe\\:animate-ping')).toBeNull();
  });
});

describe('StatusBadge for a status Runwatch does not know', () => {
  it('shows the upstream text raw with an "unrecognised status" marker', () => {
    const { container } = render(<StatusBadge status={null} upstreamStatus="paused_for_audit" />);
    const badge = container.querySelector('[data-status="unrecognised"]');
    expect(badge).toHaveTextContent('paused_for_audit');
    expect(badge).toHaveTextContent('unrecognised status');
    expect(badge?.getAttribute('title')).toMatch(/does not recognise.*not finished/);
    expect(container.querySelector('.motion-safe\\:animate-ping')).toBeNull();
  });

  it('says so when the upstream sent an empty status', () => {
    render(<StatusBadge status={null} upstreamStatus="" />);
    expect(screen.getByText('(empty)')).toBeInTheDocument();
  });
});

describe('StatusBadge on a copy that is not current', () => {
  it('stops pulsing and says the status is as last seen', () => {
    const { container } = render(<StatusBadge status="running" frozen />);
    expect(container.querySelector('.motion-safe\\:animate-ping')).toBeNull();
    expect(container.querySelector('[data-status="running"]')?.getAttribute('title')).toMatch(/as last seen/);
  });
});
