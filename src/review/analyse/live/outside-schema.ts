import type { RepoSnapshot } from '../../../domain/types.js';
import type { StatementFailure } from './replay.js';
import type { Migration } from './statements.js';
import { className, escapeRegExp } from '../static/support/names.js';
import { alembicRevision } from '../static/sql/source/migration-paths.js';

/** How many Python files the search for model declarations reads at most. */
const MAX_MODEL_FILES = 2000;

/** `relation "dispatch_user_organization" does not exist` -> `dispatch_user_organization`. */
export function missingRelation(failure: StatementFailure): string | null {
  if (failure.error.code !== '42P01') return null;
  // `relation "x" does not exist`, and DROP TABLE's `table "x" does not exist`.
  const name = /(?:relation|table) "([^"]+)" does not exist/.exec(failure.error.message)?.[1];
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
  const found = new Set<string>();
  // An Alembic history whose root revision makes nothing (`down_revision = None`, `pass`) was stamped onto a schema
  // made elsewhere: a table no migration creates that a revision drops is that old schema's, even when no model
  // declares it any more (dropping it is the point). Any other use of such a name must be declared by a model.
  const drops = failures.some((f) => DROP_TABLE.test(f.stmt.sql));
  const baseline = drops && (await stampedBaseline(repo, migrations));
  for (const f of failures) {
    const name = missingRelation(f);
    if (!name || migrations.some((m) => m.statements.some((s) => creates(s.sql, name)))) continue;
    (baseline && DROP_TABLE.test(f.stmt.sql) ? found : wanted).add(name);
  }
  if (!wanted.size) return found;
  const paths = (await repo.listPaths().catch(() => [] as string[])).filter((p) => p.endsWith('.py') && !/(^|\/)(migrations?|alembic|versions|revisions|tests?)\//.test(p));
  const before = found.size;
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
    if (found.size - before === wanted.size) break;
  }
  return found;
}

/**
 * The replayed Alembic history starts from a root revision that runs nothing (`down_revision = None`, an upgrade that
 * is `pass`): it was stamped onto a schema made before Alembic.
 */
async function stampedBaseline(repo: RepoSnapshot, migrations: readonly Migration[]): Promise<boolean> {
  const replayed = new Set(migrations.map((m) => m.path));
  const folders = new Set([...replayed].filter((p) => p.endsWith('.py')).map((p) => p.slice(0, p.lastIndexOf('/') + 1)));
  // The revisions that ran nothing (a root or a merge whose upgrade is `pass`): is one of them the root?
  const silent = (await repo.listPaths().catch(() => [] as string[])).filter((p) => p.endsWith('.py') && !replayed.has(p) && folders.has(p.slice(0, p.lastIndexOf('/') + 1)));
  for (const path of silent.slice(0, MAX_SILENT_REVISIONS)) {
    const text = await repo.readText(path).catch(() => null);
    const revision = text ? alembicRevision(text) : null;
    if (revision?.revision && !revision.parents.length && /^down_revision\s*(?::[^=\n]+)?=\s*None\b/m.test(text ?? '')) return true;
  }
  return false;
}

/** How many revision files that replayed nothing the baseline check reads at most. */
const MAX_SILENT_REVISIONS = 50;

const DROP_TABLE = /^\s*drop\s+table\b/i;

function creates(sql: string, table: string): boolean {
  const escaped = escapeRegExp(table);
  return new RegExp(`\\bcreate\\s+(?:(?:global\\s+|local\\s+)?(?:temp|temporary|unlogged)\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(?:"?\\w+"?\\.)?"?${escaped}"?(?=[\\s(]|$)`, 'i').test(sql);
}
