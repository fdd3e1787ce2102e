// The children a parent row loads through an ORM relationship, and where the application reads them:
// evidence that rows are searched by the foreign key the relationship joins on.
import { escapeRegExp as escape, tableName } from './names.js';
import { classBodies, lineOf, type Source } from './key-usage-source.js';
import { cascadesDelete, keyNeverSet, parentDeleteSite } from './key-usage-deletes.js';

/** The key whose collections are searched, with the Python names of both of its tables. */
export interface CollectionKey {
  table: string;
  column: string;
  attr: string;
  /** Names that map the referencing table (the child). */
  classNames: readonly string[];
  /** Names that map the referenced table (the parent). */
  parentNames: readonly string[];
}

interface Collection {
  name: string | null;
  /** Loaded with every parent row (`lazy="selectin"`, `"joined"`, `"subquery"`). */
  eager: boolean;
  /** Declared on the parent with a delete cascade: deleting a parent through the session loads it. */
  cascade?: boolean;
  where: string;
}

/**
 * Where the application loads the children of one parent row by the key: a collection on the parent's
 * class (`Mapped[list["CaseCost"]]`, `relationship("CaseCost")`), the `backref=` of the child's
 * relationship to it, or the parent's side of a many-to-many through the table. Declared is not used:
 * it counts when it loads with its parent (`lazy="selectin"`), the application reads it, or it
 * cascades deletes and the application deletes a parent through the session (the cascade loads it).
 */
export function collectionUse(texts: readonly Source[], k: CollectionKey): string | null {
  const collections = texts.flatMap((s) => (s.path.endsWith('.py') && !s.migration && s.text.includes('relationship') ? collectionsIn(s, k) : []));
  for (const item of collections) {
    if (item.eager) return item.where;
    const read = item.name ? readsCollection(texts, item.name, k.parentNames) : null;
    if (read) return read;
  }
  // Deleting a parent through the session selects its children by the key to delete them with it.
  if (!collections.some((c) => c.cascade)) return null;
  const site = parentDeleteSite(texts, k.parentNames);
  return site && !keyNeverSet(texts, k) ? site : null;
}

