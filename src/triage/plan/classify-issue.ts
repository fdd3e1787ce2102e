/**
 * Deterministic triage: the type of an issue and the backend areas it touches, from keywords in
 * its title and body and from the paths it mentions (or, for a pull request, the paths it
 * changes). No model is involved, so the labels are the same with or without an API key.
 * Whether the issue is backend work at all is decided from the repository (decide-backend.ts);
 * the keywords here only refine the type and the areas.
 */
export const ISSUE_TYPES = ['bug', 'feature', 'performance', 'security', 'question'] as const;
export type IssueType = (typeof ISSUE_TYPES)[number];
export const AREAS = ['api', 'db', 'auth', 'rls', 'async', 'performance'] as const;
export type Area = (typeof AREAS)[number];

export interface Classification {
  type: IssueType;
  areas: Area[];
  /** Whether the text itself names the backend (a backend word, area or path): the decision when the repository cannot be read. */
  backend: boolean;
  /** The words and paths that decided, for the reply and the logs. */
  evidence: string[];
}

type Cue = [RegExp, number];

// Each cue is a whole-word pattern and a weight; title matches count double.
const TYPE_CUES: Record<IssueType, Cue[]> = {
  security: [
    [/\b(security|vulnerab\w*|cve-\d+|exploit\w*|injection|xss|csrf|ssrf|idor|privilege escalation|leak(s|ed|ing)?|exposed?|exposure|bypass(es|ed)?)\b/, 3],
    [/\b(unauthori[sz]ed|can (read|see|access|edit|delete) other users?'?s?|another user'?s|secret(s)?|credential(s)?)\b/, 2],
    // "can open another customer's order", "shows someone else's order", "announcements of other schools"
    [/\b(someone else'?s|somebody else'?s|another \w+'s|other (users|customers|people|patients|students|schools|teams|accounts|tenants|organi[sz]ations)\b|(see|open|read|access|view|edit|change|delete|download)s? (the )?\w+ (of|from) (another|other) \w+)/, 3],
  ],
  performance: [
    [/\b(slow(er|ly|ness)?|latency|performance|perf|time(s|d)? ?out|n\+1|p9[59]|throughput|speed up|optimi[sz](e|ation))\b/, 3],
    [/\b(high (cpu|memory|load)|memory leak|takes? \d+ ?(s|ms|seconds|minutes))\b/, 2],
  ],
  bug: [
    [/\b(bug|crash(es|ed)?|exception|traceback|regression|broken|error|errors|500|fail(s|ed|ing|ure)?)\b/, 2],
    [/\b(wrong|incorrect|unexpected|does(n'?t| not) work|not working|typo|misspell\w*|spelled|overflows?|overlap(s|ping)?|cut off|misaligned)\b/, 1],
  ],
  question: [
    [/\b(question|how (do|can|to|should)|is (it|there) (possible|a way)|why (does|is|do)|what is)\b/, 2],
    [/\?/, 1],
  ],
  feature: [
    [/\b(feature|add|adding|support|implement|introduce|allow|would like|enable|new endpoint|proposal)\b/, 1],
  ],
};

const AREA_CUES: Record<Area, RegExp> = {
  api: /\b(endpoints?|routes?|routers?|api|rest|fastapi|pydantic|request body|response( model)?|status code|http|webhooks?|pagination|paginate)\b|\b(get|post|put|patch|delete) \/\S*/,
  db: /\b(database|db|postgres(ql)?|sql|tables?|columns?|migrations?|alembic|sqlalchemy|sqlmodel|asyncpg|psycopg2?|schema|foreign key|constraint|index(es)?|query|queries|supabase|rows?|records?|soft[- ]delete[sd]?|deleted_at|backfill)\b/,
  auth: /\b(auth|authn|authz|authenticat\w*|authoriz\w*|login|log in|logout|sign ?up|sign ?in|jwt|tokens?|oauth|passwords?|roles?|admin|permissions?)\b/,
  rls: /\b(rls|row[- ]level security|polic(y|ies)|auth\.uid|service[_ ]role|anon|other users?'?s? (rows|data|notes|records))\b/,
  async: /\b(async|await|asyncio|event loop|blocking (calls?|io|i\/o|the (event )?loop)|blocks? the (event )?loop|coroutines?|background tasks?|concurren(t|cy)|threadpool)\b/,
  performance: /\b(slow(er|ly|ness)?|latency|performance|time(s|d)? ?out|n\+1|p9[59]|throughput|optimi[sz](e|ation)|index(es)?|cache|caching)\b/,
};

// Not inside a command word such as `/backend-agent`.
const BACKEND_WORDS = /(?<![\w/-])(backend|back-end|server|fastapi|python|supabase|postgres(ql)?|database|sql|api)(?![\w-])/;
const PATH = /(?:^|[\s`'"(])((?:[\w.-]+\/)*[\w.-]+\.(?:py|sql|toml)|(?:supabase|migrations|alembic)\/[\w./-]*)/g;

/** The areas a path belongs to, by its place in a typical FastAPI / Supabase layout. */
export function areasOfPath(path: string): Area[] {
  const p = path.toLowerCase();
  const out = new Set<Area>();
  if (/\.sql$|(^|\/)(migrations|alembic)\//.test(p)) out.add('db');
  if (/(^|\/)(models?|repositor(y|ies)|crud|db|database)(\/|\.py$)/.test(p)) out.add('db');
  if (/(^|\/)(routers?|routes|api|endpoints|views|main\.py$)/.test(p)) out.add('api');
  if (/(^|\/)(auth|security|deps|dependencies)(\/|\.py$)/.test(p)) out.add('auth');
  if (/polic(y|ies)|rls/.test(p)) out.add('rls');
  if (/(^|\/)(tasks?|workers?|jobs?)(\/|\.py$)/.test(p)) out.add('async');
  return [...out];
}

/** Backend-looking paths named in a text (`app/routers/notes.py`, `supabase/migrations/...`). */
export function mentionedPaths(text: string): string[] {
  return [...new Set([...text.matchAll(PATH)].map((m) => m[1].replace(/[.,:;)]+$/, '')))];
}

function score(cues: Cue[], title: string, body: string, evidence: Set<string>): number {
  let total = 0;
  for (const [re, weight] of cues) {
    const inTitle = title.match(re);
    const inBody = body.match(re);
    if (inTitle) evidence.add(inTitle[0]);
    else if (inBody) evidence.add(inBody[0]);
    total += (inTitle ? 2 * weight : 0) + (inBody ? weight : 0);
  }
  return total;
}

/**
 * Classifies an issue (or a pull request, with its changed paths). Ties go to the more urgent
 * type (security, then performance, bug, question, feature); with no cue at all it is a feature
 * request, or a question when the title asks one.
 */
export function classifyIssue(params: { title: string; body?: string | null; paths?: readonly string[] }): Classification {
  const title = params.title.toLowerCase();
  const body = (params.body ?? '').toLowerCase();
  const evidence = new Set<string>();
  const order: IssueType[] = ['security', 'performance', 'bug', 'question', 'feature'];
  let type: IssueType = 'feature';
  let best = 0;
  for (const t of order) {
    const s = score(TYPE_CUES[t], title, body, evidence);
    if (s > best) [type, best] = [t, s];
  }
  const paths = [...new Set([...(params.paths ?? []), ...mentionedPaths(`${params.title}\n${params.body ?? ''}`)])];
  const areas = new Set<Area>();
  for (const area of AREAS) {
    const m = title.match(AREA_CUES[area]) ?? body.match(AREA_CUES[area]);
    if (m) {
      areas.add(area);
      evidence.add(m[0]);
    }
  }
  for (const path of paths) {
    const found = areasOfPath(path);
    for (const a of found) areas.add(a);
    if (found.length || /\.(py|sql)$/.test(path)) evidence.add(path);
  }
  if (type === 'performance') areas.add('performance');
  // Performance alone ("the web page is slow") does not make an issue a backend one.
  const backend = [...areas].some((a) => a !== 'performance') || BACKEND_WORDS.test(`${title}\n${body}`) || paths.some((p) => /\.(py|sql)$/.test(p));
  return { type, areas: AREAS.filter((a) => areas.has(a)), backend, evidence: [...evidence].slice(0, 12) };
}
