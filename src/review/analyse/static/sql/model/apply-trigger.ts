import type { CreateTrigStmt } from 'libpg-query';
import { relationName } from '../ast/names.js';
import { tableFor, target } from './store.js';
import type { SchemaModel, SqlStatement } from './types.js';

// pg_trigger.tgtype bits, as CreateTrigStmt carries them.
const TRIGGER_BEFORE = 1 << 1;
const TRIGGER_UPDATE = 1 << 4;

/** Counts BEFORE UPDATE triggers: a trigger can pin columns that policies leave writable. */
export function applyCreateTrigger(model: SchemaModel, stmt: SqlStatement, body: CreateTrigStmt): void {
  const name = relationName(body.relation, stmt.defaultSchema);
  if (!name) return;
  const table = target(model, stmt, tableFor(model, name));
  if ((body.timing ?? 0) & TRIGGER_BEFORE && (body.events ?? 0) & TRIGGER_UPDATE) table.updateTriggers++;
}
