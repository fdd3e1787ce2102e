import type { StaticEngine } from './engines.js';
import { analysePython, pythonRules } from './python/index.js';
import { pythonClientRoles } from './python/table-clients.js';
import { analyseSql, sqlRules } from './sql/index.js';

/**
 * The static engines, in order. One line per engine, e.g.
 *   { name: 'python', rules: pythonRules, analyse: analysePython },
 *   { name: 'sql', rules: sqlRules, analyse: analyseSql },
 */
export const staticEngines: readonly StaticEngine[] = [
  { name: 'python', rules: pythonRules, analyse: analysePython },
  // The SQL rules ask the Python engine which role a Python Supabase query runs as.
  { name: 'sql', rules: sqlRules, analyse: (ctx) => analyseSql(ctx, { pythonClientRoles }) },
];
