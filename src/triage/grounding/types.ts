import type { PolicyCommand } from '../../review/analyse/static/sql/model/types.js';

/**
 * What a plan may refer to, read from the repository's default branch: the tables the migrations
 * build (or, without migrations, the ORM models declare), the FastAPI routes and the Pydantic
 * models. Everything here exists in the repository; a plan names these or says it creates new ones.
 */
export interface GroundColumn {
  name: string;
  /** The SQL type as written in the model ("timestamptz", "int4", "varchar(20)"). */
  type: string;
  notNull: boolean;
  /** The table key a foreign key on this column references ("public.schools", "auth.users"). */
  references?: string;
}

export interface GroundPolicy {
  name: string;
  command: PolicyCommand;
  roles: string[];
  /** The CREATE POLICY statement as written (whitespace folded, clipped). */
  text: string;
  /** Where it was last defined. */
  path: string;
  line: number;
}

export interface GroundTable {
  /** "public.lessons"; ORM tables without a schema are put in public. */
  key: string;
  schema: string;
  name: string;
  columns: GroundColumn[];
  /** Columns that say whose row it is: compared with auth.uid() in a policy, a foreign key to a user table, a conventional owner name. */
  ownerColumns: string[];
  /** True / false from the migrations; null when the repository does not manage RLS (ORM-only tables). */
  rls: boolean | null;
  policies: GroundPolicy[];
  /** Key columns of every index (primary keys and unique constraints included), in order. */
  indexes: string[][];
  /** Key columns of the unique ones (primary keys included): what the database refuses to duplicate. */
  uniques: string[][];
  /** The migration statement or model class that creates it. */
  path: string;
  line: number;
  origin: 'migration' | 'model';
  /** The ORM class mapped to it, when there is one. */
  model?: string;
}

export interface GroundRoute {
  method: string;
  /** The full path: include_router and APIRouter prefixes joined with the decorator's path. */
  path: string;
  file: string;
  line: number;
  handler: string;
  /** The dependency callables it runs (path-level, router-level and its parameters'). */
  dependencies: string[];
  /** True when one of its dependencies authenticates the caller. */
  authenticated: boolean;
  /** The dependency that identifies the caller (`get_current_user`), even when the route reaches it through another (`get_db`). */
  caller?: string;
  /** Pydantic models of its body parameters, and its response model, as written. */
  requestModels: string[];
  responseModel?: string;
}

export interface GroundModel {
  name: string;
  file: string;
  line: number;
  fields: string[];
  kind: 'pydantic' | 'orm';
  /** ORM models: the table they map. */
  table?: string;
}

export type MigrationTool = 'supabase' | 'alembic' | 'sql' | 'none';

export interface RepoLayout {
  /** Where the FastAPI app is created (main.py), when found. */
  app?: string;
  /** Folders that hold routers, Pydantic schemas, services and tests (with a trailing slash). */
  routers?: string;
  schemas?: string;
  /** The module that declares most ORM models. */
  models?: string;
  services?: string;
  tests: string;
  /** Where new migrations go, and how the repository writes them. */
  migrations: { tool: MigrationTool; dir?: string };
  /** The module that declares the dependencies (deps.py, dependencies.py, auth.py). */
  deps?: string;
  /** The module that includes the routers (`include_router`), where a new router is registered. */
  registry?: string;
}

/** Is this a repository the app reviews? The same detection the review uses, over the whole tree. */
export interface BackendVerdict {
  verdict: 'yes' | 'no' | 'unknown';
  /** The path or manifest that decided, or why it could not be told. */
  evidence: string;
}

export interface RepoGrounding {
  /** The branch or commit it was read at. */
  ref: string;
  paths: string[];
  backend: BackendVerdict;
  /** A Supabase project: its policies use auth.uid() and the API roles, so RLS is the database half of authorisation. */
  supabase: boolean;
  tables: GroundTable[];
  routes: GroundRoute[];
  models: GroundModel[];
  layout: RepoLayout;
  /** The dependency most routes use to authenticate (name and the file that defines it). */
  auth?: { name: string; file?: string };
  /** What could not be read or modelled, for the reply and the logs. */
  notes: string[];
}
