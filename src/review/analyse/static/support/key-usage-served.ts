// Keys whose lookups another index serves: the unindexed-foreign-key rules report them no more.
import type { KeyUsage } from './key-usage.js';

/** A foreign key a rule would report, with what the usage search found. */
export interface ReportedKey {
  column: string;
  usage: KeyUsage;
}

/**
 * The keys (by position) whose every lookup also filters on another column of the table that an index
 * leads with, or on a sibling key reported in its place: that index serves the lookups, and one more
 * on this key would only cost writes (`filter_by(blog_id=b, user_id=u)` is served by an index on
 * `blog_id`). When two keys are only ever looked up together, the first declared is kept. `leadsIndex` is
 * given what the lookups filter on: a partial index serves them only when they satisfy its predicate.
 */
export function servedByAnotherIndex(keys: readonly ReportedKey[], leadsIndex: (column: string, filtered: readonly string[]) => boolean): Set<number> {
  const dropped = new Set<number>();
  const dependent = (k: ReportedKey) => k.usage.kind === 'used' && !!k.usage.alongside?.length;
  keys.forEach((key, i) => {
    if (key.usage.kind !== 'used' || !key.usage.alongside?.length) return;
    // A sibling stays reported when it is searched on its own, or was kept before this one.
    const kept = (j: number) => j !== i && !dropped.has(j) && (!dependent(keys[j]) || j < i);
    // What every lookup filters on: the key and the columns alongside it (a partial index's predicate may need them).
    const filtered = [key.column, ...key.usage.alongside];
    if (key.usage.alongside.some((col) => leadsIndex(col, filtered) || keys.some((other, j) => other.column === col && kept(j)))) dropped.add(i);
  });
  return dropped;
}
