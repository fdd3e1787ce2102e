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

/** Scripts, CLIs, migrations, seeds and data fixes, by path: run by an operator or once, never per request. */
export const ONE_OFF_PATH = /(^|\/)(scripts?|bin|cli|devtools|examples?|evals?|evaluations?|benchmarks?|management\/commands|migrations?|alembic|revisions|fixes|seeds?|seeders?|backfills?|data_migrations?)\/|(^|\/)(noxfile|fabfile|cli|__main__|manage|seed[^/]*|backfill[^/]*|init_db|initial_data|migrate|(\w+_)?migrations?)\.py$|^tools\//;
