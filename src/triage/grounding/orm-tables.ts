import type { Analysis } from '../../review/analyse/static/python/knowledge/analysis.js';
import { positional } from '../../review/analyse/static/python/model/call-args.js';
import { ormModelOf, tableName, type OrmModel } from '../../review/analyse/static/python/knowledge/orm.js';
import { ownerColumns } from '../../review/analyse/static/python/knowledge/ownership.js';
import { fieldOf, unparen } from '../../review/analyse/static/python/syntax/py-node.js';
import type { GroundColumn, GroundModel, GroundTable } from './types.js';

/** `Mapped[int | None]`, `Mapped[Optional[str]]`: the Python type inside, and whether it allows None. */
const MAPPED = /^Mapped\[\s*(.+)\s*\]$/s;

function columnOf(model: OrmModel, name: string): GroundColumn {
  const file = model.cls.module.file;
  const field = model.cls.fields.get(name);
  const value = field?.value ? unparen(field.value) : null;
  const call = value?.type === 'call' ? value : null;
  const args = call ? file.text(fieldOf(call, 'arguments') ?? call) : '';
  const first = call ? positional(call, 0) : null;
  const firstText = first ? file.text(first) : '';
  const annotation = field?.annotation ? file.text(field.annotation) : '';
  const mapped = MAPPED.exec(annotation)?.[1] ?? '';
  // Column(String(20)) names its SQL type; Mapped[int] only its Python one.
  const type = /^[A-Z]\w*(\(.*\))?$/.test(firstText) ? firstText : mapped || 'unknown';
  const nullable = /\bnullable\s*=\s*True\b/.test(args) || /\bNone\b|Optional\[/.test(mapped);
  const notNull = /\bprimary_key\s*=\s*True\b|\bnullable\s*=\s*False\b/.test(args) || (!!mapped && !nullable);
  const fk = model.foreignKeys.get(name);
  return { name, type, notNull, references: fk ? `public.${fk}` : undefined };
}

/** Single-column indexes the mapping declares (primary keys, `index=True`, `unique=True`); `unique` keeps only the unique ones. */
function indexesOf(model: OrmModel, unique = false): string[][] {
  const file = model.cls.module.file;
  const out: string[][] = [];
  for (const name of model.columns) {
    const value = model.cls.fields.get(name)?.value;
    const flag = unique ? /\bunique\s*=\s*True\b/ : /\b(index|unique)\s*=\s*True\b/;
    if (model.primaryKeys.has(name) || (value && flag.test(file.text(value)))) out.push([name]);
  }
  return out;
}

export interface OrmSurface {
  tables: GroundTable[];
  models: GroundModel[];
}

/**
 * The SQLAlchemy / SQLModel mapped classes as tables: what a repository without migrations (or
 * with migrations the plan could not read) declares. Their RLS state is unknown to the repository.
 */
export function ormSurfaceOf(an: Analysis): OrmSurface {
  const tables: GroundTable[] = [];
  const models: GroundModel[] = [];
  for (const m of an.loadedModules()) {
    for (const cls of m.classes) {
      const orm = ormModelOf(cls);
      if (!orm || !orm.columns.size) continue;
      const table = tableName(orm);
      const line = m.file.startLine(cls.node);
      models.push({ name: cls.name, file: m.file.path, line, fields: [...orm.columns], kind: 'orm', table });
      tables.push({
        key: `public.${table}`,
        schema: 'public',
        name: table,
        columns: [...orm.columns].map((c) => columnOf(orm, c)),
        ownerColumns: ownerColumns(orm, null),
        rls: null,
        policies: [],
        indexes: indexesOf(orm),
        uniques: indexesOf(orm, true),
        path: m.file.path,
        line,
        origin: 'model',
        model: cls.name,
      });
    }
  }
  return { tables, models };
}
