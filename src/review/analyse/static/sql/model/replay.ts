import { as } from '../ast/node.js';
import { applyAlterTable } from './apply-alter-table.js';
import { applyDrop } from './apply-drop.js';
import { applyAlterFunction, applyCreateFunction } from './apply-function.js';
import { applyDefaultPrivileges, applyGrant } from './apply-grant.js';
import { applyAlterPolicy, applyCreatePolicy } from './apply-policy.js';
import { applyRename, applySetSchema } from './apply-rename.js';
import { applyCreateIndex, applyCreateTable, applyCreateTableAs } from './apply-table.js';
import { applyCreateTrigger } from './apply-trigger.js';
import { applyUntranslated } from './apply-untranslated.js';
import { applyCreateMatview, applyCreateView } from './apply-view.js';
import type { Note } from '../../../../../domain/types.js';
import { internalErrorNote } from '../shared/internal-error.js';
import { emptyModel } from './store.js';
import type { SchemaModel, SqlStatement } from './types.js';

/**
 * Replays statements in order into the final state of the schema. Statements the model does not
 * track (inserts, comments, triggers, DO blocks) pass through; they stay in `model.statements`.
 */
export function replay(statements: readonly SqlStatement[], notes: Note[] = []): SchemaModel {
  const model = emptyModel();
  model.statements = [...statements];
  for (const stmt of statements) {
    try {
      applyStatement(model, stmt);
    } catch (err) {
      // A defect of the model costs this statement only; later statements and the rules see the rest.
      notes.push(internalErrorNote({ path: stmt.path, line: stmt.line, err }));
    }
  }
  return model;
}

function applyStatement(model: SchemaModel, stmt: SqlStatement): void {
  const n = stmt.node;
  switch (stmt.tag) {
    case 'CreateStmt':
      return applyCreateTable(model, stmt, as(n, 'CreateStmt')!);
    case 'CreateForeignTableStmt': {
      const base = as(n, 'CreateForeignTableStmt')?.base;
      return base ? applyCreateTable(model, stmt, base, 'foreign') : undefined;
    }
    case 'CreateTableAsStmt': {
      const body = as(n, 'CreateTableAsStmt')!;
      if (body.objtype === 'OBJECT_MATVIEW') return applyCreateMatview(model, stmt, body);
      return applyCreateTableAs(model, stmt, body);
    }
    case 'AlterTableStmt':
      return applyAlterTable(model, stmt, as(n, 'AlterTableStmt')!);
    case 'IndexStmt':
      return applyCreateIndex(model, stmt, as(n, 'IndexStmt')!);
    case 'ViewStmt':
      return applyCreateView(model, stmt, as(n, 'ViewStmt')!);
    case 'CreatePolicyStmt':
      return applyCreatePolicy(model, stmt, as(n, 'CreatePolicyStmt')!);
    case 'AlterPolicyStmt':
      return applyAlterPolicy(model, stmt, as(n, 'AlterPolicyStmt')!);
    case 'CreateFunctionStmt':
      return applyCreateFunction(model, stmt, as(n, 'CreateFunctionStmt')!);
    case 'AlterFunctionStmt':
      return applyAlterFunction(model, stmt, as(n, 'AlterFunctionStmt')!);
    case 'CreateTrigStmt':
      return applyCreateTrigger(model, stmt, as(n, 'CreateTrigStmt')!);
    case 'GrantStmt':
      return applyGrant(model, stmt, as(n, 'GrantStmt')!);
    case 'AlterDefaultPrivilegesStmt':
      return applyDefaultPrivileges(model, as(n, 'AlterDefaultPrivilegesStmt')!);
    case 'DropStmt':
      return applyDrop(model, stmt, as(n, 'DropStmt')!);
    case 'RenameStmt':
      return applyRename(model, stmt, as(n, 'RenameStmt')!);
    case 'AlterObjectSchemaStmt':
      return applySetSchema(model, stmt, as(n, 'AlterObjectSchemaStmt')!);
    case 'Untranslated':
      return applyUntranslated(model, stmt);
    default:
      return;
  }
}
