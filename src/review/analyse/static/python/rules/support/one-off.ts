import type { FunctionInfo, ModuleModel } from '../../model/types.js';
import { isStartupHook } from './blocking-rule.js';

/** Scripts, CLIs, migrations, seeds and data fixes: run by an operator or once, never per request. */
const ONE_OFF_PATH = /(^|\/)(scripts?|bin|devtools|management\/commands|migrations?|alembic|revisions|fixes|seeds?|seeders?|backfills?|data_migrations?)\/|(^|\/)(cli|manage|seed[^/]*|backfill[^/]*|init_db|initial_data)\.py$/;
/** Handlers whose name says they run once: a migration step, a backfill, a seed, a data fix. */
const ONE_OFF_NAME = /^(upgrade|downgrade|migrate|backfill|seed|populate|bootstrap|init_?db|initiali[sz]e_?db|fix_|repair_|run_migration|data_migration)/;

/** True for an Alembic-style revision module: `revision`/`down_revision` and `upgrade()`, wherever it lives. */
export function isMigrationModule(model: ModuleModel): boolean {
  const names = model.scope.bindings;
  return names.has('upgrade') && (names.has('down_revision') || names.has('revision'));
}

/**
 * True when a function is one-off code rather than a request path: a script, a CLI command, a
 * migration, a seed or data fix, or startup / shutdown work. Query-cost rules (N+1, unbounded
 * reads, filtering in Python) judge request paths; a loop over every row in a backfill is the job.
 */
export function isOneOffCode(fn: FunctionInfo | null, model: ModuleModel): boolean {
  if (ONE_OFF_PATH.test(model.file.path) || isMigrationModule(model)) return true;
  for (let f = fn; f; f = f.outer) if (isStartupHook(f) || ONE_OFF_NAME.test(f.name)) return true;
  return false;
}
