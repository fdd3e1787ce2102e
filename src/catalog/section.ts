import type { CatalogRule, RuleData, RuleEngine, RuleExample } from './rule-meta.js';

/** Rules of one engine, keyed by id, in the order they are listed (SARIF, help, docs). */
export function section<Id extends string>(engine: RuleEngine, rules: Record<Id, RuleData>): Record<Id, CatalogRule> {
  const out = {} as Record<Id, CatalogRule>;
  for (const id of Object.keys(rules) as Id[]) out[id] = { id, ...rules[id], examples: dedentExample(rules[id].examples), engine };
  return out;
}

function dedentExample(example: RuleExample): RuleExample {
  return {
    ...(example.context === undefined ? {} : { context: dedent(example.context) }),
    bad: dedent(example.bad),
    good: dedent(example.good),
  };
}

/** The code of a template literal written indented in its section, without the indentation and the first newline. */
function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return `${lines.map((l) => l.slice(indent)).join('\n').trimEnd()}\n`;
}
