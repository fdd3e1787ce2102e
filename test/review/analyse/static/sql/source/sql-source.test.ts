import { embeddedSource, fileSource, skipTrivia } from '../../../../../../src/review/analyse/static/sql/source/sql-source.js';

describe('SqlSource', () => {
  it('maps byte offsets of a file to lines, multi-byte characters included', () => {
    const text = '-- café\nselect 1;\nselect 2;';
    const source = fileSource('a.sql', text);
    expect(source.lineAt(Buffer.byteLength('-- café\nselect 1;\n'))).toBe(3);
    expect(source.lineAt(0)).toBe(1);
  });

  it('maps embedded SQL fragments back to the lines of the host file', () => {
    const source = embeddedSource('v.py', [
      { text: '\n  create table a (id int);\n', line: 10 },
      { text: 'create index on a (id);', line: 14 },
    ]);
    expect(source.lineAt(source.text.indexOf('create table'))).toBe(11);
    expect(source.lineAt(Buffer.byteLength(source.text.slice(0, source.text.indexOf('create index'))))).toBe(14);
    expect(source.verbatim).toBe(false);
  });

  it('skips whitespace, line comments and nested block comments', () => {
    const bytes = Buffer.from('  -- x\n /* a /* b */ c */\n select');
    expect(bytes.subarray(skipTrivia(bytes, 0)).toString()).toBe('select');
  });
});
