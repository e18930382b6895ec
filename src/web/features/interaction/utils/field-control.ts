import type { InteractionFieldView } from '@/contract/bff';

export type FieldControl = { kind: 'choice'; options: Array<{ value: string; label: string }> } | { kind: 'one-time-code' } | { kind: 'text' };

const CODE_FIELD_NAMES = new Set(['code', 'otp', 'mfa_code', 'one_time_code', 'verification_code', 'totp']);

/**
 * Picks the input for one prompt field. The upstream's `fields` drive the form (new challenge
 * kinds appear without notice), so this only refines: a code gets a numeric keypad and one-time-code
 * autofill, offered choices become a list, anything else is free text.
 */
export function fieldControl(interactionType: string, field: InteractionFieldView): FieldControl {
  if (field.options && field.options.length > 0) return { kind: 'choice', options: field.options };
  const name = field.name.toLowerCase();
  const type = field.type.toLowerCase();
  if (type === 'otp' || type === 'one_time_code' || CODE_FIELD_NAMES.has(name)) return { kind: 'one-time-code' };
  if (interactionType === 'mfa' && type === 'string' && !name.includes('answer')) return { kind: 'one-time-code' };
  return { kind: 'text' };
}

/** "Enter the one-time code" style label for a missing value. */
export function missingValueMessage(field: InteractionFieldView, control: FieldControl): string {
  const label = field.label.trim() || field.name;
  return control.kind === 'choice' ? `Choose ${label.toLowerCase()}.` : `Enter ${label.toLowerCase()}.`;
}
