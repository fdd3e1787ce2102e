import type { LiveDbError } from '../../../ports/live-database.js';
import { as, stringsOf } from '../static/sql/ast/node.js';
import { tablesInDdl } from '../static/sql/source/mentioned-tables.js';
import { escapeRegExp } from '../static/support/names.js';
import type { LiveStatement, UnknownMarker } from './statements.js';

/**
 * What the replay could not follow so far. Unknown is not missing: a statement that then fails on
 * one of these objects (a column a loop added, an enum label a Python class holds) fails because
 * the replay did not see what the deploy does, not because the migration is broken.
 */
export interface UnknownState {
  /** Lower-case object name -> what made it unknown. */
  names: Map<string, string>;
  /** Set once an operation that may have changed anything ran: every later failure may come from it. */
  anything?: string;
}

export function emptyUnknown(): UnknownState {
  return { names: new Map() };
}

export function copyUnknown(state: UnknownState): UnknownState {
  return { names: new Map(state.names), anything: state.anything };
}

export function markUnknown(state: UnknownState, marker: UnknownMarker): void {
  if (!marker.names.length) state.anything ??= marker.what;
  for (const name of marker.names) if (!state.names.has(name)) state.names.set(name, marker.what);
}

/** SQLSTATE 42601: a statement PostgreSQL cannot even read is broken whatever ran before it. */
const SYNTAX_ERROR = '42601';

/**
 * Why a failure may come from what the replay could not follow, or undefined when it does not:
 * the statement (its text, its operation's tables) or PostgreSQL's error names an unknown object.
 */
export function unknownCause(state: UnknownState, stmt: LiveStatement, error: LiveDbError): string | undefined {
  if (error.code === SYNTAX_ERROR) return undefined;
  if (state.anything) return `it runs after ${state.anything}, and may rely on what that did`;
  if (!state.names.size) return undefined;
  const texts = [stmt.sql, error.message, error.detail ?? '', ...(stmt.source.op?.tables.map((t) => t.name) ?? [])];
  for (const [name, what] of state.names) {
    const word = new RegExp(`(?:^|[^\\w$])${escapeRegExp(name)}(?![\\w$])`, 'i');
    if (texts.some((t) => word.test(t))) return `it depends on \`${name}\`, changed by ${what}`;
  }
  return undefined;
}

/** A statement that was not replayed leaves what it would have made unknown too (a view, an index, a renamed column). */
export function propagateUnknown(state: UnknownState, stmt: LiveStatement, what: string): void {
  for (const name of definedNames(stmt)) if (!state.names.has(name)) state.names.set(name, what);
}

function definedNames(stmt: LiveStatement): string[] {
  const node = stmt.parsed?.node;
  const tag = stmt.parsed?.tag;
  if (!node || !tag) return tablesInDdl(stmt.sql).tables.map((t) => t.name.toLowerCase());
  const last = (names: string[]) => (names.length ? [names[names.length - 1]] : []);
  let names: (string | undefined)[] = [];
  switch (tag) {
    case 'CreateStmt':
      names = [as(node, 'CreateStmt')?.relation?.relname];
      break;
    case 'ViewStmt':
      names = [as(node, 'ViewStmt')?.view?.relname];
      break;
    case 'CreateTableAsStmt':
      names = [as(node, 'CreateTableAsStmt')?.into?.rel?.relname];
      break;
    case 'IndexStmt':
      names = [as(node, 'IndexStmt')?.idxname, as(node, 'IndexStmt')?.relation?.relname];
      break;
    case 'CreateFunctionStmt':
      names = last(stringsOf(as(node, 'CreateFunctionStmt')?.funcname));
      break;
    case 'CreateEnumStmt':
      names = last(stringsOf(as(node, 'CreateEnumStmt')?.typeName));
      break;
    case 'CreateSeqStmt':
      names = [as(node, 'CreateSeqStmt')?.sequence?.relname];
      break;
    case 'CreateTrigStmt':
      names = [as(node, 'CreateTrigStmt')?.trigname];
      break;
    case 'RenameStmt':
      names = [as(node, 'RenameStmt')?.newname, as(node, 'RenameStmt')?.relation?.relname];
      break;
    default:
      names = tablesInDdl(stmt.sql).tables.map((t) => t.name);
  }
  return names.filter((n): n is string => !!n).map((n) => n.toLowerCase());
}
