/** Input keys the upstream tokenizes at creation: secrets never come back in `input`. */
const VAULTED_KEYS = new Set(['password', 'account_number', 'member_ssn', 'ssn', 'employee_pin', 'pin', 'card_number', 'secret']);

export function splitVaultedInput(input: unknown): { input: unknown; vaultedFields: string[] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { input, vaultedFields: [] };
  const kept: Record<string, unknown> = {};
  const vaultedFields: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (VAULTED_KEYS.has(key)) vaultedFields.push(key);
    else Object.defineProperty(kept, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return { input: kept, vaultedFields };
}
