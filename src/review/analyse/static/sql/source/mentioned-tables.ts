import type { TableRef } from './sql-source.js';

const NAME = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const QUALIFIED = String.raw`(?<first>${NAME})(?:\s*\.\s*(?<second>${NAME}))?`;
/** CREATE TABLE first: the table it creates is the first one returned. */
const PATTERNS: { re: RegExp; creates: boolean }[] = [
  { re: new RegExp(String.raw`\bcreate\s+(?:(?:global\s+|local\s+)?(?:temp|temporary|unlogged)\s+)?table\s+(?:if\s+not\s+exists\s+)?${QUALIFIED}`, 'gi'), creates: true },
  { re: new RegExp(String.raw`\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?${QUALIFIED}`, 'gi'), creates: false },
  { re: new RegExp(String.raw`\bcreate\s+(?:unique\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?(?:${NAME}\s+)?on\s+(?:only\s+)?${QUALIFIED}`, 'gi'), creates: false },
  { re: new RegExp(String.raw`\b(?:create|alter|drop)\s+policy\s+(?:if\s+exists\s+)?${NAME}\s+on\s+${QUALIFIED}`, 'gi'), creates: false },
  { re: new RegExp(String.raw`\bcreate\s+(?:or\s+replace\s+)?(?:constraint\s+)?trigger\s+${NAME}\s+[^;]*?\bon\s+${QUALIFIED}`, 'gi'), creates: false },
];
/** SQL that changes no schema object the model follows: data, session settings, transaction control, locks, comments. */
const NO_SCHEMA_EFFECT =
  /^\s*(\(?\s*select|insert|update|delete|merge|with|values|copy|truncate|notify|listen|analyze|vacuum|refresh|set|reset|show|begin|start|commit|end|rollback|savepoint|release|lock|discard|comment\s+on)\b/i;

export function hasNoSchemaEffect(sql: string): boolean {
  return NO_SCHEMA_EFFECT.test(sql.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*/, ''));
}

const KEYWORDS = new Set(['if', 'only', 'on', 'using', 'add', 'as', 'not', 'exists']);

/**
 * The tables a piece of DDL acts on, read from its text when it cannot be parsed (SQL built at run
 * time, a dialect the parser rejects): what the model must then not take for fully known.
 * `creates` is true when the first table is one it creates.
 */
export function tablesInDdl(sql: string): { tables: TableRef[]; creates: boolean } {
  const tables: TableRef[] = [];
  let creates = false;
  for (const { re, creates: creating } of PATTERNS) {
    for (const m of sql.matchAll(re)) {
      const { first, second } = m.groups ?? {};
      if (!first) continue;
      // A name computed at run time names no table the model knows; under a computed schema
      // (`"{tenant}".t`), the table is taken to be the one of the default schema.
      if ((second ?? first).includes('{}')) continue;
      const schema = second && !first.includes('{}') ? unquote(first) : undefined;
      const ref: TableRef = schema ? { schema, name: unquote(second as string) } : { name: unquote(second ?? first) };
      if (KEYWORDS.has(ref.name) || tables.some((t) => t.name === ref.name && t.schema === ref.schema)) continue;
      if (creating && !tables.length) creates = true;
      tables.push(ref);
    }
  }
  return { tables, creates };
}

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase();
}