function collectionsIn(source: Source, k: CollectionKey): Collection[] {
  const { text } = source;
  const [col, attr, cls, parents] = [escape(k.column), escape(k.attr), k.classNames.map(escape).join('|'), k.parentNames.map(escape).join('|')];
  const toChild = new RegExp(`relationship\\(\\s*["']?(${cls})\\b`, 'g');
  const toParent = new RegExp(`relationship\\(\\s*["']?(${parents})\\b`, 'g');
  const through = new RegExp(`relationship\\([^)]*\\bsecondary\\s*=\\s*["']?(\\w+\\.)?(${escape(k.table)}|${cls})\\b`, 'g');
  const throughKey = (call: string) => !/\bforeign_keys\s*=/.test(call) || new RegExp(`\\b(${col}|${attr})\\b`).test(call.slice(call.search(/\bforeign_keys\s*=/)));
  const out: Collection[] = [];
  for (const body of classBodies(source)) {
    if (k.parentNames.includes(body.name)) {
      for (const call of calls(text, toChild, body)) {
        if (!/\bremote_side\s*=/.test(call.text) && throughKey(call.text)) out.push({ ...collection(source, call, attributeAt(text, call.at)), cascade: cascadesDelete(call.text) });
      }
    }
    if (k.classNames.includes(body.name)) {
      for (const call of calls(text, toParent, body)) {
        const name = /\bbackref\s*=\s*(?:backref\(\s*)?["'](\w+)["']/.exec(call.text)?.[1];
        if (name && !/\bremote_side\s*=/.test(call.text) && throughKey(call.text)) out.push(backrefOf(source, call, name));
      }
    }
    // A many-to-many loads through the table by the key of the side it is read from: the attribute
    // from the class that declares it, the backref from its target.
    for (const call of calls(text, through, body)) {
      if (k.parentNames.includes(body.name)) out.push(collection(source, call, attributeAt(text, call.at)));
      const back = /\b(?:backref|back_populates)\s*=\s*(?:backref\(\s*)?["'](\w+)["']/.exec(call.text)?.[1];
      if (back && k.parentNames.includes(targetOf(call.text) ?? '')) out.push(backrefOf(source, call, back));
    }
  }
  return out;
}

function collection(source: Source, call: { at: number; text: string }, name: string | null): Collection {
  return { name, eager: /\blazy\s*=\s*["'](selectin|joined|subquery|immediate)["']/.test(call.text), where: lineOf(source, call.at) };
}

/** A backref loads as its own `backref(name, lazy=...)` says: the call's `lazy=` is the other side's. */
function backrefOf(source: Source, call: { at: number; text: string }, name: string): Collection {
  const own = new RegExp(`\\bbackref\\(\\s*["']${escape(name)}["'][^)]*\\blazy\\s*=\\s*["'](selectin|joined|subquery|immediate)["']`).test(call.text);
  return { name, eager: own, where: lineOf(source, call.at) };
}

/** `Incident` in `relationship("Incident", ...)`. */
function targetOf(call: string): string | null {
  return /relationship\(\s*["']?(\w+)/.exec(call)?.[1] ?? null;
}

/** `case_costs` in `case_costs = relationship(...)` / `case_costs: Mapped[list[...]] = relationship(...)`. */
function attributeAt(text: string, at: number): string | null {
  const start = text.lastIndexOf('\n', at) + 1;
  return /^\s*(\w+)\s*(?::[^=\n]*)?=\s*$/.exec(text.slice(start, at).replace(/(\w+\.)*$/, ''))?.[1] ?? null;
}

/**
 * Where the Python application reads a relationship of the parent: `x.name` (not a method, not a module
 * path in an import, not a class's attribute such as an enum member), or a response model's field
 * `name: ...` (serialised from the ORM object). When other classes have a relationship of the same name,
 * the read must be the parent's: its receiver names the parent (`incident.cases`), the field is in the
 * parent's own read model (`IncidentRead.cases`).
 */
function readsCollection(texts: readonly Source[], name: string, parents: readonly string[]): string | null {
  const ambiguous = [...(relationshipOwners(texts).get(name) ?? [])].some((o) => !parents.includes(o));
  const words = parents.flatMap((p) => [tableName(p), tableName(p).replace(/^.*_/, '')]);
  const ofParent = (receiver: string | undefined) => !!receiver && (parents.includes(receiver) || words.some((w) => receiver.toLowerCase().includes(w)));
  const access = new RegExp(`\\.${escape(name)}\\b(?!\\s*\\()`, 'g');
  const field = new RegExp(`^([ \\t]+)${escape(name)}\\s*:\\s*(?!Mapped\\b)[\\w[]`, 'gm');
  for (const source of texts) {
    if (source.migration || !source.path.endsWith('.py') || !source.text.includes(name)) continue;
    for (const m of source.text.matchAll(access)) {
      const start = source.text.lastIndexOf('\n', m.index) + 1;
      if (/^\s*(from|import)\s/.test(source.text.slice(start, m.index))) continue;
      const after = source.text.slice(m.index + m[0].length, m.index + m[0].length + 80);
      // `client.messages.create(...)`: an SDK resource of the same name, not a list of rows.
      const then = /^\s*\.\s*(\w+)\s*\(/.exec(after);
      if (then && !COLLECTION_METHODS.has(then[1])) continue;
      const receiver = /(\w+)$/.exec(source.text.slice(Math.max(start, m.index - 80), m.index))?.[1];
      // `MessageType.service_feedback`: a class's own attribute, unless the class is the parent (`Entity.signal_instances` in a join).
      if (receiver && /^[A-Z]/.test(receiver) && !parents.includes(receiver)) continue;
      if ((receiver === 'self' || receiver === 'cls') && /^\s*=(?!=)/.test(after)) continue;
      // `self.custom_fields` in a method: the class the method belongs to reads it.
      const owner = receiver === 'self' || receiver === 'cls' ? classBodies(source).filter((b) => m.index >= b.start && m.index < b.end).pop()?.name : receiver;
      if (ambiguous && !ofParent(owner)) continue;
      return lineOf(source, m.index);
    }
    // A field of the parent's own response model (`OrganizationRead.mcp_servers`), not a local variable annotated
    // inside a method, nor a field of another model that happens to list rows of that kind (an export file's schema).
    for (const m of source.text.matchAll(field)) {
      const body = classBodies(source).find((b) => m.index >= b.start && m.index < b.end);
      if (!body || m[1] !== indentOf(source.text.slice(body.start, body.end))) continue;
      if (!parents.some((p) => stem(p) === stem(body.name))) continue;
      return lineOf(source, m.index);
    }
  }
  return null;
}

/** `IncidentReadMinimal` -> `Incident`: a model's name without the words a schema adds to it. */
function stem(name: string): string {
  return name.replace(/(Read|Out|Response|Schema|Model|Base|Create|Update|Detail|Details|Minimal|Public|Data|Full|Summary|View)+$/, '') || name;
}

/** Relationship name -> the classes that have it: the class that declares it, and the target of a backref. */
const OWNERS = new WeakMap<readonly Source[], Map<string, Set<string>>>();

function relationshipOwners(texts: readonly Source[]): Map<string, Set<string>> {
  let owners = OWNERS.get(texts);
  if (owners) return owners;
  const found = new Map<string, Set<string>>();
  const add = (name: string | null, owner: string | null) => {
    if (name && owner) found.set(name, (found.get(name) ?? new Set()).add(owner));
  };
  for (const source of texts) {
    if (source.migration || !source.path.endsWith('.py') || !source.text.includes('relationship')) continue;
    for (const body of classBodies(source)) {
      for (const call of calls(source.text, /relationship\(/g, body)) {
        add(attributeAt(source.text, call.at), body.name);
        add(/\bbackref\s*=\s*(?:backref\(\s*)?["'](\w+)["']/.exec(call.text)?.[1] ?? null, targetOf(call.text));
      }
    }
  }
  owners = found;
  OWNERS.set(texts, owners);
  return owners;
}

/** What a loaded relationship answers: a list's methods, and a dynamic relationship's query methods. */
const COLLECTION_METHODS = new Set([
  'append', 'extend', 'remove', 'pop', 'clear', 'count', 'index', 'insert', 'sort', 'copy', 'reverse',
  'filter', 'filter_by', 'where', 'all', 'first', 'one', 'one_or_none', 'order_by', 'limit', 'offset', 'with_entities', 'scalar', 'exists',
]);

/** The indentation of a class body's own statements (its first non-blank line). */
function indentOf(body: string): string {
  return /^([ \t]*)\S/m.exec(body)?.[1] ?? '';
}

/** The `relationship(...)` calls `re` finds in a class body, with their whole argument text. */
function* calls(text: string, re: RegExp, body: { start: number; end: number }): Iterable<{ at: number; text: string }> {
  const slice = text.slice(body.start, body.end);
  for (const m of slice.matchAll(re)) {
    let depth = 0;
    let i = m.index + m[0].indexOf('(');
    for (; i < slice.length; i++) {
      if (slice[i] === '(') depth++;
      else if (slice[i] === ')' && --depth === 0) break;
    }
    yield { at: body.start + m.index, text: slice.slice(m.index, i + 1) };
  }
}
