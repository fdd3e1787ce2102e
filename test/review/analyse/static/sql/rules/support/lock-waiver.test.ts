import type { SqlStatement } from '../../../../../../../src/review/analyse/static/sql/model/types.js';
import { lockWaiver } from '../../../../../../../src/review/analyse/static/sql/rules/support/lock-waiver.js';

const waiverOf = (comment: string, table = 'tastings') => lockWaiver({ comment } as SqlStatement, table);

describe('lockWaiver', () => {
  it.each([
    ['tastings is small (a few thousand rows); a plain index build is fine here.', 'small'],
    ['Lookup table, ~2k rows.', 'small'],
    ['Only 500 rows today', 'small'],
    ['this is a tiny table', 'small'],
    ['public.tastings is still empty: nothing reads it before the launch', 'empty'],
    ['The table has no rows yet', 'empty'],
    ['Runs in the Sunday maintenance window', 'accepted'],
    ['The short write lock is acceptable at this size', 'accepted'],
    ['We accept the lock; the job is paused during deploys', 'accepted'],
    ['no need for concurrently here', 'accepted'],
    ['New table, no data yet.', 'empty'],
    ['tastings is not yet populated (the feature ships next sprint)', 'empty'],
    ['statuses only has a handful of rows', 'small'],
    ['Safe: countries is a static reference table (~250 rows).', 'small'],
    ['OK to lock: the feature flag is off and nothing writes to it', 'accepted'],
    ["We can't use CONCURRENTLY inside the migration transaction; the table is small.", 'small'],
  ])('reads "%s" as %s', (comment, expected) => {
    expect(waiverOf(comment)).toBe(expected);
  });

  it.each([
    ['tastings holds ~12M rows and takes inserts all day'],
    ['hundreds of thousands of rows, so build it concurrently next time'],
    ['tastings is not small anymore'],
    ["the lock isn't acceptable, see the follow-up"],
    ['a small change for the feed query'],
    ['the orders screen is small'],
    ['a few rows per member, millions of members'],
    ['One application per candidate email and posting; the dedupe job removed duplicates.'],
    ['to avoid downtime we add the column nullable'],
    ["can't build concurrently here because Supabase wraps migrations in a transaction"],
    ['the feed is not used by many members yet, but the table is big'],
    [''],
  ])('finds no waiver in "%s"', (comment) => {
    expect(waiverOf(comment)).toBeUndefined();
  });

  it('prefers empty over small over an accepted lock', () => {
    expect(waiverOf('tastings is tiny. Maintenance window. The table is empty.')).toBe('empty');
    expect(waiverOf('Maintenance window; tastings is tiny.')).toBe('small');
  });
});
