import { jest } from '@jest/globals';
import { RULE_CATALOG } from '../../../../src/catalog/index.js';
import { liveHarness, migration } from './live-helper.js';

jest.setTimeout(300_000);

/** The rules only the live stage reports: their catalogue examples replayed into the embedded PostgreSQL. */
describe('the catalogue examples of the live stage', () => {
  const live = liveHarness(undefined);
  afterAll(() => live.close());

  const reported = async (id: string, code: string, context?: string) => {
    const others = context ? { [migration(1, 'context')]: context } : {};
    const result = await live.review([{ path: migration(2, 'example'), head: code }], others);
    return result.findings.filter((f) => f.rule === id).length;
  };

  it.each(RULE_CATALOG.filter((r) => r.engine === 'live').map((r) => [r.id, r] as const))('%s reports its bad example and not its good one', async (id, rule) => {
    expect(await reported(id, rule.examples.bad, rule.examples.context)).toBeGreaterThan(0);
    expect(await reported(id, rule.examples.good, rule.examples.context)).toBe(0);
  });
});
