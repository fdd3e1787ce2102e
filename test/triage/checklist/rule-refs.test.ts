import { RULE_CATALOG, rulesOfStep } from '../../../src/catalog/index.js';
import { describeRules } from '../../../src/triage/checklist/rule-refs.js';

describe('plan checklist rule references', () => {
  it('names only rules the static engine has', () => {
    const ids = new Set(RULE_CATALOG.filter((r) => r.engine !== 'live').map((r) => r.id));
    const steps = ['migration', 'rls', 'models', 'service', 'endpoint', 'auth', 'async', 'performance', 'security'] as const;
    const unknown = steps.flatMap((s) => rulesOfStep(s).map((r) => r.id)).filter((id) => !ids.has(id));
    expect(unknown).toEqual([]);
    expect(steps.filter((s) => !rulesOfStep(s).length)).toEqual([]);
  });

  it('describes a step with the catalogue titles', () => {
    expect(describeRules('models')).toBe(
      'Rules to check: `response-leaks-sensitive-fields` (Route returns sensitive fields), `mass-assignment` (Client input copied wholesale into a row).',
    );
  });

  it('lists the rules of the steps plans use in their order', () => {
    const ids = (text: string) => [...text.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]);
    expect(ids(describeRules('performance'))).toEqual(['n-plus-one-in-loop', 'unbounded-select', 'select-star', 'rls-initplan-auth-call', 'unindexed-foreign-key', 'orm-unindexed-foreign-key', 'require-concurrent-index']);
    expect(ids(describeRules('security'))).toEqual(['missing-auth-dependency', 'idor-missing-ownership-check', 'service-role-in-user-request-path', 'sql-string-built', 'rls-policy-always-true', 'hardcoded-secret']);
  });
});
