import { replay } from '../../../../../../src/review/analyse/static/sql/model/replay.js';
import type { SqlStatement } from '../../../../../../src/review/analyse/static/sql/model/types.js';
import type { Note } from '../../../../../../src/domain/types.js';
import { fileSource } from '../../../../../../src/review/analyse/static/sql/source/sql-source.js';

const statement = (id: number, tag: string, node: unknown): SqlStatement => ({
  id,
  path: 'supabase/migrations/1_a.sql',
  node: node as SqlStatement['node'],
  tag,
  source: fileSource('supabase/migrations/1_a.sql', 'x'),
  start: 0,
  end: 1,
  line: id + 1,
  endLine: id + 1,
  preamble: '',
  comment: '',
  changed: true,
  defaultSchema: 'public',
});

describe('replay', () => {
  it('notes a statement the model cannot follow as an internal error and replays the rest', () => {
    const notes: Note[] = [];
    const model = replay(
      [
        statement(0, 'CreateStmt', { CreateStmt: null }),
        statement(1, 'CreateStmt', { CreateStmt: { relation: { relname: 'orders', inh: true, relpersistence: 'p' } } }),
      ],
      notes,
    );
    expect(notes).toEqual([{ path: 'supabase/migrations/1_a.sql', line: 1, message: expect.stringMatching(/^not analysed: internal error: /) }]);
    expect([...model.tables.keys()]).toEqual(['public.orders']);
  });
});
