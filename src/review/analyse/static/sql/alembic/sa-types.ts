import type { Node as TsNode } from 'web-tree-sitter';
import { callArgs } from './call-args.js';
import { ident } from './sql-names.js';
import { calleeName, enumClass, enumMembers, isFalse, isTrue, literal, resolve, type Env } from './python-values.js';

/** SQLAlchemy type names (generic, upper-case, postgresql dialect, common extensions) and the PostgreSQL type they render. */
const NAMES: Record<string, string> = {
  string: 'varchar', unicode: 'varchar', varchar: 'varchar', nvarchar: 'varchar', autostring: 'varchar',
  char: 'char', nchar: 'char', text: 'text', unicodetext: 'text', citext: 'citext',
  integer: 'integer', int: 'integer', biginteger: 'bigint', bigint: 'bigint', smallinteger: 'smallint', smallint: 'smallint',
  boolean: 'boolean', date: 'date', interval: 'interval',
  numeric: 'numeric', decimal: 'numeric', float: 'double precision', double: 'double precision',
  double_precision: 'double precision', real: 'real',
  uuid: 'uuid', json: 'json', jsonb: 'jsonb', largebinary: 'bytea', bytea: 'bytea',
  inet: 'inet', cidr: 'cidr', macaddr: 'macaddr', tsvector: 'tsvector', hstore: 'hstore', money: 'money', vector: 'vector',
};

/** The names UUID TypeDecorators go by: `GUID`, `UUIDType`, `PGUUID`, `UUID4`. */
const UUID_DECORATOR = /^(guid|uuidtype|pguuid|uuid4)$/;

/** Types whose positional arguments are PostgreSQL type modifiers: String(20), Numeric(12, 2), Vector(1536). */
const WITH_MODS = new Set(['varchar', 'char', 'numeric', 'vector']);

/** Methods that return the same type (`sa.BigInteger().with_variant(sa.Integer(), "sqlite")`). */
const SAME_TYPE = new Set(['with_variant', 'evaluates_none', 'copy']);

/** How deep types may nest (ARRAY(ARRAY(...))). */
const MAX_DEPTH = 8;

/**
 * The PostgreSQL type a SQLAlchemy type expression renders (`sa.String(20)` -> varchar(20),
 * `sa.DateTime(timezone=True)` -> timestamptz, `postgresql.ARRAY(sa.Text)` -> text[], a named
 * `sa.Enum(..., name="status")` -> "status"), so type changes can be told apart from widenings.
 * Unknown types (custom TypeDecorators) become text.
 */
export function typeSql(node: TsNode | undefined | null, env: Env, depth = 0): string {
  if (!node || depth > MAX_DEPTH) return 'text';
  const { node: n, env: scope } = resolve(node, env);
  const call = n.type === 'call' ? n : undefined;
  const fn = call?.childForFieldName('function');
  if (call && fn?.type === 'attribute' && SAME_TYPE.has(fn.childForFieldName('attribute')?.text ?? '')) {
    const object = fn.childForFieldName('object');
    return object ? typeSql(object, scope, depth + 1) : 'text';
  }
  const name = (call ? calleeName(call) : n.text).split('.').pop()?.toLowerCase() ?? '';
  const args = call ? callArgs(call) : undefined;
  if (name === 'array') return `${typeSql(args?.positional[0] ?? args?.keyword.get('item_type'), scope, depth + 1)}[]`;
  if (name === 'datetime' || name === 'timestamp') return isTrue(args?.keyword.get('timezone'), scope) ? 'timestamptz' : 'timestamp';
  if (name === 'time') return isTrue(args?.keyword.get('timezone'), scope) ? 'timetz' : 'time';
  if (name === 'enum') return enumType(args, scope);
  // A UUID TypeDecorator (sqlmodel's and fastapi-users' `GUID`, sqlalchemy-utils' `UUIDType`) renders `uuid` on PostgreSQL.
  const pg = NAMES[name] ?? (UUID_DECORATOR.test(name) ? 'uuid' : undefined);
  if (!pg) return 'text';
  const mods = WITH_MODS.has(pg) && args ? typeMods(args.positional, args.keyword) : [];
  return mods.length ? `${pg}(${mods.join(', ')})` : pg;
}

/** A PostgreSQL enum type: `name=` when given, else the Python enum class's name, lower-cased as SQLAlchemy does. */
function enumType(args: ReturnType<typeof callArgs> | undefined, env: Env): string {
  if (args && isFalse(args.keyword.get('native_enum'), env)) return nonNativeEnum(args, env);
  const name = literal(args?.keyword.get('name'), env);
  if (name) return ident(name);
  const cls = args?.positional[0];
  if (cls && (cls.type === 'identifier' || cls.type === 'attribute')) return ident(cls.text.split('.').pop()?.toLowerCase() ?? 'enum');
  return 'text';
}

/** `native_enum=False`: SQLAlchemy makes a VARCHAR as long as the longest label (or `length=`), no type. */
function nonNativeEnum(args: ReturnType<typeof callArgs>, env: Env): string {
  const length = args.keyword.get('length');
  if (length?.type === 'integer') return `varchar(${length.text})`;
  const labels = enumLabels(args, env);
  return labels?.length ? `varchar(${Math.max(...labels.map((l) => [...l].length))})` : 'varchar';
}

/**
 * The labels SQLAlchemy gives an enum type: the strings given, or for a Python enum class the
 * names of its members (what it stores, `application_pdf` for `application_pdf = "application/pdf"`),
 * or their values when `values_callable` is the usual `lambda x: [e.value for e in x]`. Aliases (a
 * member repeating an earlier one's value) are left out, as SQLAlchemy does. Undefined when the
 * text does not tell (a class not found, another callable, values computed at run time).
 */
