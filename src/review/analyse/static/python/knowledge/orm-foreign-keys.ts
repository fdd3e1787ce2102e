import { fieldOf, unparen, walk, type PyNode } from '../syntax/py-node.js';
import { kwarg, positional, stringValue } from '../model/call-args.js';
import { ormModelOf, tableName } from './orm.js';
import type { ClassInfo, ModuleModel } from '../model/types.js';

/** A foreign-key column declared on a mapped class. */
export interface ForeignKeyColumn {
  cls: ClassInfo;
  /** The attribute name. */
  attr: string;
  /** The column name in the database (`Column("user", ForeignKey(...))`), else the attribute name. */
  column: string;
  /** The table's name when the model states it (`__tablename__`, SQLModel's class name), else null. */
  table: string | null;
  /** The table the key references, as written. */
  references: string;
  /** The class-body assignment that declares it. */
  node: PyNode;
  /** `index=True`, `primary_key=True`, `unique=True`, or the leading column of an index or key of the table. */
  indexed: boolean;
  /** Every column of the class's table that leads an index or key (the columns flagged so, and `Index(...)` leads). */
  tableLeading: ReadonlySet<string>;
}

const COLUMN = /(^|\.)(Column|mapped_column|Field)$/;
const INDEX_LIKE = /(^|\.)(Index|UniqueConstraint|PrimaryKeyConstraint)$/;
const FOREIGN_KEY = /(^|\.)ForeignKey$/;

/** The foreign-key columns of the mapped classes of a module. */
export function foreignKeyColumns(module: ModuleModel): ForeignKeyColumn[] {
  const out: ForeignKeyColumn[] = [];
  for (const cls of module.classes) {
    const orm = ormModelOf(cls);
    if (!orm || !orm.foreignKeys.size) continue;
    const leading = leadingColumns(module, cls);
    const tableLeading = new Set(leading);
    for (const [attr, f] of cls.fields) {
      const call = f.value && unparen(f.value).type === 'call' && COLUMN.test(module.file.text(fieldOf(unparen(f.value), 'function')!)) ? unparen(f.value) : null;
      if (call && ['index', 'primary_key', 'unique'].some((k) => isTrue(module, call, k))) tableLeading.add(columnName(module, { inner: call }) ?? attr);
    }
    // A primary key `id` inherited from a base class (`class Blog(BaseTableModel)`) is indexed too.
    if (!cls.fields.has('id')) tableLeading.add('id');
    for (const [attr, references] of orm.foreignKeys) {
      const f = cls.fields.get(attr);
      const call = f?.value ? columnCall(module, unparen(f.value)) : null;
      if (!f || !call) continue;
      const column = columnName(module, call) ?? attr;
      const flagged = ['index', 'primary_key', 'unique'].some((k) => isTrue(module, call.outer, k) || isTrue(module, call.inner, k));
      out.push({ cls, attr, column, table: statedTable(cls), references, node: f.node.parent ?? f.node, indexed: flagged || leading.has(column) || leading.has(attr), tableLeading });
    }
  }
  return out;
}

/** `__tablename__ = "x"`, or SQLModel's lower-cased class name; null when a base class derives it. */
function statedTable(cls: ClassInfo): string | null {
  const orm = ormModelOf(cls)!;
  if (cls.fields.has('__tablename__')) return tableName(orm);
  return cls.keywords.some((k) => /table\s*=\s*True/.test(cls.module.file.text(k))) ? cls.name.toLowerCase() : null;
}

/** The column call of a field, and the `sa_column=Column(...)` inside a SQLModel `Field(...)`. */
function columnCall(module: ModuleModel, value: PyNode): { outer: PyNode; inner: PyNode } | null {
  if (value.type !== 'call' || !COLUMN.test(module.file.text(fieldOf(value, 'function')!))) return null;
  const sa = kwarg(value, 'sa_column', module.file);
  const inner = sa && unparen(sa).type === 'call' ? unparen(sa) : value;
  return hasForeignKey(module, value) || hasForeignKey(module, inner) ? { outer: value, inner } : null;
}

function hasForeignKey(module: ModuleModel, call: PyNode): boolean {
  if (kwarg(call, 'foreign_key', module.file)) return true;
  return (fieldOf(call, 'arguments')?.children ?? []).some((a) => a.type === 'call' && FOREIGN_KEY.test(module.file.text(fieldOf(a, 'function')!)));
}

function columnName(module: ModuleModel, call: { inner: PyNode }): string | null {
  const first = positional(call.inner, 0);
  return first ? stringValue(first, module.file) : null;
}

function isTrue(module: ModuleModel, call: PyNode, name: string): boolean {
  const v = kwarg(call, name, module.file);
  return !!v && module.file.text(v) === 'True';
}

/**
 * Columns that lead an index or key of the class's table: `Index("ix", "col")`,
 * `UniqueConstraint("col", ...)`, `PrimaryKeyConstraint(...)` anywhere in the class body (its
 * `__table_args__`, a `__table_args__` built in a method), or `Index("ix", Cls.col)` in the module.
 */
function leadingColumns(module: ModuleModel, cls: ClassInfo): Set<string> {
  const out = new Set<string>();
  const file = module.file;
  const add = (call: PyNode, ownerOnly: boolean) => {
    const callee = fieldOf(call, 'function');
    if (!callee || !INDEX_LIKE.test(file.text(callee))) return;
    const arg = positional(call, /Index$/.test(file.text(callee)) ? 1 : 0);
    const a = arg ? unparen(arg) : null;
    if (!a) return;
    if (a.type === 'attribute') {
      const owner = fieldOf(a, 'object');
      if (!ownerOnly || (owner && file.text(owner) === cls.name)) out.add(file.text(fieldOf(a, 'attribute')!));
    } else if (!ownerOnly) {
      const name = stringValue(a, file) ?? (a.type === 'identifier' ? file.text(a) : null);
      if (name) out.add(name);
    }
  };
  walk(cls.node, (n) => {
    if (n.type === 'call') add(n, false);
    return true;
  });
  for (const call of module.calls) if (!call.fn && call.scope.kind === 'module') add(call.node, true);
  return out;
}
