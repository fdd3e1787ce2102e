import { RULE_CATALOG, RULE_IDS, findRule, rulesOfStep, type PlanStep } from '../../../../src/catalog/index.js';
import { PYTHON_RULES } from '../../../../src/review/analyse/static/python/rules/registry.js';
import { SQL_RULES } from '../../../../src/review/analyse/static/sql/rules/registry.js';
import { liveRules } from '../../../../src/review/analyse/live/rules.js';

const idsOf = (engine: string) => RULE_CATALOG.filter((r) => r.engine === engine).map((r) => r.id).sort();

describe('the rule catalogue', () => {
  it('lists each rule once', () => {
    expect(new Set(RULE_IDS).size).toBe(RULE_CATALOG.length);
  });

  it('has an entry for every Python rule, and every Python entry is implemented', () => {
    for (const rule of PYTHON_RULES) expect(findRule(rule.meta.id)).toBe(rule.meta);
    expect(idsOf('python')).toEqual(PYTHON_RULES.map((r) => r.meta.id).sort());
  });

  it('has an entry for every SQL rule, and every SQL entry is implemented', () => {
    for (const rule of SQL_RULES) expect(findRule(rule.meta.id)).toBe(rule.meta);
    expect(idsOf('sql')).toEqual(SQL_RULES.map((r) => r.meta.id).sort());
  });

  it('has an entry for every rule of the live stage; its own are the ones no static rule shares', () => {
    const live = liveRules();
    for (const meta of live) expect(findRule(meta.id)).toBe(meta);
    const sql = new Set(SQL_RULES.map((r) => r.meta.id));
    expect(idsOf('live')).toEqual(live.map((r) => r.id).filter((id) => !sql.has(id)).sort());
  });

  it('gives every rule a title, a rationale and one bad and one good example', () => {
    const incomplete = RULE_CATALOG.filter((r) => !r.title || r.rationale.length < 80 || !r.examples.bad.trim() || !r.examples.good.trim() || r.examples.bad === r.examples.good);
    expect(incomplete.map((r) => r.id)).toEqual([]);
  });

  it('places the rules of a plan step at distinct places, 1 to n', () => {
    const steps = new Set(RULE_CATALOG.flatMap((r) => Object.keys(r.plan ?? {}) as PlanStep[]));
    for (const step of steps) expect(rulesOfStep(step).map((r) => r.plan![step])).toEqual(rulesOfStep(step).map((_, i) => i + 1));
  });
});
