import type { RepoSnapshot } from '../../../domain/types.js';
import type { StatementFailure } from './replay.js';
import type { Migration } from './statements.js';
import { className, escapeRegExp } from '../static/support/names.js';

/** How many Python files the search for model declarations reads at most. */
const MAX_MODEL_FILES = 2000;

/** `relation "dispatch_user_organization" does not exist` -> `dispatch_user_organization`. */
export function missingRelation(failure: StatementFailure): string | null {
  if (failure.error.code !== '42P01') return null;
  const name = /relation "([^"]+)" does not exist/.exec(failure.error.message)?.[1];
  return name ? name.replace(/^.*\./, '') : null;
}

/**
 * Tables the migrations use but none of them creates, while the application's models declare them
 * (`__tablename__ = "..."`, `Table("...")`): the project makes its schema outside the migrations
 * (`Base.metadata.create_all` then `alembic stamp head`), so a replay from an empty database cannot
 * start, and that is not a bug of the migration. A name no model declares (a typo) stays a failure.
 */
export async function tablesMadeOutsideMigrations(
  repo: RepoSnapshot,
  migrations: readonly Migration[],
  failures: readonly StatementFailure[],
): Promise<Set<string>> {
  const wanted = new Set<string>();
  for (const f of failures) {
    const name = missingRelation(f);
    if (name && !migrations.some((m) => m.statements.some((s) => creates(s.sql, name)))) wanted.add(name);
  }
  const found = new Set<string>();
  if (!wanted.size) return found;
  const paths = (await repo.listPaths().catch(() => [] as string[])).filter((p) => p.endsWith('.py') && !/(^|\/)(migrations?|alembic|versions|revisions|tests?)\//.test(p));
  for (const path of paths.slice(0, MAX_MODEL_FILES)) {
    const text = await repo.readText(path).catch(() => null);
    if (!text || !/__tablename__|Table\(|\b(sqlalchemy|sqlmodel)\b/.test(text)) continue;
    const orm = /\b(sqlalchemy|sqlmodel)\b/.test(text);
    for (const name of wanted) {
      const escaped = escapeRegExp(name);
      if (new RegExp(`__tablename__\\s*(?::\\s*\\w+\\s*)?=\\s*["']${escaped}["']|\\bTable\\(\\s*["']${escaped}["']`).test(text)) found.add(name);
      // A declarative base that names tables after their classes: `class DispatchUserOrganization(Base)`.
      else if (orm && new RegExp(`^class\\s+${className(name)}\\s*\\(\\s*\\w`, 'm').test(text)) found.add(name);
    }
    if (found.size === wanted.size) break;
  }
  return found;
}

function creates(sql: string, table: string): boolean {
  const escaped = escapeRegExp(table);
  return new RegExp(`\\bcreate\\s+(?:(?:global\\s+|local\\s+)?(?:temp|temporary|unlogged)\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(?:"?\\w+"?\\.)?"?${escaped}"?(?=[\\s(]|$)`, 'i').test(sql);
}
