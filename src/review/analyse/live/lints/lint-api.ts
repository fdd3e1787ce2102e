import type { RuleMeta } from '../../static/shared/rule.js';
import type { Severity } from '../../../../domain/types.js';
import type { PgParser } from '../../static/parsers/pg-parser.js';

/** What a lint query sees: the schemas the Data API serves, and whether this is a Supabase project. */
export interface LintScope {
  exposed: string[];
  supabase: boolean;
}

/** What a lint may use beside its row: the PostgreSQL parser, to read a function body the catalog holds as text. */
export interface LintTools {
  parser: PgParser;
}

/** One row a lint query returned, turned into a problem about one catalog object. */
export interface LintReport {
  /** The catalog keys of the objects at fault (see catalog-snapshot.ts): reported when one is new or changed, on the last of those. */
  keys: string[];
  message: string;
  severity?: Severity;
}

/**
 * A database lint: a catalog query over the replayed head schema. `meta.id` is the static rule of
 * the same meaning when there is one (its catalogue entry), so the two sources merge into one finding.
 */
export interface LiveLint {
  meta: RuleMeta;
  /** Needs the Supabase API roles (anon, authenticated) and exposed schemas. */
  supabaseOnly: boolean;
  /** The catalog query; `$1` is the exposed schemas (text[]). */
  sql: string;
  report(row: Record<string, unknown>, tools: LintTools): LintReport | undefined;
  /**
   * For a finding about the cost of queries through the Data API (a policy evaluated per row): the table they query.
   * It is dropped when every query of that table the repository shows runs from the server, past RLS.
   */
  apiTable?(row: Record<string, unknown>): string | undefined;
  /** Anchor only on statements of these kinds (parse tree tags), e.g. GrantStmt for a grant lint. */
  anchorOn?: string[];
  /** Anchor on statements of these kinds when there is one (CREATE TABLE over a later GRANT). */
  preferAnchorOn?: string[];
}

/** `array(select r from ...)`: the API roles that hold a privilege, as a SQL expression over `expr`. */
export function apiRolesWith(check: (role: string) => string): string {
  return `array(select r from unnest(array['anon', 'authenticated']) r where ${check('r')})`;
}

/** Statements that make a table what it is: created, or altered (RLS on or off, columns). */
export const TABLE_STATEMENTS = ['CreateStmt', 'AlterTableStmt', 'CreateTableAsStmt'];

export const code = (s: unknown) => '`' + String(s) + '`';

/** The API roles a row lists (`{anon,authenticated}` from either driver) as words. */
export function rolesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
  return [];
}

export function audience(roles: readonly string[]): string {
  if (roles.includes('anon')) return 'anyone holding the anon key';
  if (roles.includes('authenticated')) return 'every signed-in user';
  return roles.join(', ');
}
