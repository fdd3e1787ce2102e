import type { ChangedFile, Note, RepoSnapshot } from '../../../../../domain/types.js';
import { extractAlembicSql } from '../alembic/extract-sql.js';
import type { ModuleReader } from '../alembic/imported-classes.js';
import { internalErrorNote } from '../shared/internal-error.js';
import { alembicPaths, alembicRevision, fileTransaction, orderAlembicRevisions, sqlMigrationPaths, upSection } from '../source/migration-paths.js';
import { fileSource, type SqlSource } from '../source/sql-source.js';

export interface LoadedSources {
  sources: SqlSource[];
  notes: Note[];
  /** Migration files that could not be read (too large, over the read budget, failed): what they make is unknown. */
  unread: string[];
}

/**
 * Every migration of the head tree as SQL sources in replay order: .sql migrations by filename,
 * then Alembic revisions along their chain. A file that cannot be read or extracted becomes a note.
 */
export async function loadMigrationSources(params: { repo: RepoSnapshot; paths: readonly string[]; changed: readonly ChangedFile[] }): Promise<LoadedSources> {
  const { repo, paths, changed } = params;
  const notes: Note[] = [];
  // The snapshot may be bounded; changed files are always part of the replay.
  const all = [...new Set([...paths, ...changed.filter((f) => f.content !== null).map((f) => f.path)])];
  const sqlPaths = sqlMigrationPaths(all);
  const unread: string[] = [];
  const texts = await readAll({ repo, paths: [...sqlPaths, ...alembicPaths(all)], changed, notes, unread });

  const sources: SqlSource[] = [];
  for (const path of sqlPaths) {
    const text = texts.get(path);
    if (text) sources.push(fileSource(path, upSection(text), fileTransaction(path, text)));
  }
  const found = alembicPaths(all).flatMap((path) => (texts.get(path) ? [{ path, text: texts.get(path) as string }] : []));
  // Revisions of a project that cannot reach PostgreSQL (no driver among its dependencies: SQLite, MySQL) are not replayed.
  const noPostgres = found.length > 0 && (await withoutPostgresDriver(repo, all));
  if (noPostgres) notes.push({ message: `The Alembic migrations were not replayed: the project's dependencies name no PostgreSQL driver (psycopg, asyncpg, pg8000), so they migrate another database.` });
  const environments = noPostgres ? [] : oneEnvironment({ revisions: found, changed, notes });
  const read = moduleReader(repo, all);
  for (const path of environments.flatMap((env) => orderAlembicRevisions(env))) {
    try {
      sources.push(...(await extractAlembicSql(path, texts.get(path) ?? '', read)));
    } catch (err) {
      notes.push(internalErrorNote({ path, err }));
    }
  }
  return { sources, notes, unread };
}

/**
 * Several Alembic environments in one repository (a monorepo's services, each with its own `versions/` folder and
 * root revision) migrate separate databases: replayed into one, the second `create_table("users")` would fail.
 * The replay keeps one: the environment the change touches most (then the largest), and says which it left out.
 * An environment that creates none of the kept one's tables but works on them (`core_oss` adding indexes to the
 * `core` tables, with a version table of its own) migrates the same database: it joins the replay, after the
 * environment whose tables it uses; likewise the kept one runs after an environment that made the tables it uses.
 */
function oneEnvironment(params: { revisions: { path: string; text: string }[]; changed: readonly ChangedFile[]; notes: Note[] }): { path: string; text: string }[][] {
  const { revisions, changed, notes } = params;
  const environments = alembicEnvironments(revisions);
  if (environments.length < 2) return [revisions];
  const changedPaths = new Set(changed.map((f) => f.path));
  const touched = (env: string[]) => env.filter((p) => changedPaths.has(p)).length;
  const [kept, ...others] = [...environments].sort((a, b) => touched(b) - touched(a) || b.length - a.length);
  const texts = new Map(revisions.map((r) => [r.path, r.text]));
  const tables = new Map(environments.map((env) => [env, tablesOf(env.map((p) => texts.get(p) ?? ''))]));
  const group = sameDatabase(kept, others, tables);
  const inGroup = new Set(group.flat());
  const left = others.filter((env) => !group.includes(env));
  const folder = (env: string[]) => `\`${dirname(env[0])}\``;
  const joined = group.filter((env) => env !== kept);
  if (left.length) {
    notes.push({
      message:
        `${environments.length} Alembic environments migrate separate databases; the migration replay follows ${folder(kept)} ` +
        `(${touched(kept) ? 'the one this change touches most' : 'the largest'})` +
        `${joined.length ? ` with ${joined.map(folder).join(', ')}, which work${joined.length === 1 ? 's' : ''} on its tables,` : ''} ` +
        `and leaves out ${left.map(folder).join(', ')}.`,
    });
  }
  return group.map((env) => revisions.filter((r) => inGroup.has(r.path) && env.includes(r.path)));
}

