import { splitStatements } from '../../../../../../src/review/analyse/static/sql/source/split-statements.js';

const chunks = (sql: string) => splitStatements(sql).map(([s, e]) => sql.slice(s, e).trim());

describe('splitStatements', () => {
  it('splits at top-level semicolons only', () => {
    const sql = "select ';' as a; -- c;\nselect \"x;y\" from t; /* a; /* nested; */ b; */ select 2";
    expect(chunks(sql)).toEqual(["select ';' as a", '-- c;\nselect "x;y" from t', '/* a; /* nested; */ b; */ select 2']);
  });

  it('keeps dollar-quoted bodies and E-strings whole', () => {
    const sql = "create function f() returns int as $body$ begin; return 1; end $body$ language plpgsql; select E'it\\'s;'; select $$a;b$$";
    expect(chunks(sql)).toHaveLength(3);
    expect(chunks(sql)[0]).toContain('end $body$ language plpgsql');
  });

  it('keeps BEGIN ATOMIC bodies whole, CASE ... END included', () => {
    const sql = 'create function f() returns int begin atomic select case when true then 1 end; select 2; end; select 3;';
    expect(chunks(sql)).toEqual(['create function f() returns int begin atomic select case when true then 1 end; select 2; end', 'select 3']);
  });

  it('does not mistake $1 parameters for dollar quotes', () => {
    expect(chunks('prepare p as select $1; select 2')).toEqual(['prepare p as select $1', 'select 2']);
  });

  it('drops chunks that hold only comments and whitespace', () => {
    expect(chunks('select 1;\n-- trailing\n;  ;')).toEqual(['select 1']);
  });

  it('swallows the rest of the text after an unterminated quote', () => {
    expect(chunks("select 1; select 'oops; select 2")).toEqual(['select 1', "select 'oops; select 2"]);
  });
});
