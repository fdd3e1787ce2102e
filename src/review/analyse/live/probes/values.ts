import { quoteLiteral, type ColumnFacts } from './table-facts.js';

/**
 * A literal for a column of a seeded row, as SQL text: distinct per call (`n`) so unique
 * constraints hold, marked with the user it belongs to so a leak can be recognised in any output.
 * Undefined when no plain value fits the type: the table is then skipped, never guessed at.
 */
export function literalFor(column: ColumnFacts, who: string, n: number): string | undefined {
  const type = column.type.toLowerCase();
  const cast = (v: string) => `${v}::${column.type}`;
  if (column.enumLabel !== null) return cast(quoteLiteral(column.enumLabel));
  if (column.category === 'A') return cast("'{}'");
  if (type === 'uuid') return cast(quoteLiteral(probeUuid(who, n)));
  if (type === 'boolean') return 'false';
  if (/^(json|jsonb)$/.test(type)) return cast(quoteLiteral(JSON.stringify({ probe: markerOf(who) })));
  if (type === 'bytea') return "'\\x00'::bytea";
  if (/^(timestamp|date|time)/.test(type)) return cast('now()');
  if (type === 'interval') return "'1 day'::interval";
  if (type === 'inet' || type === 'cidr') return cast("'127.0.0.1'");
  if (column.category === 'N') return cast(String(n));
  if (column.category === 'S') {
    const limit = /\((\d+)\)/.exec(type);
    const text = `${markerOf(who)}-${n}`;
    return cast(quoteLiteral(limit ? text.slice(0, Number(limit[1])) : text));
  }
  return undefined;
}

/** The text a seeded row of this user carries in its string columns. */
export function markerOf(who: string): string {
  return `probe-${who}`;
}

/** Stable uuids for the seed (user ids and uuid columns), so evidence reads the same on every run. */
export function probeUuid(who: string, n: number): string {
  const tag = who === 'a' ? 'a' : who === 'b' ? 'b' : 'c';
  return `${tag.repeat(8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
