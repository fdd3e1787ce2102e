import type { FileKind } from '../../domain/types.js';

/** The size above which a file is not fetched or analysed (GitHub's contents API limit too). */
export const MAX_FILE_BYTES = 1024 * 1024;

const VENDORED = [
  /(^|\/)(node_modules|vendor|vendored|third_party|site-packages|\.venv|venv|env|\.tox|dist|build|__pycache__)\//,
  /(^|\/)\.git\//,
];
const GENERATED = [
  /_pb2(_grpc)?\.pyi?$/,
  /\.min\.(js|css)$/,
  /(^|\/)generated\//,
  /(^|\/)(package-lock\.json|poetry\.lock|uv\.lock|Pipfile\.lock|pnpm-lock\.yaml|yarn\.lock)$/,
  /(^|\/)supabase\/(\.temp|\.branches)\//,
];
const BINARY_EXT = /\.(png|jpe?g|gif|webp|ico|bmp|pdf|zip|gz|tgz|bz2|xz|7z|tar|whl|egg|so|dylib|dll|exe|bin|pyc|pyo|sqlite3?|db|parquet|woff2?|ttf|otf|eot|mp[34]|mov|avi|wav)$/i;

/**
 * An Alembic revision: a file of a `versions/` folder under the script location, whatever the
 * project named it (`alembic/`, `migrations/`, `alembic_tenants/`, `database/revisions/tenant/`).
 */
const ALEMBIC_VERSIONS = /(^|\/)[^/]*(alembic|migration|revision)[^/]*\/([^/]+\/)*versions\/[^/]+\.py$/i;

/**
 * What kind of backend file a path is, judged by path alone; null when it is not one we review.
 * Alembic revisions are Python files too, but their SQL goes to the SQL rules.
 */
export function classifyPath(path: string): FileKind | null {
  const p = path.replace(/\\/g, '/');
  if (/(^|\/)supabase\/config\.toml$/.test(p)) return 'supabase-config';
  if (/\.sql$/i.test(p)) {
    if (/(^|\/)supabase\/migrations\/[^/]+\.sql$/i.test(p)) return 'sql';
    if (/(^|\/)migrations\/(.+\/)?[^/]+\.sql$/i.test(p)) return 'sql';
    return null;
  }
  if (/\.py$/.test(p)) {
    if (ALEMBIC_VERSIONS.test(p)) return 'alembic';
    return 'python';
  }
  return null;
}

/** A reason to skip a path without fetching it, or null. */
export function skipReasonForPath(path: string): string | null {
  const p = path.replace(/\\/g, '/');
  if (VENDORED.some((re) => re.test(p))) return 'vendored or third-party code';
  if (GENERATED.some((re) => re.test(p))) return 'generated file';
  if (BINARY_EXT.test(p)) return 'binary file';
  return null;
}

const BACKEND_IMPORT =
  /^[ \t]*(?:from[ \t]+(fastapi|starlette|sqlalchemy|sqlmodel|supabase|postgrest|gotrue|asyncpg|psycopg2?|databases|alembic|pydantic)\b|import[ \t]+(fastapi|starlette|sqlalchemy|sqlmodel|supabase|asyncpg|psycopg2?|databases|alembic)\b)/m;

/** True when Python source imports a FastAPI / database / Supabase library. */
export function importsBackendLibrary(source: string): boolean {
  return BACKEND_IMPORT.test(source);
}

/** True when a dependency manifest names FastAPI, Supabase or a Postgres driver. */
export function manifestNamesBackend(text: string): boolean {
  return /\b(fastapi|starlette|supabase|sqlalchemy|sqlmodel|asyncpg|psycopg2?(-binary)?|psycopg)\b/i.test(text);
}

/** True when bytes look binary: a NUL byte in the first 8 KB, as git decides. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8000);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Decodes bytes as UTF-8, replacing invalid sequences (never throws). */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}
