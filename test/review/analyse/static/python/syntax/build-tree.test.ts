import { loadPythonRuntime, type PythonRuntime } from '../../../../../../src/review/analyse/static/parsers/python-parser.js';
import { buildTree } from '../../../../../../src/review/analyse/static/python/syntax/build-tree.js';
import { fieldOf, type PyNode } from '../../../../../../src/review/analyse/static/python/syntax/py-node.js';

const SAMPLE = [
  'import a.b as c',
  'from ..x import (y as z, w)',
  '@router.get("/items/{id}", dependencies=[Depends(auth)])',
  'async def get(id: int, db: Annotated[AsyncSession, Depends(get_db)] = None) -> Item:',
  '    rows = [r async for r in db.stream(q) if r.x is not None and r.y not in (1, 2)]',
  '    msg = f"{id!r:>4} items" "plain"',
  '    return await db.get(Item, id) or -1 ** 2',
  'café = naïve_λ + x1_',
  '',
].join('\n');

function shape(n: PyNode): unknown {
  return [n.type, n.start, n.end, n.field, n.tokens, n.children.map(shape)];
}

describe('buildTree', () => {
  let rt: PythonRuntime;
  beforeAll(async () => {
    rt = await loadPythonRuntime();
  });

  it('builds the same tree through the direct and the public cursor', () => {
    const direct = buildTree(rt, SAMPLE);
    // Without the module object the builder falls back to the public TreeCursor API.
    const publicOnly = buildTree({ ...rt, wasm: {}, grammar: undefined }, SAMPLE);
    expect(shape(publicOnly.root)).toEqual(shape(direct.root));
    expect(direct.errorAt).toBe(-1);
  });

  it('finds identifier ends exactly where tree-sitter puts them (Unicode names included)', () => {
    const tree = rt.parser.parse(SAMPLE)!;
    const expected = tree.rootNode.descendantsOfType('identifier').map((n) => [n!.startIndex, n!.endIndex]);
    tree.delete();
    const found: number[][] = [];
    const visit = (n: PyNode) => {
      if (n.type === 'identifier') found.push([n.start, n.end]);
      n.children.forEach(visit);
    };
    visit(buildTree(rt, SAMPLE).root);
    // dotted_name parts are not mirrored; every mirrored identifier must match one tree-sitter has.
    const all = new Set(expected.map((e) => e.join(':')));
    expect(found.length).toBeGreaterThan(20);
    for (const f of found) expect(all.has(f.join(':'))).toBe(true);
  });

  it('keeps fields, operator tokens and f-string parts, but not the inside of plain strings', () => {
    const { root } = buildTree(rt, 'x = a % b\ny = f"{x}" + "z"\n');
    const first = root.children[0].children[0];
    expect(first.type).toBe('assignment');
    const right = fieldOf(first, 'right')!;
    expect(right.tokens).toEqual(['%']);
    const concat = fieldOf(root.children[1].children[0], 'right')!;
    const [fstring, plain] = concat.children;
    expect(fstring.children.some((c) => c.type === 'interpolation')).toBe(true);
    expect(plain.type).toBe('string');
    expect(plain.children).toEqual([]);
  });

  it('reports the offset of the first syntax error and still mirrors what parses', () => {
    const source = 'def ok():\n    return 1\n\ndef broken(:\n    pass\n';
    const { root, errorAt } = buildTree(rt, source);
    expect(errorAt).toBeGreaterThanOrEqual(source.indexOf('def broken'));
    expect(root.children[0].type).toBe('function_definition');
  });
});
