import type { Node as TsNode } from 'web-tree-sitter';
import { callArgs, calleeName, isTrue, type CallArgs } from './call-args.js';

/** SQLAlchemy type names (generic, upper-case and postgresql dialect) and the PostgreSQL type they render. */
const NAMES: Record<string, string> = {
  string: 'varchar',
  unicode: 'varchar',
  varchar: 'varchar',
  nvarchar: 'varchar',
  char: 'char',
  nchar: 'char',
  text: 'text',
  unicodetext: 'text',
  citext: 'citext',
  integer: 'integer',
  int: 'integer',
  biginteger: 'bigint',
  bigint: 'bigint',
  smallinteger: 'smallint',
  smallint: 'smallint',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  interval: 'interval',
  numeric: 'numeric',
  decimal: 'numeric',
  float: 'double precision',
  double: 'double precision',
  double_precision: 'double precision',
  real: 'real',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  largebinary: 'bytea',
  bytea: 'bytea',
  inet: 'inet',
  cidr: 'cidr',
  tsvector: 'tsvector',
};

/** Types whose positional arguments are PostgreSQL type modifiers: String(20), Numeric(12, 2). */
const WITH_MODS = new Set(['varchar', 'char', 'numeric']);

/**
 * The PostgreSQL type a SQLAlchemy type expression renders (`sa.String(20)` -> varchar(20),
 * `sa.DateTime(timezone=True)` -> timestamptz, `postgresql.ARRAY(sa.Text)` -> text[]), so type
 * changes can be told apart from widenings. Unknown types (enums, custom types) become text.
 */
export function typeSql(node: TsNode | undefined | null): string {
  if (!node) return 'text';
  const call = node.type === 'call' ? node : undefined;
  const name = (call ? calleeName(call) : node.text).split('.').pop()?.toLowerCase() ?? '';
  const args = call ? callArgs(call) : undefined;
  if (name === 'array') return `${typeSql(args?.positional[0])}[]`;
  if (name === 'datetime' || name === 'timestamp') return isTrue(args?.keyword.get('timezone')) ? 'timestamptz' : 'timestamp';
  const pg = NAMES[name];
  if (!pg) return 'text';
  const mods = WITH_MODS.has(pg) && args ? typeMods(args) : [];
  return mods.length ? `${pg}(${mods.join(', ')})` : pg;
}

/** String(20), String(length=20), Numeric(12, 2), Numeric(precision=12, scale=2). */
function typeMods(args: CallArgs): string[] {
  const positional = args.positional.filter((a) => a.type === 'integer').map((a) => a.text);
  if (positional.length) return positional;
  return ['length', 'precision', 'scale'].flatMap((k) => {
    const v = args.keyword.get(k);
    return v?.type === 'integer' ? [v.text] : [];
  });
}
