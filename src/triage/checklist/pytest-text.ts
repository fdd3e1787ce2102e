/**
 * pytest skeletons: one test per behaviour the plan must prove, with the request and the
 * assertions written out, over fixtures the skeleton names and the developer writes (a client,
 * the auth headers of each kind of caller, the rows each test needs).
 */
export interface TestCase {
  name: string;
  /** One line: what the test proves. */
  doc: string;
  /** The request; omitted for a test that calls code directly (its body is then `then`). */
  method?: string;
  /** The route path with its parameters as Python f-string fields (`/schools/{school_a}/lessons`). */
  path?: string;
  /** A Python dict literal for the JSON body, when the route takes one. */
  body?: string;
  /** The headers fixture; none for anon. */
  headers?: string;
  status?: number;
  /** Fixtures the test takes besides the client, headers and path fields. */
  fixtures?: string[];
  /** Further lines of the test body (assertions and comments), indented by the builder. */
  then?: string[];
}

const pyString = (s: string) => (/[{}]/.test(s) ? `f"${s}"` : `"${s}"`);

function renderCase(c: TestCase): string {
  const request = c.method && c.path ? { method: c.method, path: c.path } : null;
  const fixtures = [...(request ? ['client'] : []), ...(c.fixtures ?? []), ...(c.headers ? [c.headers] : []), ...(request ? [...request.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]) : [])];
  const args = request ? [pyString(request.path), ...(c.body ? [`json=${c.body}`] : []), ...(c.headers ? [`headers=${c.headers}`] : [])] : [];
  const lines = [
    `def ${c.name}(${[...new Set(fixtures)].join(', ')}):`,
    `    """${c.doc.replace(/"""/g, "'''")}"""`,
    ...(request ? [`    response = client.${request.method.toLowerCase()}(${args.join(', ')})`, `    assert response.status_code == ${c.status ?? 200}, response.text`] : []),
    ...(c.then ?? []).map((l) => `    ${l}`),
  ];
  return lines.join('\n');
}

/** A test module: a docstring naming the fixtures to write, then the tests. */
export function pytestModule(params: { about: string; fixtures: string[]; cases: TestCase[] }): string {
  const named = new Set(params.fixtures.flatMap((f) => f.split(':')[0].split(/,\s*/)));
  const fromPaths = [...new Set(params.cases.flatMap((c) => [...(c.path ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].filter((p) => !named.has(p));
  const fixtures = [...params.fixtures, ...(fromPaths.length ? [`${fromPaths.join(', ')}: ids of rows the tests act on`] : [])];
  const header = [
    `"""${params.about}`,
    '',
    'Fixtures to provide (tests/conftest.py):',
    ...fixtures.map((f) => `- ${f}`),
    '"""',
  ];
  return [...header, '', '', params.cases.map(renderCase).join('\n\n\n'), ''].join('\n');
}
