/** Name helpers shared by the engines: regular-expression escaping and the ORM's table <-> class naming. */

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `case_cost` -> `CaseCost`: the class a declarative base that names tables after classes maps to the table. */
export function className(table: string): string {
  return table.replace(/(^|_)([a-z0-9])/g, (_m, _s, ch: string) => ch.toUpperCase());
}

/** `CaseCost` -> `case_cost`. */
export function tableName(cls: string): string {
  return cls.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