export function enumLabels(args: ReturnType<typeof callArgs>, env: Env): string[] | undefined {
  const given = args.positional.map((a) => literal(a, env));
  if (given.length && given.every((l) => l !== undefined)) return given as string[];
  if (args.positional.length !== 1 || args.splats.length) return undefined;
  const cls = enumClass(args.positional[0], env);
  const members = cls ? enumMembers(cls) : undefined;
  if (!members) return undefined;
  const callable = args.keyword.get('values_callable');
  if (!callable) return members.map((m) => m.name);
  if (!returnsMemberValues(callable, env)) return undefined;
  const values = members.map((m) => m.value);
  return values.every((v) => v?.startsWith('s:')) ? values.map((v) => v!.slice(2)) : undefined;
}

/** `lambda x: [e.value for e in x]` (any names): the callable that gives SQLAlchemy the members' values. */
function returnsMemberValues(node: TsNode, env: Env): boolean {
  const fn = resolve(node, env).node;
  if (fn.type !== 'lambda') return false;
  const params = fn.childForFieldName('parameters')?.namedChildren.filter((c) => c?.type === 'identifier') ?? [];
  const body = fn.childForFieldName('body');
  if (params.length !== 1 || body?.type !== 'list_comprehension') return false;
  const element = body.childForFieldName('body');
  const loop = body.namedChildren.find((c) => c?.type === 'for_in_clause');
  const variable = loop?.childForFieldName('left')?.text;
  return (
    !!variable &&
    loop?.childForFieldName('right')?.text === params[0]!.text &&
    element?.type === 'attribute' &&
    element.childForFieldName('object')?.text === variable &&
    element.childForFieldName('attribute')?.text === 'value' &&
    body.namedChildren.filter((c) => c?.type === 'for_in_clause' || c?.type === 'if_clause').length === 1
  );
}

/** String(20), String(length=20), Numeric(12, 2), Numeric(precision=12, scale=2). */
function typeMods(positional: TsNode[], keyword: Map<string, TsNode>): string[] {
  const given = positional.filter((a) => a.type === 'integer').map((a) => a.text);
  if (given.length) return given;
  return ['length', 'precision', 'scale', 'dim'].flatMap((k) => {
    const v = keyword.get(k);
    return v?.type === 'integer' ? [v.text] : [];
  });
}

/** The CREATE TYPE of an enum column, and whether its labels are known (see enumLabels). */
export interface EnumPrelude {
  sql: string;
  /** The type's name as PostgreSQL keys it. */
  type: string;
  labelsKnown: boolean;
}

/**
 * The CREATE TYPE that SQLAlchemy runs for a named enum column when Alembic creates the table or
 * adds the column (`sa.Enum("a", "b", name="status")`, `sa.Enum(Status)`), unless `create_type=False`
 * says the type exists already or `native_enum=False` makes it a VARCHAR. Written so that a type
 * made earlier (another table, a `.create()` call) is left alone. Labels it cannot read leave the
 * type without labels, and say so: no value of it may be judged.
 */
export function enumTypePrelude(node: TsNode | undefined | null, env: Env): EnumPrelude | undefined {
  const found = enumConstruction(node, env);
  if (!found || isFalse(found.args.keyword.get('create_type'), found.scope)) return undefined;
  return enumCreation(found.args, found.scope);
}

/** `sa.Enum(...)` / `postgresql.ENUM(...)`, directly or through the name it was assigned to. */
function enumConstruction(node: TsNode | undefined | null, env: Env): { args: ReturnType<typeof callArgs>; scope: Env } | undefined {
  if (!node) return undefined;
  const { node: n, env: scope } = resolve(node, env);
  if (n.type !== 'call' || calleeName(n).split('.').pop()?.toLowerCase() !== 'enum') return undefined;
  return { args: callArgs(n), scope };
}

/**
 * The SQL of an enum type's own `.create(bind)` / `.drop(bind)` (`drpaction.create(op.get_bind())`): SQLAlchemy
 * runs CREATE TYPE / DROP TYPE whatever `create_type` says (that flag only stops the automatic one with a table).
 * Undefined when `receiver` is no enum type, or a non-native one (a VARCHAR: nothing to create).
 */
export function explicitEnumDdl(receiver: TsNode, env: Env, verb: 'create' | 'drop'): EnumPrelude | undefined {
  const found = enumConstruction(receiver, env);
  if (!found) return undefined;
  if (verb === 'create') return enumCreation(found.args, found.scope);
  const name = isFalse(found.args.keyword.get('native_enum'), found.scope) ? 'text' : enumType(found.args, found.scope);
  if (name === 'text' || name.startsWith('varchar')) return undefined;
  return { sql: `DROP TYPE IF EXISTS ${name}`, type: name.replace(/^"|"$/g, '').replace(/""/g, '"'), labelsKnown: false };
}

function enumCreation(args: ReturnType<typeof callArgs>, scope: Env): EnumPrelude | undefined {
  if (isFalse(args.keyword.get('native_enum'), scope)) return undefined;
  const name = enumType(args, scope);
  if (name === 'text') return undefined;
  const labels = enumLabels(args, scope);
  const values = labels ? labels.map((l) => `'${l.replace(/'/g, "''")}'`).join(', ') : '';
  const sql = `DO $ba$ BEGIN CREATE TYPE ${name} AS ENUM (${values}); EXCEPTION WHEN duplicate_object THEN NULL; END $ba$`;
  return { sql, type: name.replace(/^"|"$/g, '').replace(/""/g, '"'), labelsKnown: !!labels };
}
