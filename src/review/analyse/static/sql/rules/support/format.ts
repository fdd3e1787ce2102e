import type { Table } from '../../model/types.js';
import { describesSecret } from '../../../support/sensitive-names.js';

const SENSITIVE = new RegExp(
  '(^|_)(' +
    [
      'e_?mail|email_address|password|passwd|pwd|secret|token|api_?key',
      'ssn|social_security|phone|phone_number|iban|credit_?card|card_number|cvv',
      'date_of_birth|dob|passport|tax_id|salary',
    ].join('|') +
    ')($|_)',
  'i',
);

/**
 * Names that only describe or point at such a value: a reference (`token_id`, `token_identifier`), a
 * kind, a time, a count, or a flag (`email_verified`, `is_email_public`); a password hash still leaks.
 */
const DESCRIBES = /_(id|ids|uuid|identifier|identifiers|contract|type|types|kind|at|on|date|time|count|verified|confirmed|status|sent|enabled|symbol|decimals|supply|expires|expiry)$|^(is|has|can|allow)_/i;
const PERSONAL_ID = /(^|_)(tax|national|passport)_id$/i;

/** Column names that look like personal data or credentials (splinter 0023's idea). */
export function sensitiveColumns(table: Table): string[] {
  return [...table.columns.values()]
    .filter((c) => SENSITIVE.test(c.name) && (!DESCRIBES.test(c.name) || PERSONAL_ID.test(c.name)))
    .filter((c) => !(c.type.name === 'bool' && !c.type.array) && !(describesSecret(c.name) && !PERSONAL_ID.test(c.name)))
    .map((c) => c.name);
}

/** `name` in inline code. */
export function code(text: string): string {
  return `\`${text}\``;
}

/** "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
