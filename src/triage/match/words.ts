/**
 * The words of an issue, normalised so that they meet the names in code: lower case, possessives
 * and hyphens gone, each with its singular form. "a day's lessons" -> day, lesson; "Order-items" ->
 * order, item; "OrderItem" and "order_items" split the same way.
 */
const IRREGULAR: Record<string, string> = {
  people: 'person',
  children: 'child',
  men: 'man',
  women: 'woman',
  mice: 'mouse',
  data: 'data',
  media: 'media',
  criteria: 'criterion',
  indices: 'index',
  analyses: 'analysis',
  statuses: 'status',
  addresses: 'address',
  aliases: 'alias',
  buses: 'bus',
};
const KEEP = /(ss|us|is|ics|news|series|species)$/;

/** The singular of an English noun, well enough to meet table names (lessons, categories, boxes, staff). */
export function singular(word: string): string {
  const w = word.toLowerCase();
  if (IRREGULAR[w]) return IRREGULAR[w];
  if (w.length <= 3 || KEEP.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(ch|sh|x|z|ss)es$/.test(w)) return w.slice(0, -2);
  if (/[^aeiou]oes$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

/**
 * A crude stem for words of one family that no plural rule joins: "enrolled" / "enrolments",
 * "booking" / "booked", "cancellation" / "cancelled". Only compared when at least five letters remain.
 */
export function stem(word: string): string {
  const w = singular(word).replace(/(ments?|ations?|ings?|ions?|ed|er|s)$/, '');
  return w.replace(/([b-df-hj-np-tv-z])\1$/, '$1');
}

/** The plural the way schemas name tables (lesson -> lessons, category -> categories). */
export function plural(word: string): string {
  const w = word.toLowerCase();
  const back = Object.entries(IRREGULAR).find(([p, s]) => s === w && p !== w);
  if (back) return back[0];
  if (/(ss|sh|ch|x|z)$/.test(w)) return `${w}es`;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  if (w === 'staff' || w === 'data' || w.endsWith('s')) return w;
  return `${w}s`;
}

/** Identifier parts: `order_items` -> [order, items]; `OrderItem` -> [order, item]; `/order-items/{id}` -> [order, items]. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** snake_case of words ("school closures" -> school_closures). */
export function snake(words: readonly string[]): string {
  return words.join('_');
}

export interface Token {
  /** As written, lower case, possessive removed. */
  word: string;
  singular: string;
  /** Position among the tokens, to find what follows a verb. */
  at: number;
}

/** The word tokens of a text, in order (inline code and paths included: `app/routers/lessons.py` gives lessons). */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  const cleaned = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/s['’](?=\s)/g, 's');
  for (const m of cleaned.matchAll(/[a-z][a-z0-9]*/g)) out.push({ word: m[0], singular: singular(m[0]), at: out.length });
  return out;
}
