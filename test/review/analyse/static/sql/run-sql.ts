import { analyseSql } from '../../../../../src/review/analyse/static/sql/index.js';
import { pythonClientRoles } from '../../../../../src/review/analyse/static/python/table-clients.js';
import { defaultSettings } from '../../../../../src/config/repo-config.js';
import { silentLog } from '../../../../../src/domain/logger.js';
import type { AnalyzerResult } from '../../../../../src/review/analyse/shared/analyzer.js';
import type { FindingDraft } from '../../../../../src/domain/types.js';
import { makeChangeSet, type FileChange } from '../../../../helpers/change-set.js';

export const MIGRATIONS = 'supabase/migrations';

/** A new migration file `supabase/migrations/<name>.sql`. */
export function migration(name: string, head: string, base?: string): FileChange {
  return { path: `${MIGRATIONS}/${name}.sql`, head, base };
}

/**
 * Runs the SQL analyzer on a pull request, wired as the static registry wires it (the Python engine says which role a
 * Python Supabase query runs as); `others` are unchanged repository files (earlier migrations, config, app code).
 */
export async function runSql(changes: FileChange[], others: Record<string, string> = {}): Promise<AnalyzerResult> {
  const { changeSet, repo } = makeChangeSet(changes, others);
  return analyseSql({ changeSet, repo, settings: defaultSettings(), log: silentLog, previous: [] }, { pythonClientRoles });
}

/** The findings of one rule. */
export async function findingsOf(rule: string, changes: FileChange[], others: Record<string, string> = {}): Promise<FindingDraft[]> {
  const result = await runSql(changes, others);
  return result.findings.filter((f) => f.rule === rule);
}

/** The 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not in text`);
  return index + 1;
}

/** Earlier, unchanged migrations keyed by path. */
export function existing(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([name, sql]) => [`${MIGRATIONS}/${name}.sql`, sql]));
}
