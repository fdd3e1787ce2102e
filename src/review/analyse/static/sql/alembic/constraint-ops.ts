import { isTrue, literal, sqlText, stringList, type CallArgs } from './call-args.js';
import { ident } from './column-spec.js';

/** `name` qualified with the op's `schema=` keyword, as SQL. */
export function qualified(args: CallArgs, name: string | undefined, schemaKey = 'schema'): string | undefined {
  if (!name) return undefined;
  const schema = literal(args.keyword.get(schemaKey));
  return schema ? `${ident(schema)}.${ident(name)}` : ident(name);
}

/** SQLAlchemy 2's `postgresql_not_valid=True` adds a constraint without scanning the table. */
function notValid(args: CallArgs): string {
  return isTrue(args.keyword.get('postgresql_not_valid')) ? ' NOT VALID' : '';
}

function constraintName(args: CallArgs): string {
  const name = literal(args.positional[0]);
  return name ? `CONSTRAINT ${ident(name)} ` : '';
}

/** create_foreign_key(name, source, referent, local_cols, remote_cols, source_schema=, referent_schema=). */
export function createForeignKey(args: CallArgs): string | undefined {
  const [, sourceNode, referentNode, localNode, remoteNode] = args.positional;
  const src = qualified(args, literal(sourceNode), 'source_schema');
  const ref = qualified(args, literal(referentNode), 'referent_schema');
  const local = stringList(localNode).map(ident);
  const remote = stringList(remoteNode).map(ident);
  if (!src || !ref || !local.length || !remote.length) return undefined;
  return `ALTER TABLE ${src} ADD ${constraintName(args)}FOREIGN KEY (${local.join(', ')}) REFERENCES ${ref} (${remote.join(', ')})${notValid(args)}`;
}

/** create_unique_constraint(name, table, columns, schema=). */
export function createUniqueConstraint(args: CallArgs): string | undefined {
  const table = qualified(args, literal(args.positional[1]));
  const columns = stringList(args.positional[2]).map(ident);
  if (!table || !columns.length) return undefined;
  return `ALTER TABLE ${table} ADD ${constraintName(args)}UNIQUE (${columns.join(', ')})`;
}

/** create_check_constraint(name, table, condition, schema=): the condition as a string or sa.text(). */
export function createCheckConstraint(args: CallArgs): string | undefined {
  const table = qualified(args, literal(args.positional[1]));
  const condition = sqlText(args.positional[2]);
  if (!table || !condition) return undefined;
  return `ALTER TABLE ${table} ADD ${constraintName(args)}CHECK (${condition})${notValid(args)}`;
}
