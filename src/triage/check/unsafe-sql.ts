import { walk } from '../../review/analyse/static/sql/ast/walk.js';
import type { PgParser } from '../../review/analyse/static/parsers/pg-parser.js';

/** Statements that reach past the scratch database: the server's files and programs, its settings, roles, databases. */
const OUTSIDE: Record<string, string> = {
  CopyStmt: 'COPY (it reads or writes files or programs of the server)',
  AlterSystemStmt: 'ALTER SYSTEM (it changes the server settings)',
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  CreateRoleStmt: 'CREATE ROLE (roles are shared by every database of the server)',
  AlterRoleStmt: 'ALTER ROLE (roles are shared by every database of the server)',
  AlterRoleSetStmt: 'ALTER ROLE ... SET (roles are shared by every database of the server)',
  DropRoleStmt: 'DROP ROLE (roles are shared by every database of the server)',
  GrantRoleStmt: 'GRANT of a role (roles are shared by every database of the server)',
  LoadStmt: 'LOAD (it loads a library into the server)',
  CreateTableSpaceStmt: 'CREATE TABLESPACE',
};

/** Functions that read the server's files, reach other servers or act on other sessions. */
const OUTSIDE_FUNCTIONS = /^(pg_read_file|pg_read_binary_file|pg_ls_dir|pg_stat_file|lo_import|lo_export|dblink\w*|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|pg_promote)$/;
const UNTRUSTED_LANGUAGES = /^(c|internal|plpythonu|plpython2u|plpython3u|plperlu|pltclu)$/i;
/** A DO block's or function body's text that names what is refused above. */
const IN_BODY = /\bcopy\b[\s\S]*\b(from|to)\s+program\b|\b(pg_read_file|pg_read_binary_file|pg_ls_dir|lo_import|lo_export|dblink\w*|pg_terminate_backend|alter\s+system)\b/i;

/**
 * Why the live check will not run this SQL, or undefined when it may. The scratch database is
 * always dropped, but on a real server (DATABASE_URL) some statements reach past it; a plan's SQL
 * may echo an issue's text, so those are never run, whoever wrote them. The block is then named
 * as not checked live, never as applying.
 */
export function refusedStatement(parser: PgParser, sql: string): string | undefined {
  let tree: unknown;
  try {
    tree = parser.parse(sql);
  } catch {
    return 'it does not parse';
  }
  let why: string | undefined;
  walk(tree, ({ tag, body }) => {
    if (why) return false;
    if (OUTSIDE[tag]) why = OUTSIDE[tag];
    else if (tag === 'FuncCall') {
      const name = (body.funcname as { String?: { sval?: string } }[] | undefined)?.map((n) => n.String?.sval ?? '').pop() ?? '';
      if (OUTSIDE_FUNCTIONS.test(name)) why = `a call of ${name}() (it reaches past the scratch database)`;
    } else if (tag === 'DefElem' && body.defname === 'language' && UNTRUSTED_LANGUAGES.test(String((body.arg as { String?: { sval?: string } })?.String?.sval ?? ''))) {
      why = 'a function in an untrusted language';
    } else if (tag === 'String' && typeof body.sval === 'string' && body.sval.length > 20 && IN_BODY.test(body.sval)) {
      why = 'a body that copies to or from programs or reads server files';
    }
    return undefined;
  });
  return why;
}
