import { staticRules } from '../../src/review/analyse/static/catalog.js';
import { describeRules, STEP_RULES } from '../../src/triage/rule-refs.js';

describe('plan checklist rule references', () => {
  it('names only rules the static engine has', () => {
    const ids = new Set(staticRules().map((r) => r.id));
    const unknown = Object.values(STEP_RULES).flat().filter((id) => !ids.has(id));
    expect(unknown).toEqual([]);
  });

  it('describes a step with the catalogue titles', () => {
    expect(describeRules('models')).toBe(
      'Rules to check: `response-leaks-sensitive-fields` (Route returns sensitive fields), `mass-assignment` (Client input copied wholesale into a row).',
    );
  });
});