/** Where an Alembic revision names a table: an operation's first argument, an index's or constraint's second, `table_name=`, a key's `"users.id"`. */
const TABLE_NAMED = [
  /\bop\.\w+\(\s*["'](\w+)["']/g,
  /\bop\.(?:create_index|create_unique_constraint|create_foreign_key|create_primary_key|create_check_constraint|drop_constraint)\(\s*(?:op\.f\(\s*)?["'][^"']*["']\s*\)?\s*,\s*["'](\w+)["']/g,
  /\b(?:table_name|referent_table|source_table)\s*=\s*["'](\w+)["']/g,
  /\bForeignKey(?:Constraint)?\([^)]*?["'](\w+)\.\w+["']/g,
];

/** The tables an environment's revisions create, and the tables they name. */
function tablesOf(texts: string[]): { creates: Set<string>; names: Set<string> } {
  const creates = new Set<string>();
  const names = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/create_table\(\s*["'](\w+)["']/g)) creates.add(m[1]);
    for (const re of TABLE_NAMED) for (const m of text.matchAll(re)) names.add(m[1]);
  }
  return { creates, names };
}

/**
 * The environments replayed into one database with `kept`, in replay order: one that creates none of the group's
 * tables joins before the group when it creates tables the group uses, after it when it uses the group's tables.
 */
function sameDatabase(kept: string[], others: string[][], tables: Map<string[], { creates: Set<string>; names: Set<string> }>): string[][] {
  const group = [kept];
  const creates = () => new Set(group.flatMap((env) => [...tables.get(env)!.creates]));
  const uses = (env: string[], made: Set<string>) => [...tables.get(env)!.names].filter((n) => made.has(n) && !tables.get(env)!.creates.has(n)).length;
  for (let grown = true; grown; ) {
    grown = false;
    const made = creates();
    const free = others.filter((env) => !group.includes(env) && ![...tables.get(env)!.creates].some((t) => made.has(t)));
    // Before: the environment that made most of the tables the group uses without making them.
    const groupUses = new Set(group.flatMap((env) => [...tables.get(env)!.names].filter((n) => !made.has(n))));
    const base = free.map((env) => ({ env, n: [...tables.get(env)!.creates].filter((t) => groupUses.has(t)).length })).filter((b) => b.n > 0)
      .sort((a, b) => b.n - a.n || commonPrefix(b.env[0], kept[0]) - commonPrefix(a.env[0], kept[0]))[0];
    if (base) {
      group.unshift(base.env);
      grown = true;
      continue;
    }
    const after = free.find((env) => uses(env, made) > 0);
    if (after) {
      group.push(after);
      grown = true;
    }
  }
  return group;
}

const commonPrefix = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
};

/**
 * Revisions grouped by environment: their folders, joined when a revision of one names a parent that only another
 * holds. Two environments may reuse a revision id (a tenant schema's history copied from the core one): a parent id
 * the child's own folder has, or that several folders have, joins nothing.
 */
function alembicEnvironments(revisions: readonly { path: string; text: string }[]): string[][] {
  const foldersOf = new Map<string, Set<string>>();
  for (const r of revisions) {
    const id = alembicRevision(r.text).revision;
    if (id) foldersOf.set(id, (foldersOf.get(id) ?? new Set()).add(dirname(r.path)));
  }
  const root = new Map<string, string>();
  const find = (f: string): string => {
    let r = f;
    while (root.get(r) !== r) r = root.get(r) ?? r;
    return r;
  };
  for (const r of revisions) if (!root.has(dirname(r.path))) root.set(dirname(r.path), dirname(r.path));
  for (const r of revisions) {
    for (const parent of alembicRevision(r.text).parents) {
      const folders = foldersOf.get(parent);
      if (!folders || folders.size !== 1 || folders.has(dirname(r.path))) continue;
      root.set(find([...folders][0]), find(dirname(r.path)));
    }
  }
  const groups = new Map<string, string[]>();
  for (const r of revisions) {
    const key = find(dirname(r.path));
    groups.set(key, [...(groups.get(key) ?? []), r.path]);
  }
  return [...groups.values()];
}

const dirname = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));

/** Where a Python project declares its dependencies, outside documentation, examples and tests. */
const MANIFEST = /^(?!(?:.*\/)?(?:docs?|examples?|tests?|benchmarks?|performance_tests)\/)(?:[^/]+\/){0,4}(?:pyproject\.toml|setup\.py|setup\.cfg|Pipfile|requirements[\w.-]*\.(?:txt|in))$/;
/** Files that say how the app is run: a compose file, an image, example settings. */
const RUNTIME = /^(?:[^/]+\/){0,3}(?:docker-compose[\w.-]*\.ya?ml|compose[\w.-]*\.ya?ml|Dockerfile[\w.-]*|\.env[\w.-]*|alembic\.ini)$/;
/** A PostgreSQL driver, or PostgreSQL named in a runtime file. */
const POSTGRES = /psycopg|asyncpg|pg8000|supabase|postgres/i;
/** The declarations use SQLAlchemy, SQLModel or Alembic: the file is where the database stack is declared. */
const SQLA = /sqlalchemy|sqlmodel|alembic/i;

/**
 * The project declares SQLAlchemy (or SQLModel, Alembic) in its dependency manifests, and neither they nor the files
 * that run it (compose files, Dockerfiles, example settings, alembic.ini) name a PostgreSQL driver or PostgreSQL: the
 * app cannot talk to PostgreSQL, so its Alembic revisions migrate another database (SQLite, MySQL). Unknown (no
 * manifest read) is not that.
 */
async function withoutPostgresDriver(repo: RepoSnapshot, paths: readonly string[]): Promise<boolean> {
  const manifests = paths.filter((p) => MANIFEST.test(p));
  const runtime = paths.filter((p) => RUNTIME.test(p));
  const texts = await Promise.all([...manifests, ...runtime].map((p) => repo.readText(p).catch(() => null)));
  // A file it could not read (over the read budget) may be the one that names the driver.
  if (texts.some((t) => t === null || POSTGRES.test(t))) return false;
  return texts.slice(0, manifests.length).some((t) => SQLA.test(t as string));
}

/**
 * Reads the files concurrently (the GitHub snapshot limits concurrency and budgets reads), newest
 * first so that a budget cut drops the oldest migrations, and notes what could not be read.
 */
async function readAll(params: { repo: RepoSnapshot; paths: string[]; changed: readonly ChangedFile[]; notes: Note[]; unread: string[] }): Promise<Map<string, string>> {
  const { repo, paths, changed, notes, unread } = params;
  const changedText = new Map(changed.map((f) => [f.path, f.content]));
  const texts = new Map<string, string>();
  let missing = 0;
  await Promise.all(
    [...paths].reverse().map(async (path) => {
      try {
        const text = changedText.get(path) ?? (await repo.readText(path));
        if (text === null) {
          missing++;
          unread.push(path);
        } else texts.set(path, text);
      } catch (err) {
        unread.push(path);
        notes.push({ path, message: `${path} could not be read: ${(err as Error).message}` });
      }
    }),
  );
  if (missing) notes.push({ message: `${missing} migration file(s) could not be read (binary, too large or over the read budget); the schema model may be incomplete` });
  return texts;
}

/**
 * Reads the project's Python modules a revision imports (its enum classes), each once: by its path
 * from the root, or for an absolute import under any source folder (`src/app/types.py` for
 * `app.types`), the shortest such path. A module it cannot read is simply not known.
 */
function moduleReader(repo: RepoSnapshot, paths: readonly string[]): ModuleReader {
  const python = paths.filter((p) => p.endsWith('.py'));
  const cache = new Map<string, Promise<string | null>>();
  return async (candidates, exact) => {
    for (const candidate of candidates) {
      const path = exact ? python.find((p) => p === candidate) : python.filter((p) => p === candidate || p.endsWith(`/${candidate}`)).sort((a, b) => a.length - b.length)[0];
      if (!path) continue;
      if (!cache.has(path)) cache.set(path, repo.readText(path).catch(() => null));
      const text = await cache.get(path);
      return text === null || text === undefined ? null : { path, text };
    }
    return null;
  };
}
