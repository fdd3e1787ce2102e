import { RULE_CATALOG, type CatalogRule } from '../../../../src/catalog/index.js';
import { reviewPython } from './python/review-python.js';
import { existing, migration, runSql } from './sql/run-sql.js';

/** The findings of a rule on one example: a Python module, or a new migration after the example's context. */
async function reported(rule: CatalogRule, code: string): Promise<number> {
  const result =
    rule.engine === 'python'
      ? await reviewPython([{ path: 'app/example.py', head: code }])
      : await runSql([migration('20250101000000_example', code)], rule.examples.context ? existing({ '20240101000000_context': rule.examples.context }) : {});
  return result.findings.filter((f) => f.rule === rule.id).length;
}

describe('the catalogue examples of the static rules', () => {
  it.each(RULE_CATALOG.filter((r) => r.engine !== 'live').map((r) => [r.id, r] as const))('%s reports its bad example and not its good one', async (_id, rule) => {
    expect(await reported(rule, rule.examples.bad)).toBeGreaterThan(0);
    expect(await reported(rule, rule.examples.good)).toBe(0);
  });
});
