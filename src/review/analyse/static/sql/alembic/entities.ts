import { bindArgs, callArgs } from './call-args.js';
import { notStatic, type OpSite, type Translation } from './op-site.js';
import { ident } from './sql-names.js';
import { calleeTail, isTrue, literal, resolve } from './python-values.js';

/** alembic_utils entity classes and their constructor parameters. */
const PARAMS: Record<string, string[]> = {
  PGFunction: ['schema', 'signature', 'definition'],
  PGProcedure: ['schema', 'signature', 'definition'],
  PGView: ['schema', 'signature', 'definition'],
  PGMaterializedView: ['schema', 'signature', 'definition', 'with_data'],
  PGTrigger: ['schema', 'signature', 'on_entity', 'is_constraint', 'definition'],
  PGPolicy: ['schema', 'signature', 'on_entity', 'definition'],
  PGExtension: ['schema', 'signature'],
};

/**
 * `op.create_entity(e)` / `op.replace_entity(e)` of alembic_utils, where `e` is a PGFunction,
 * PGView, PGTrigger, PGPolicy... (usually bound to a name just above): the DDL alembic_utils runs.
 */
export function entityOp(site: OpSite, verb: 'create' | 'replace' | 'drop'): Translation {
  const arg = site.args.get('entity');
  const { node, env } = arg ? resolve(arg, site.env) : { node: undefined, env: site.env };
  const kind = node?.type === 'call' ? calleeTail(node) : '';
  const params = PARAMS[kind];
  if (!node || !params) return notStatic('the entity');
  const args = bindArgs(callArgs(node), params);
  const get = (p: string) => literal(args.get(p), env)?.replace(/\\:/g, ' :');
  const schema = get('schema');
  const signature = get('signature');
  const definition = get('definition') ?? '';
  if (!schema || !signature) return notStatic('the entity');
  const name = `${ident(schema)}.${signature}`;
  const sql = entitySql({ kind, verb, name, signature, definition, onEntity: get('on_entity') ?? '', flags: { constraint: isTrue(args.get('is_constraint'), env), withData: !args.get('with_data') || isTrue(args.get('with_data'), env) } });
  return { sql, tables: [] };
}

const DROPPED: Record<string, string> = {
  PGFunction: 'FUNCTION',
  PGProcedure: 'PROCEDURE',
  PGView: 'VIEW',
  PGMaterializedView: 'MATERIALIZED VIEW',
  PGExtension: 'EXTENSION',
};

function entitySql(p: { kind: string; verb: string; name: string; signature: string; definition: string; onEntity: string; flags: { constraint: boolean; withData: boolean } }): string {
  if (p.verb === 'drop') {
    const on = p.kind === 'PGTrigger' || p.kind === 'PGPolicy' ? ` ON ${p.onEntity}` : '';
    const what = DROPPED[p.kind] ?? (p.kind === 'PGTrigger' ? 'TRIGGER' : 'POLICY');
    return `DROP ${what} IF EXISTS ${on ? ident(p.signature) : p.kind === 'PGExtension' ? ident(p.signature) : p.name}${on}`;
  }
  switch (p.kind) {
    case 'PGFunction':
    case 'PGProcedure':
      return `CREATE OR REPLACE ${p.kind === 'PGFunction' ? 'FUNCTION' : 'PROCEDURE'} ${p.name} ${p.definition}`;
    case 'PGView':
      return `CREATE OR REPLACE VIEW ${p.name} AS ${p.definition}`;
    case 'PGMaterializedView':
      return `${p.verb === 'replace' ? `DROP MATERIALIZED VIEW IF EXISTS ${p.name}; ` : ''}CREATE MATERIALIZED VIEW ${p.name} AS ${p.definition} WITH ${p.flags.withData ? '' : 'NO '}DATA`;
    case 'PGTrigger':
      return `${p.verb === 'replace' ? `DROP TRIGGER IF EXISTS ${ident(p.signature)} ON ${p.onEntity}; ` : ''}CREATE ${p.flags.constraint ? 'CONSTRAINT ' : ''}TRIGGER ${ident(p.signature)} ${p.definition}`;
    case 'PGPolicy':
      return `${p.verb === 'replace' ? `DROP POLICY IF EXISTS ${ident(p.signature)} ON ${p.onEntity}; ` : ''}CREATE POLICY ${ident(p.signature)} ON ${p.onEntity} ${p.definition}`;
    default:
      return `CREATE EXTENSION IF NOT EXISTS ${ident(p.signature)}`;
  }
}
