import type { ChangedFile, Note, RepoSnapshot } from '../../../../../domain/types.js';
import { extractAlembicSql } from '../alembic/extract-sql.js';
import type { ModuleReader } from '../alembic/imported-classes.js';
import { internalErrorNote } from '../shared/internal-error.js';
import { alembicPaths, fileTransaction, orderAlembicRevisions, sqlMigrationPaths, upSection } from '../source/migration-paths.js';
import { fileSource, type SqlSource } from '../source/sql-source.js';

export interface LoadedSources {
  sources: SqlSource[];
  notes: Note[];
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
  const texts = await readAll({ repo, paths: [...sqlPaths, ...alembicPaths(all)], changed, notes });

  const sources: SqlSource[] = [];
  for (const path of sqlPaths) {
    const text = texts.get(path);
    if (text) sources.push(fileSource(path, upSection(text), fileTransaction(path, text)));
  }
  const revisions = alembicPaths(all).flatMap((path) => (texts.get(path) ? [{ path, text: texts.get(path) as string }] : []));
  const read = moduleReader(repo, all);
  for (const path of orderAlembicRevisions(revisions)) {
    try {
      sources.push(...(await extractAlembicSql(path, texts.get(path) ?? '', read)));
    } catch (err) {
      notes.push(internalErrorNote({ path, err }));
    }
  }
  return { sources, notes };
}

/**
 * Reads the files concurrently (the GitHub snapshot limits concurrency and budgets reads), newest
 * first so that a budget cut drops the oldest migrations, and notes what could not be read.
 */
async function readAll(params: { repo: RepoSnapshot; paths: string[]; changed: readonly ChangedFile[]; notes: Note[] }): Promise<Map<string, string>> {
  const { repo, paths, changed, notes } = params;
  const changedText = new Map(changed.map((f) => [f.path, f.content]));
  const texts = new Map<string, string>();
  let missing = 0;
  await Promise.all(
    [...paths].reverse().map(async (path) => {
      try {
        const text = changedText.get(path) ?? (await repo.readText(path));
        if (text === null) missing++;
        else texts.set(path, text);
      } catch (err) {
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
