import { loadPgParser } from '../../../../../../src/review/analyse/static/parsers/pg-parser.js';
import { parseSource } from '../../../../../../src/review/analyse/static/sql/source/parse-source.js';
import { fileSource } from '../../../../../../src/review/analyse/static/sql/source/sql-source.js';
import { tagOf } from '../../../../../../src/review/analyse/static/sql/ast/node.js';

describe('parseSource', () => {
  it('starts each statement at its first token, after leading comments', async () => {
    const parser = await loadPgParser();
    const text = '-- one\ncreate table a (id int);\n\n/* two */\nalter table a enable row level security;';
    const source = fileSource('m.sql', text);
    const { statements, failures } = parseSource(parser, source);
    expect(failures).toEqual([]);
    expect(statements.map((s) => source.lineAt(s.start))).toEqual([2, 5]);
    expect(statements[1].preamble).toContain('/* two */');
  });

  it('keeps the statements around one that does not parse, with node locations in file bytes', async () => {
    const parser = await loadPgParser();
    const text = "create table a (id int);\ncreate tabel oops (x int);\ncreate policy p on a using (auth.uid() = id);";
    const source = fileSource('m.sql', text);
    const { statements, failures } = parseSource(parser, source);
    expect(statements.map((s) => tagOf(s.node))).toEqual(['CreateStmt', 'CreatePolicyStmt']);
    expect(failures).toHaveLength(1);
    expect(source.lineAt(failures[0].offset)).toBe(2);
    const policy = statements[1].node as { CreatePolicyStmt: { qual: { A_Expr: { lexpr: { FuncCall: { location: number } } } } } };
    const at = policy.CreatePolicyStmt.qual.A_Expr.lexpr.FuncCall.location;
    expect(text.slice(at, at + 10)).toBe('auth.uid()');
  });
});
