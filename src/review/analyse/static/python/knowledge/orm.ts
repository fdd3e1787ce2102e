import { fieldOf, unparen, type PyNode } from '../syntax/py-node.js';
import { kwarg, positional, stringValue } from '../model/call-args.js';
import type { ClassInfo } from '../model/types.js';
import { describesSecret, typeHoldsNoSecret } from '../../support/sensitive-names.js';

export interface Relationship {
  /** The target class name as written (`Task`, from `relationship("Task")` or `Mapped[list["Task"]]`). */
  target: string | null;
  /** The `lazy=` strategy, or null for the default lazy select. */
  lazy: string | null;
  many: boolean;
  /** Declared one object (`uselist=False`, `Mapped["User"]`): false when the declaration does not say (`relationship("Row")`). */
  scalar: boolean;
}

/** A SQLAlchemy / SQLModel mapped class. */
export interface OrmModel {
  cls: ClassInfo;
  columns: Set<string>;
  relationships: Map<string, Relationship>;
  /** Column -> the table (or class) its foreign key references, as written (`users`, `User`). */
  foreignKeys: Map<string, string>;
  /** Columns declared `primary_key=True`. */
  primaryKeys: Set<string>;
}

const COLUMN_CALL = /(^|\.)(Column|mapped_column|Field|column_property|deferred)$/;
const RELATIONSHIP_CALL = /(^|\.)(relationship|Relationship|relation)$/;
/** `ForeignKey("users.id")`, `ForeignKey(User.id)`, SQLModel `Field(foreign_key="user.id")`: the referenced table or class. */
const FOREIGN_KEY = /ForeignKey\(\s*["']?(?:\w+\.)?(\w+)\.\w+["']?|foreign_key\s*=\s*["'](?:\w+\.)?(\w+)\.\w+["']/;

/** Where ormModelOf keeps its answer on the class (ClassInfo.facts). */
const ORM_FACT = 'orm';

/** The ORM view of a class, or null when it is not a mapped class. */
export function ormModelOf(cls: ClassInfo): OrmModel | null {
  const known = cls.facts?.get(ORM_FACT);
  if (known !== undefined) return known as OrmModel | null;
  const file = cls.module.file;
  const columns = new Set<string>();
  const relationships = new Map<string, Relationship>();
  const foreignKeys = new Map<string, string>();
  const primaryKeys = new Set<string>();
  let mapped = cls.fields.has('__tablename__') || cls.keywords.some((k) => /table\s*=\s*True/.test(file.text(k)));
  for (const [name, f] of cls.fields) {
    if (name.startsWith('__')) continue;
    const value = f.value ? unparen(f.value) : null;
    const callee = value?.type === 'call' ? file.text(fieldOf(value, 'function')!) : '';
    const annotation = f.annotation ? file.text(f.annotation) : '';
    if (RELATIONSHIP_CALL.test(callee)) {
      relationships.set(name, readRelationship(value!, annotation, cls));
      mapped = true;
    } else if (COLUMN_CALL.test(callee) || /^Mapped\[/.test(annotation)) {
      columns.add(name);
      const fk = FOREIGN_KEY.exec(file.text(value ?? f.node));
      if (fk) foreignKeys.set(name, fk[1] ?? fk[2]);
      if (value && /\bprimary_key\s*=\s*True\b/.test(file.text(value))) primaryKeys.add(name);
      if (!/^Field$/.test(callee)) mapped = true;
    } else if (annotation && !value) columns.add(name);
  }
  const model = mapped ? { cls, columns, relationships, foreignKeys, primaryKeys } : null;
  (cls.facts ??= new Map()).set(ORM_FACT, model);
  return model;
}

function readRelationship(call: PyNode, annotation: string, cls: ClassInfo): Relationship {
  const file = cls.module.file;
  const first = positional(call, 0);
  let target = first ? stringValue(first, file) ?? file.text(first) : null;
  // `Mapped[list["Task"]]`, SQLModel's `list["Task"]` / `Optional["Task"]`.
  const m = /^(?:Mapped\[\s*)?(?:Optional\[\s*)?(?:(list|List|set|Set|Sequence)\[)?\s*["']?([\w.]+)["']?/.exec(annotation);
  if (!target && m && !/^(Mapped|Optional|list|List|set|Set|Sequence)$/.test(m[2])) target = m[2];
  const lazyNode = kwarg(call, 'lazy', file);
  // SQLModel passes SQLAlchemy options through `sa_relationship_kwargs={"lazy": "selectin"}`.
  const saKwargs = kwarg(call, 'sa_relationship_kwargs', file);
  const saLazy = saKwargs ? /["']lazy["']\s*:\s*["'](\w+)["']/.exec(file.text(saKwargs))?.[1] ?? null : null;
  const useList = kwarg(call, 'uselist', file);
  const many = useList ? file.text(useList) !== 'False' : !!m?.[1];
  const scalar = useList ? file.text(useList) === 'False' : !!annotation.trim() && !!m && !m[1];
  return { target: target?.replace(/^.*\./, '') ?? null, lazy: lazyNode ? stringValue(lazyNode, file) : saLazy, many, scalar };
}

/** Column names that hold credentials or secrets. */
export const SENSITIVE_COLUMN = /password|passwd|pwd_hash|secret|api_?key|private_?key|(^|_)token$|reset_token|refresh_token|mfa|otp|totp|recovery_code|ssn|salt$/i;

/**
 * Sensitive columns of a mapped class (what it would leak if serialised as is): a name that mentions a
 * credential, unless it only describes one (`is_secret`, `mfa_enabled`, `secret_expires_at`,
 * `token_type`) or is declared a type no credential fits in (`Column(Boolean)`, `Mapped[datetime]`).
 */
export function sensitiveColumns(model: OrmModel): string[] {
  return [...model.columns].filter((c) => SENSITIVE_COLUMN.test(c) && !describesSecret(c) && !declaredNoSecret(model.cls, c));
}

/** True when a field is declared a boolean or a time (`Column(Boolean)`, `Mapped[bool]`, `flag: bool = Field(...)`). */
export function declaredNoSecret(cls: ClassInfo, name: string): boolean {
  const f = cls.fields.get(name);
  if (!f) return false;
  const file = cls.module.file;
  if (f.annotation && typeHoldsNoSecret(file.text(f.annotation))) return true;
  const value = f.value ? unparen(f.value) : null;
  if (value?.type !== 'call' || !COLUMN_CALL.test(file.text(fieldOf(value, 'function')!))) return false;
  // `Column(Boolean)`, `Column("is_secret", Boolean, ...)`, `mapped_column(sa.Boolean())`, `Column(type_=Boolean)`.
  const types = [positional(value, 0), positional(value, 1), kwarg(value, 'type_', file), kwarg(value, 'sa_type', file)];
  return types.some((t) => !!t && typeHoldsNoSecret(file.text(t)));
}

/** True for Pydantic / dataclass-style models (not mapped classes). */
export function isPydanticModel(cls: ClassInfo): boolean {
  return cls.bases.some((b) => /(^|\.)(BaseModel|SQLModel|BaseSettings|RootModel)$/.test(cls.module.file.text(b))) && !ormModelOf(cls);
}

/** The table a mapped class is stored in (`__tablename__`, or SQLModel's lower-cased class name). */
export function tableName(model: OrmModel): string {
  const t = model.cls.fields.get('__tablename__')?.value;
  const text = t ? model.cls.module.file.text(t).replace(/^["']|["']$/g, '') : null;
  return text && /^\w+$/.test(text) ? text : model.cls.name.toLowerCase();
}
