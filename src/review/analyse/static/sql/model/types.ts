import type { PgNode } from '../ast/node.js';
import type { QualifiedName, TypeInfo } from '../ast/names.js';
import type { SqlSource, TableRef } from '../source/sql-source.js';

/** One top-level statement of one migration, in replay order, with where it sits in its file. */
export interface SqlStatement {
  /** Position in replay order over the whole repository. */
  id: number;
  path: string;
  node: PgNode;
  /** The node tag: "CreateStmt", "CreatePolicyStmt", ... */
  tag: string;
  source: SqlSource;
  /** Byte offsets of the statement's first token and its end in `source`. */
  start: number;
  end: number;
  /** File lines of the first token and of the last byte. */
  line: number;
  endLine: number;
  /** Comments and whitespace before the statement. */
  preamble: string;
  /** The comment block attached right above the statement (markers stripped, '' when none). */
  comment: string;
  /** True when the pull request added at least one line of the statement. */
  changed: boolean;
  /** Where unqualified names land: the head of the file's `set search_path`, else public. */
  defaultSchema: string;
  /** For an 'Untranslated' statement: SQL the engine could not read, and the tables it may have changed. */
  unknown?: UnknownEffect;
}

/** What an operation the engine could not read may have done. */
export interface UnknownEffect {
  tables: TableRef[];
  /** True when it creates its first table. */
  creates: boolean;
}

export type TablePrivilege = 'select' | 'insert' | 'update' | 'delete' | 'truncate' | 'references' | 'trigger';
export const TABLE_PRIVILEGES: readonly TablePrivilege[] = ['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger'];
export const WRITE_PRIVILEGES: readonly TablePrivilege[] = ['insert', 'update', 'delete', 'truncate'];

/** Role name -> privileges granted (tables and views). */
export type Grants = Map<string, Set<TablePrivilege>>;

export interface Column {
  name: string;
  type: TypeInfo;
  notNull: boolean;
  hasDefault: boolean;
}

export interface ForeignKey {
  name?: string;
  columns: string[];
  references: string;
  /** The referenced columns as written; empty when they are left to the referenced table's primary key. */
  referencedColumns: string[];
  stmt: SqlStatement;
  /** Byte offset of the column or constraint that declares it (where a reader looks). */
  offset: number;
}

export interface CheckConstraint {
  name?: string;
  expr: PgNode | undefined;
  valid: boolean;
}

export interface Index {
  name: QualifiedName | undefined;
  table: Table;
  /** Key columns in order; null for an expression. */
  columns: (string | null)[];
  unique: boolean;
  predicate: PgNode | undefined;
  /** The CREATE INDEX statement, or the CREATE/ALTER TABLE that made a PK or unique constraint. */
  stmt: SqlStatement;
}

export type PolicyCommand = 'all' | 'select' | 'insert' | 'update' | 'delete';

export interface Policy {
  name: string;
  table: Table;
  command: PolicyCommand;
  permissive: boolean;
  roles: string[];
  using: PgNode | undefined;
  withCheck: PgNode | undefined;
  /** The CREATE POLICY and every later ALTER POLICY, in order. */
  definedBy: SqlStatement[];
}

/** A policy as it was before a DROP POLICY removed it or an ALTER POLICY changed it. */
export interface FormerPolicy {
  policy: Policy;
  endedBy: SqlStatement;
}

export type TableKind = 'table' | 'partitioned' | 'partition' | 'foreign' | 'temporary' | 'external';

export interface Table {
  name: QualifiedName;
  /** 'external' tables were never created by a migration (auth.users, dashboard-made tables). */
  kind: TableKind;
  columns: Map<string, Column>;
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  rls: boolean;
  /** The ENABLE/DISABLE ROW LEVEL SECURITY statements, in order. */
  rlsChangedBy: SqlStatement[];
  policies: Map<string, Policy>;
  /** Earlier versions of its policies, dropped or altered since, in replay order. */
  formerPolicies: FormerPolicy[];
  /** Table-level privileges per role (column-level grants are not table-level). */
  grants: Grants;
  /** Columns a role may UPDATE through column-level grants (`grant update (a, b) on t to r`). */
  columnUpdates: Map<string, Set<string>>;
  /** BEFORE UPDATE triggers: they may guard columns the policies do not. */
  updateTriggers: number;
  created: SqlStatement | undefined;
  dropped: boolean;
  /** The DROP TABLE (or DROP SCHEMA) that removed it. */
  droppedBy?: SqlStatement;
  /**
   * Statements that may have changed the table in ways the model could not follow (an operation
   * that was not translated, DDL that did not parse): an index, a column, a policy may exist that
   * the model did not see, so no finding may rest on their absence.
   */
  unknownBy: SqlStatement[];
}

export interface View {
  name: QualifiedName;
  materialized: boolean;
  securityInvoker: boolean;
  query: PgNode | undefined;
  /** Keys of the relations the query reads ("public.orders", "auth.users"). */
  sources: string[];
  grants: Grants;
  /** CREATE VIEW and the ALTER VIEW statements that changed its options, in order. */
  definedBy: SqlStatement[];
  dropped: boolean;
}

export interface Func {
  name: QualifiedName;
  /** Input argument types ("uuid,int4"), the overload key with the name. */
  args: string;
  securityDefiner: boolean;
  /** Where the last SECURITY DEFINER / INVOKER option was written, for findings that point at it. */
  securityOption?: { stmt: SqlStatement; offset: number };
  searchPathSet: boolean;
  language: string;
  body: string;
  /** The return type name ("bool", "trigger", "setof" not included). */
  returns: string;
  returnsTrigger: boolean;
  /** Roles with EXECUTE ("public" included when PUBLIC keeps its default grant). */
  executors: Set<string>;
  /** CREATE FUNCTION and the ALTER FUNCTION / GRANT / REVOKE statements on it, in order. */
  definedBy: SqlStatement[];
  dropped: boolean;
}

/** The final state of the database after replaying every migration, plus what each statement touched. */
export interface SchemaModel {
  tables: Map<string, Table>;
  views: Map<string, View>;
  /** Keyed by "schema.name(args)". */
  functions: Map<string, Func>;
  indexes: Map<string, Index>;
  statements: SqlStatement[];
  /** The table a statement acted on, as it was when the statement ran (statement id -> table). */
  targets: Map<number, Table>;
  /** Column types an ALTER COLUMN ... TYPE replaced (statement id -> column -> type before it). */
  typesBefore: Map<number, Map<string, TypeInfo>>;
  /** The indexes a DROP INDEX removed (statement id -> indexes), with the tables they were on. */
  droppedIndexes: Map<number, Index[]>;
  /** Roles whose USAGE on a schema was revoked (schema -> roles). */
  schemaUsageRevoked: Map<string, Set<string>>;
  /** Default privileges for new tables and functions, per schema ("*" for all schemas). */
  defaultTableGrants: Map<string, Grants>;
  defaultExecutors: Map<string, Set<string>>;
}
