import type { ChangedFile, Note, RepoSnapshot } from '../../../../types.js';
import { extractAlembicSql } from '../alembic/extract-sql.js';
import { alembicPaths, fileTransaction, orderAlembicRevisions, sqlMigrationPaths, upSection } from './migration-paths.js';
import { fileSource, type SqlSource } from './sql-source.js';

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
  const changedText = new Map(changed.map((f) => [f.path, f.content]));
  // The snapshot may be bounded; changed files are always part of the replay.
  const all = [...new Set([...paths, ...changed.filter((f) => f.content !== null).map((f) => f.path)])];
  const read = async (path: string) => changedText.get(path) ?? (await repo.readText(path));

  const readOrNote = async (path: string): Promise<string | null> => {
    try {
      return await read(path);
    } catch (err) {
      notes.push({ path, message: `${path} could not be read: ${(err as Error).message}` });
      return null;
    }
  };
  const sources: SqlSource[] = [];
  for (const path of sqlMigrationPaths(all)) {
    const text = await readOrNote(path);
    if (text !== null) sources.push(fileSource(path, upSection(text), fileTransaction(path, text)));
  }
  const revisions: { path: string; text: string }[] = [];
  for (const path of alembicPaths(all)) {
    const text = await readOrNote(path);
    if (text !== null) revisions.push({ path, text });
  }
  const byPath = new Map(revisions.map((r) => [r.path, r.text]));
  for (const path of orderAlembicRevisions(revisions)) {
    try {
      sources.push(...(await extractAlembicSql(path, byPath.get(path) ?? '')));
    } catch (err) {
      notes.push({ path, message: `Alembic revision ${path} was not analysed: ${(err as Error).message}` });
    }
  }
  return { sources, notes };
}
