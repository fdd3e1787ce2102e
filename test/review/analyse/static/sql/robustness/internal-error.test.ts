import { jest } from '@jest/globals';
import type { AnalyzerResult } from '../../../../../../src/review/analyse/shared/analyzer.js';
import type { FileChange } from '../../../../../helpers/change-set.js';

// A defect of the Alembic translation, simulated: it throws on every revision.
jest.unstable_mockModule('../../../../../../src/review/analyse/static/sql/alembic/extract-sql.js', () => ({
  extractAlembicSql: async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'text')");
  },
}));
const { runSql } = await import('../run-sql.js');

describe('an internal error in the SQL engine', () => {
  it('costs that file only, is named as "not analysed: internal error", and makes the review incomplete', async () => {
    const changes: FileChange[] = [
      { path: 'alembic/versions/a_rev.py', head: 'from alembic import op\n\ndef upgrade():\n    op.create_index("ix", "t", ["a"])\n' },
      { path: 'supabase/migrations/20250101000000_a.sql', head: 'create table public.orders (id int primary key);\n' },
    ];
    const result: AnalyzerResult = await runSql(changes);
    expect(result.status).toBe('partial');
    expect(result.notes).toEqual([{ path: 'alembic/versions/a_rev.py', message: "not analysed: internal error: Cannot read properties of undefined (reading 'text')" }]);
    // The other migration is still reviewed.
    expect(result.findings.map((f) => [f.path, f.rule])).toEqual([['supabase/migrations/20250101000000_a.sql', 'rls-disabled-on-exposed-table']]);
  });
});
