import { mergeWithStatic } from '../../../src/review/merge/merge-llm.js';
import type { FindingDraft } from '../../../src/domain/types.js';

const stat = (over: Partial<FindingDraft> = {}): FindingDraft => ({
  path: 'app/a.py',
  line: 10,
  category: 'async',
  severity: 'high',
  rule: 'blocking-http-in-async',
  title: 'Blocking HTTP call inside async def',
  message: 'requests.get blocks the event loop.',
  source: 'static',
  ...over,
});
const llm = (over: Partial<FindingDraft> = {}): FindingDraft => ({
  path: 'app/a.py',
  line: 10,
  side: 'RIGHT',
  category: 'async',
  severity: 'medium',
  rule: 'ai-async',
  title: 'Weather call stalls every request',
  message: 'Each stop waits up to 10 s; use httpx.AsyncClient.',
  source: 'llm',
  ...over,
});

describe('mergeWithStatic', () => {
  it('makes one comment of a static and an LLM finding on the same line and category', () => {
    const merged = mergeWithStatic([stat()], [llm()]);
    expect(merged).toEqual([
      {
        ...stat(),
        message: 'requests.get blocks the event loop.\n\n**Weather call stalls every request.** Each stop waits up to 10 s; use httpx.AsyncClient.',
      },
    ]);
  });

  it('keeps the static rule id, title and severity even when the LLM rates it lower or higher', () => {
    expect(mergeWithStatic([stat()], [llm({ severity: 'low' })])[0]).toMatchObject({ rule: 'blocking-http-in-async', severity: 'high', source: 'static' });
    expect(mergeWithStatic([stat({ severity: 'low' })], [llm({ severity: 'high' })])[0].severity).toBe('low');
  });

  it('matches a line inside a static range, but not another category, line or side', () => {
    expect(mergeWithStatic([stat({ line: 8, endLine: 12 })], [llm({ line: 11 })])).toHaveLength(1);
    expect(mergeWithStatic([stat()], [llm({ category: 'query' })])).toHaveLength(2);
    expect(mergeWithStatic([stat()], [llm({ line: 11 })])).toHaveLength(2);
    expect(mergeWithStatic([stat({ side: 'LEFT' })], [llm()])).toHaveLength(2);
    expect(mergeWithStatic([stat()], [llm({ path: 'app/b.py' })])).toHaveLength(2);
  });

  it("uses the LLM's suggestion only for a single-line static finding without one", () => {
    expect(mergeWithStatic([stat()], [llm({ suggestion: 'x = await f()' })])[0].suggestion).toBe('x = await f()');
    expect(mergeWithStatic([stat({ suggestion: 'keep' })], [llm({ suggestion: 'x' })])[0].suggestion).toBe('keep');
    expect(mergeWithStatic([stat({ line: 8, endLine: 12 })], [llm({ line: 10, suggestion: 'x' })])[0].suggestion).toBeUndefined();
  });

  it('does not repeat the same text twice and does not modify its inputs', () => {
    const s = stat();
    const l = llm({ message: s.message });
    const merged = mergeWithStatic([s], [l, llm()]);
    expect(merged).toHaveLength(1);
    expect(merged[0].message.match(/requests\.get blocks/g)).toHaveLength(1);
    expect(merged[0].message).toContain('Each stop waits');
    expect(s.message).toBe('requests.get blocks the event loop.');
  });

  it('keeps static order, then the new LLM findings', () => {
    const merged = mergeWithStatic([stat({ line: 20 }), stat({ line: 5 })], [llm({ line: 30 }), llm({ line: 5 })]);
    expect(merged.map((d) => `${d.line}:${d.source}`)).toEqual(['20:static', '5:static', '30:llm']);
  });
});
