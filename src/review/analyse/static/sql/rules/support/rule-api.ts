import type { Severity } from '../../../../../../domain/types.js';
import type { StaticRule } from '../../../shared/rule.js';
import type { SchemaModel, SqlStatement } from '../../model/types.js';
import type { PgParser } from '../../../parsers/pg-parser.js';
import type { KeyCandidate, KeyUsage, TableUse } from '../../../support/key-usage.js';

/** What a SQL rule sees: the replayed final schema and the statements the pull request touched. */
export interface SqlRuleContext {
  model: SchemaModel;
  /** Statements with at least one added line, in replay order. */
  changed: readonly SqlStatement[];
  /** True when the schema is served by the Supabase Data API (and the repository is a Supabase project). */
  exposed(schema: string): boolean;
  /** `[db] major_version`, assumed 15 (Supabase's default since 2023) when not stated. */
  pgMajor: number;
  /** The PostgreSQL parser, for rules that read SQL held in strings (function bodies). */
  parser: PgParser;
  /** Whether the application searches rows by a foreign key (absent: unknown, the key is reported). */
  keyUsage?: (candidate: KeyCandidate) => KeyUsage;
  /** Whether the application may reach a table as `anon` / `authenticated`, or only as a role RLS does not hold back (absent: unknown). */
  tableUse?: (table: string) => TableUse;
}

/** A replacement for file lines `fromLine..toLine` (a GitHub suggestion block). */
export interface LineEdit {
  fromLine: number;
  toLine: number;
  text: string;
}

/** One problem a rule found, anchored on a statement. */
export interface SqlReport {
  stmt: SqlStatement;
  message: string;
  /** Byte offset of the part the problem is about, used when the statement's first line is not an added line. */
  focus?: number;
  /** The focus is where the fix is written (the call to wrap, the option to complete), not only the part at fault. */
  focusIsFix?: boolean;
  /**
   * The focus names one of several parts of the statement, each its own finding (a column of a table with
   * five foreign keys): the finding goes on the focus line, wherever it lies in the statement.
   */
  atFocus?: boolean;
  title?: string;
  severity?: Severity;
  edit?: LineEdit;
  /**
   * For a rule that defers to a rewrite: one sentence added to the high-severity rls finding that
   * replaces this report, so the advice still reaches the author.
   */
  inRewrite?: string;
}

/** A SQL rule: the static rule shape over the replayed schema, returning reports on statements. */
export interface SqlRule extends StaticRule<SqlRuleContext, SqlReport[]> {
  /**
   * True for tuning advice that is moot when the same statement gets a high-severity rls finding:
   * a reviewer who asks for a rewrite of an insecure policy does not also nag about its speed.
   */
  defersToRewrite?: boolean;
  /**
   * True for problems of the moment a statement runs (a lock, a table rewrite, a failing ALTER): they
   * happen at deploy even when a later statement changes the object again. Other rules judge what the
   * statement leaves behind, and a later statement of the change that replaces it silences them.
   */
  atDeploy?: boolean;
  /**
   * True for risks that need rows in the table (a lock held through a scan of a big table, a rewrite, a NOT NULL
   * column with no default). A change that adds every migration of the repository (a project's first commit, a review
   * of the whole repository) deploys onto no database that holds data: they are not reported there.
   */
  onExistingRows?: boolean;
}
