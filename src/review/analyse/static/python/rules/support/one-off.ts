import { productionCallersOf } from './callers.js';
import type { Analysis } from '../../knowledge/analysis.js';
import type { FunctionInfo, ModuleModel } from '../../model/types.js';
import { ONE_OFF_PATH } from '../../../support/names.js';
import { isOperatorRoute } from '../../knowledge/route-auth.js';

/** Startup / shutdown work (lifespan, on_event) runs before requests are served or after. */
export function isStartupHook(fn: FunctionInfo): boolean {
  const text = fn.decorators.map((d) => fn.module.file.text(d)).join(' ');
  return /asynccontextmanager|on_event\(\s*["'](startup|shutdown)/.test(text) || /^(lifespan|startup|on_startup|shutdown|on_shutdown)$/.test(fn.name);
}

/** Handlers whose name says they run once: a migration step (`m014_add_column`), a backfill, a seed, a data fix. */
const ONE_OFF_NAME = /^_*(upgrade|downgrade|migrate|backfill|seed|populate|bootstrap|init_?db|initiali[sz]e_?db|fix_|repair_|run_migration|data_migration|m\d{3,}_)/;

/** True for an Alembic-style revision module: `revision`/`down_revision` and `upgrade()`, wherever it lives. */
export function isMigrationModule(model: ModuleModel): boolean {
  const names = model.scope.bindings;
  return names.has('upgrade') && (names.has('down_revision') || names.has('revision'));
}

/**
 * Command-line frameworks and packaging (`setup.py` importing setuptools): a module built on one is a tool an operator
 * or a maintainer runs, not a request handler.
 */
const CLI_MODULE = /^(click|typer|argparse|fire|docopt|setuptools|distutils)(\.|$)/;

/**
 * True for a command-line tool: it imports a CLI framework, or runs as `__main__`, and serves no
 * routes (`if __name__ == "__main__": uvicorn.run(app)` under an app's routes is still the app).
 */
export function isCliModule(model: ModuleModel): boolean {
  const cli = [...model.imports.values()].some((imp) => CLI_MODULE.test(imp.module)) ||
    model.file.root.children.some((n) => n.type === 'if_statement' && /^if\s+__name__\s*==\s*["']__main__["']/.test(model.file.text(n)));
  return cli && !servesRequests(model);
}

/** The module builds an app or router, or registers routes on one. */
function servesRequests(model: ModuleModel): boolean {
  if (model.calls.some((c) => c.name === 'FastAPI' || c.name === 'APIRouter' || c.name === 'Starlette')) return true;
  return model.functions.some((fn) => fn.decorators.some((d) => /\.(get|post|put|patch|delete|api_route|route|websocket)\s*\(/.test(model.file.text(d))));
}

/** A module that runs from a terminal or once (scripts, CLIs, examples, migrations, seeds): no concurrent requests. */
export function isOneOffModule(model: ModuleModel): boolean {
  return ONE_OFF_PATH.test(model.file.path) || isMigrationModule(model) || isCliModule(model);
}

/**
 * True when a function is one-off code rather than a request path: a script, a CLI command, a
 * migration, a seed or data fix, or startup / shutdown work. Query-cost rules (N+1, unbounded
 * reads, filtering in Python) judge request paths; a loop over every row in a backfill is the job.
 */
export function isOneOffCode(fn: FunctionInfo | null, model: ModuleModel): boolean {
  if (isOneOffModule(model)) return true;
  for (let f = fn; f; f = f.outer) if (isStartupHook(f) || ONE_OFF_NAME.test(f.name)) return true;
  return false;
}

/**
 * A periodic background job (`@scheduler.add(every(1).hours)`, APScheduler's `scheduled_job`,
 * fastapi-utils' `repeat_every`, Celery's `periodic_task`, a cron): it runs on a timer, off the
 * request path, so a query per row costs the job time, not a user's latency.
 */
export function isPeriodicJob(fn: FunctionInfo | null): boolean {
  for (let f = fn; f; f = f.outer) {
    const text = f.decorators.map((d) => f!.module.file.text(d)).join(' ');
    if (/\bschedul\w*\.(add|scheduled_job|every|cron|interval)\b|\bscheduled_(job|\w*task)\b|\brepeat_every\b|\bperiodic_task\b|\bcrontab\(|\bevery\(\d*\)\./.test(text)) return true;
  }
  return false;
}

/**
 * Runs only on a timer: a periodic job, or a helper whose every loaded caller outside tests is one (or is itself
 * such a helper, one level up): `find_expired_reminders(...)` called from a scheduled task.
 */
export function onlyRunsPeriodically(an: Analysis, fn: FunctionInfo, depth = 2): boolean {
  if (isPeriodicJob(fn)) return true;
  if (depth <= 0 || fn.decorators.length) return false;
  const callers = productionCallersOf(an, fn);
  return callers.length > 0 && callers.every((c) => !!c.fn && onlyRunsPeriodically(an, c.fn, depth - 1));
}

/** Schema and data set-up that an app runs once as it starts: `create_tables`, `init_db`, `run_migrations`. */
const SETUP_NAME = /^(create_tables|create_all|create_schema|init_schema|init_db|init_database|setup_db|setup_database|initiali[sz]e_database|run_migrations|bootstrap)$/;

/**
 * Runs only while the app starts or stops, before requests are served or after: a lifespan or startup
 * hook, a schema set-up, or a helper whose every loaded caller outside tests is one (up to `depth`
 * levels): the blocking call then delays start-up, not a request.
 */
export function onlyRunsAtStartup(an: Analysis, fn: FunctionInfo, depth = 3): boolean {
  if (isStartupHook(fn) || SETUP_NAME.test(fn.name)) return true;
  if (depth <= 0 || fn.decorators.length) return false;
  const callers = productionCallersOf(an, fn);
  // A caller in a CLI or a script (`r2r serve` building the app) starts the app too.
  return callers.length > 0 && callers.every((c) => !!c.fn && (isOneOffModule(c.fn.module) || onlyRunsAtStartup(an, c.fn, depth - 1)));
}

/**
 * Runs only when an administrator asks for it, or while the app starts: a route behind an admin-only dependency
 * (`Depends(check_admin)`, `get_current_superuser`; not an internal or service-token one, which machines call), or
 * a helper whose every loaded caller outside tests is one, a start-up hook or a script (up to `depth` levels):
 * installing an extension, cleaning a build folder, a debug endpoint. One operator runs it now and then, so a stall
 * there delays that operator, not the users' requests. A helper nothing loaded calls is not known to be one.
 */
export function onlyAdminsRun(an: Analysis, fn: FunctionInfo, depth = 3): boolean {
  const route = an.route(fn);
  if (route) return isOperatorRoute(an, route);
  if (depth <= 0 || fn.decorators.length) return false;
  const callers = productionCallersOf(an, fn);
  return callers.length > 0 && callers.every((c) => !!c.fn && (isOneOffModule(c.fn.module) || onlyRunsAtStartup(an, c.fn) || onlyAdminsRun(an, c.fn, depth - 1)));
}
