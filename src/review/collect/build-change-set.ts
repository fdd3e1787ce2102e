import picomatch from 'picomatch';
import { parseCommentableLines } from './parse-patch.js';
import {
  MAX_FILE_BYTES,
  classifyPath,
  decodeText,
  importsBackendLibrary,
  looksBinary,
  skipReasonForPath,
} from './classify-file.js';
import type { ChangeSet, ChangedFile, FileStatus, SkippedFile } from '../../domain/types.js';
import { FileTooLargeError } from '../../ports/github.js';

/** One changed file as the platform lists it (GitHub's PR files, or `git diff`). */
export interface RawFileEntry {
  path: string;
  previousPath?: string;
  status: FileStatus;
  /** Unified-diff hunks; undefined when the platform sent none (binary, or a diff too large). */
  patch?: string;
  /** Head blob size in bytes, when known before fetching. */
  size?: number;
  /** The platform already knows the file is binary. */
  binary?: boolean;
}

export interface BuildChangeSetParams {
  meta: Omit<ChangeSet, 'files' | 'skipped'>;
  entries: RawFileEntry[];
  /** Head bytes of a path (null when missing). Called only for selected candidates. */
  readHead(path: string): Promise<Uint8Array | null>;
  /** For a Python file importing no backend library itself: is it still backend code (see backend-repo.ts)? */
  isBackendPath(path: string): Promise<boolean>;
  /** What git stores at a path (the head tree's mode), when the platform can tell: links and submodules are never read. */
  entryKind?(path: string): Promise<'file' | 'symlink' | 'submodule' | undefined>;
  paths?: { include: string[]; exclude: string[] };
}

export const NOT_BACKEND = 'not FastAPI / Supabase backend code';

const pythonPackage = (path: string) => path.split('/').slice(0, -1).slice(0, 1).join('/');

/**
 * Selects the backend files of a change, fetches only their head contents, and maps each patch
 * to commentable lines. Everything left out is recorded with a reason, never dropped silently.
 */
export async function buildChangeSet(params: BuildChangeSetParams): Promise<ChangeSet> {
  const { entries, readHead, paths } = params;
  const skipped: SkippedFile[] = [];
  const include = paths?.include.length ? picomatch(paths.include, { dot: true }) : null;
  const exclude = paths?.exclude.length ? picomatch(paths.exclude, { dot: true }) : null;
  const candidates: { entry: RawFileEntry; file: ChangedFile }[] = [];

  const others: SkippedFile[] = [];
  for (const entry of entries) {
    const kind = classifyPath(entry.path);
    if (!kind) {
      // Not backend code (frontend, docs, assets): not reviewed, and named as such.
      const submodule = /^@@ [^\n]*@@\n[-+]Subproject commit [0-9a-f]/.test(entry.patch ?? '');
      others.push({ path: entry.path, reason: submodule ? 'submodule' : (skipReasonForPath(entry.path) ?? (entry.binary ? 'binary file' : NOT_BACKEND)) });
      continue;
    }
    const reason =
      (exclude?.(entry.path) && 'excluded by paths.exclude') ||
      (include && !include(entry.path) && 'not matched by paths.include') ||
      skipReasonForPath(entry.path) ||
      (entry.binary && 'binary file') ||
      (entry.size !== undefined && entry.size > MAX_FILE_BYTES && `larger than 1 MB (${Math.round(entry.size / 1024)} KB)`) ||
      (entry.status !== 'removed' && entry.patch === undefined && 'GitHub sent no diff for this file (too large to diff)');
    if (reason) {
      skipped.push({ path: entry.path, reason });
      continue;
    }
    const patch = entry.patch ?? '';
    candidates.push({
      entry,
      file: {
        path: entry.path,
        previousPath: entry.previousPath,
        status: entry.status,
        kind,
        patch,
        lines: parseCommentableLines(patch),
        content: null,
      },
    });
  }

  await Promise.all(
    candidates.map(async ({ entry, file }) => {
      if (entry.status === 'removed') return;
      // A link's blob is its target path, and a submodule is another repository: neither is code to parse here.
      const stored = await params.entryKind?.(entry.path);
      if (stored === 'symlink' || stored === 'submodule') {
        skipped.push({ path: entry.path, reason: stored === 'symlink' ? 'symbolic link' : 'submodule' });
        return;
      }
      let bytes: Uint8Array | null;
      try {
        bytes = await readHead(entry.path);
      } catch (err) {
        if (!(err instanceof FileTooLargeError)) throw err;
        skipped.push({ path: entry.path, reason: `larger than 1 MB (${Math.round(err.size / 1024)} KB)` });
        return;
      }
      if (bytes === null) {
        skipped.push({ path: entry.path, reason: 'head content not found' });
        return;
      }
      if (bytes.length > MAX_FILE_BYTES) skipped.push({ path: entry.path, reason: `larger than 1 MB (${Math.round(bytes.length / 1024)} KB)` });
      else if (looksBinary(bytes)) skipped.push({ path: entry.path, reason: 'binary file' });
      else file.content = decodeText(bytes);
    }),
  );

  const fetched = candidates.map((c) => c.file).filter((f) => f.status === 'removed' || f.content !== null);
  const files = await selectBackendPython(fetched, params.isBackendPath, skipped);
  files.sort((a, b) => a.path.localeCompare(b.path));
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  others.sort((a, b) => a.path.localeCompare(b.path));
  return { ...params.meta, files, skipped, others };
}

/**
 * Keeps a Python file when it imports a FastAPI / database / Supabase library, when a changed
 * file of the same top-level package does, or when the repository says it is backend code.
 */
async function selectBackendPython(files: ChangedFile[], isBackendPath: (path: string) => Promise<boolean>, skipped: SkippedFile[]): Promise<ChangedFile[]> {
  const python = files.filter((f) => f.kind === 'python' && f.content !== null);
  const backendPackages = new Set(python.filter((f) => importsBackendLibrary(f.content!)).map((f) => pythonPackage(f.path)));
  const undecided = python.filter((f) => !importsBackendLibrary(f.content!) && !backendPackages.has(pythonPackage(f.path)));
  const rejected = new Set<ChangedFile>();
  for (const f of undecided) {
    if (await isBackendPath(f.path)) continue;
    rejected.add(f);
    skipped.push({ path: f.path, reason: NOT_BACKEND });
  }
  return files.filter((f) => !rejected.has(f));
}
