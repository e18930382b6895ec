import { describe, expect, it } from 'vitest';
import { actionLabel, describeAuditEntry } from './describe-audit-entry';

describe('describeAuditEntry', () => {
  it('names interaction answers by their kind, never by their value', () => {
    expect(describeAuditEntry({ action: 'interaction.submitted', detail: 'mfa', actor: 'alice', subject: null })).toBe('Code submitted by alice');
    expect(describeAuditEntry({ action: 'interaction.submitted', detail: 'security_question', actor: 'bo', subject: null })).toBe('Answer submitted by bo');
    expect(actionLabel({ action: 'interaction.submitted', detail: 'mfa: invalid_interaction' })).toBe('Code submitted');
    expect(actionLabel({ action: 'interaction.submitted', detail: 'captcha' })).toBe('Input submitted');
    expect(actionLabel({ action: 'interaction.submitted', detail: null })).toBe('Input submitted');
  });

  it('describes cancellations, sign-ins and account changes', () => {
    expect(describeAuditEntry({ action: 'run.canceled', detail: 'canceling', actor: 'alice', subject: null })).toBe('Cancel requested by alice');
    expect(describeAuditEntry({ action: 'session.sign_in_failed', detail: 'bad_password', actor: null, subject: null })).toBe('Sign-in failed');
    expect(describeAuditEntry({ action: 'account.role_changed', detail: 'viewer -> operator', actor: 'cli:root', subject: 'bo' })).toBe(
      'Role changed for bo by cli:root',
    );
    expect(describeAuditEntry({ action: 'account.password_changed', detail: null, actor: 'bo', subject: 'bo' })).toBe('Password changed by bo');
  });
});
