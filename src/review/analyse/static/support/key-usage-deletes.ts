// Parent rows the application deletes through the ORM session: each such delete loads the children of
// a delete-cascading relationship by the foreign key (SQLAlchemy's cascade selects them to delete them).
import { escapeRegExp as escape, tableName } from './names.js';
import { classBodies, lineOf, type Source } from './key-usage-source.js';

/**
 * `relationship("Invitation", cascade="all, delete-orphan")`: the session deletes the children with
 * the parent, selecting them by the key first. `passive_deletes=True` leaves that to the database.
 */
export function cascadesDelete(call: string): boolean {
  const cascade = /\bcascade\s*=\s*["']([^"']*)["']/.exec(call)?.[1] ?? '';
  return /\b(all|delete)\b/.test(cascade) && !/\bpassive_deletes\s*=\s*(True|["']all["'])/.test(call);
}

/** `db.delete(organisation)`, `self.session.delete(org)`: a session (not an HTTP client) deleting one object. */
const SESSION_DELETE = /\b(\w+)\.delete\(\s*(\w+)\s*\)/g;
const SESSION = /^(db|orm|session|\w+_session|session_\w+|\w+_db|db_\w+)$/;
/** Words that name which one of the parent's rows (`db_org`, `existing_product`), not another class. */
const NAME_PREFIX = /^(db|existing|target|current|old|the|this|orm|parent)_/;

/**
 * Where the application deletes one row of the parent through the session: the object's name is the
 * parent's (`organisation`, `db_organisation`, `existing_product` for `Product`; not
 * `product_comment`, nor `waitlist_user` for `User`). A bulk `delete(Parent)` / `query(Parent).delete()` skips the ORM cascade and is
 * not counted; neither are tests nor migrations.
 */
export function parentDeleteSite(texts: readonly Source[], parents: readonly string[]): string | null {
  const words = [...new Set(parents.map((p) => tableName(p)))];
  if (!words.length) return null;
  const named = (arg: string) => words.some((w) => arg.replace(NAME_PREFIX, '') === w);
  for (const source of texts) {
    if (source.migration || !source.path.endsWith('.py') || !source.text.includes('.delete(')) continue;
    for (const m of source.text.matchAll(SESSION_DELETE)) {
      if (SESSION.test(m[1]) && named(m[2])) return lineOf(source, m.index);
    }
  }
  return null;
}

/**
 * True when the application provably never sets the key: it creates the child only with keyword
 * arguments (no `**` splat, no positional argument), none of which is the key or the relationship to
 * the parent, never assigns either attribute, never updates rows generically (`setattr`) in a file that
 * names the child, and never inserts it any other way. Such a key holds NULL in every row (a vestigial
 * column): its cascade finds nothing, and the fix is to drop it, not to index it. No creation found
 * at all proves nothing (false).
 */
export function keyNeverSet(texts: readonly Source[], k: { attr: string; classNames: readonly string[]; parentNames: readonly string[]; table: string }): boolean {
  if (!k.classNames.length) return false;
  const names = [k.attr, ...relationshipNames(texts, k.classNames, k.parentNames)].map(escape).join('|');
  const setsKey = new RegExp(`\\b(${names})\\s*=(?!=)`);
  const child = new RegExp(`(?<![\\w.])(${k.classNames.map(escape).join('|')})\\(`, 'g');
  const assigns = new RegExp(`\\.\\s*(${names})\\s*=(?!=)`);
  const inserts = new RegExp(`\\binsert\\(\\s*(${k.classNames.map(escape).join('|')})\\b|\\binsert\\s+into\\s+(\\w+\\.)?"?${escape(k.table)}\\b`, 'i');
  let created = 0;
  for (const source of texts) {
    if (inserts.test(source.text)) return false;
    if (source.migration || !source.path.endsWith('.py')) continue;
    const code = source.text.replace(/#[^\n]*/g, '');
    if (assigns.test(code)) return false;
    if (!k.classNames.some((c) => code.includes(c))) continue;
    if (/\bsetattr\(/.test(code)) return false;
    for (const m of code.matchAll(child)) {
      if (/\bclass\s+$/.test(code.slice(Math.max(0, m.index - 8), m.index))) continue;
      const args = argumentsAt(code, m.index + m[0].length - 1);
      if (args === null || /\*\*|^\s*\*/.test(args) || topLevelParts(args).some((a) => a.trim() && !/^\s*\w+\s*=(?!=)/.test(a)) || setsKey.test(args)) return false;
      created++;
    }
  }
  return created > 0;
}

/** The child's relationship attributes to the parent (`organisation = relationship("Organisation")`) and the parent's backrefs to it. */
function relationshipNames(texts: readonly Source[], children: readonly string[], parents: readonly string[]): string[] {
  const out = new Set<string>();
  const toParent = new RegExp(`^[ \\t]*(\\w+)\\s*(?::[^=\\n]*)?=\\s*(?:\\w+\\.)?relationship\\(\\s*["']?(${parents.map(escape).join('|')})\\b`, 'gm');
  const backref = new RegExp(`relationship\\(\\s*["']?(${children.map(escape).join('|')})\\b[^)]*\\bbackref\\s*=\\s*(?:backref\\(\\s*)?["'](\\w+)["']`, 'g');
  for (const source of texts) {
    if (source.migration || !source.path.endsWith('.py') || !source.text.includes('relationship')) continue;
    for (const body of classBodies(source)) {
      const text = source.text.slice(body.start, body.end);
      if (children.includes(body.name)) for (const m of text.matchAll(toParent)) out.add(m[1]);
      if (parents.includes(body.name)) for (const m of text.matchAll(backref)) out.add(m[2]);
    }
  }
  return [...out];
}

/** The text between the parenthesis at `open` and its match, or null when it does not close. */
function argumentsAt(text: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return null;
}

/** The comma-separated parts of an argument list at its own nesting level. */
function topLevelParts(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const ch = args[i];
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(args.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(args.slice(start));
  return parts;
}
