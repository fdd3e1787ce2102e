/**
 * Text the app did not write itself (a model's answer, a PR's code quoted in a message, a config
 * error) goes into GitHub comments as inert markdown: it is shown, never acted on.
 * - mentions do not ping (`@` + zero-width space), team mentions included;
 * - no raw HTML (tags are escaped), no images (their alt text stays), no HTML comments (they
 *   could forge the hidden markers the app finds its own comments by);
 * - links only to the repository itself and well-known documentation hosts; any other link
 *   keeps its text and loses its target;
 * - a ```suggestion block (a one-click change) is shown as a plain code block.
 * Code spans and fenced blocks keep their text: GitHub renders neither HTML nor mentions there.
 */

/** Documentation hosts a review may link to (and their subdomains). */
export const DOC_HOSTS = [
  'docs.github.com',
  'fastapi.tiangolo.com',
  'sqlmodel.tiangolo.com',
  'starlette.io',
  'docs.pydantic.dev',
  'docs.sqlalchemy.org',
  'alembic.sqlalchemy.org',
  'postgresql.org',
  'supabase.com',
  'docs.python.org',
  'peps.python.org',
  'owasp.org',
  'cwe.mitre.org',
  'magicstack.github.io',
  'psycopg.org',
  'python-httpx.org',
  'developer.mozilla.org',
] as const;

export interface NeutraliseOptions {
  /** `owner/name`: links into this repository on github.com are kept. */
  repo?: string;
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>()[\]`"']+/gi;
// Bounded repetitions keep every pattern linear on hostile input.
const LINK_RE = /(!?)\[([^\]\n]{0,500})\]\(\s*<?([^)\s>]{0,2000})>?(?:\s+(?:"[^"\n]{0,300}"|'[^'\n]{0,300}'))?\s*\)/g;
const REF_DEF_RE = /^[ \t]{0,3}\[[^\]\n]{1,200}\]:[ \t]*<?\S+>?.*$/gm;
const REF_IMAGE_RE = /!\[([^\]\n]{0,500})\]\[[^\]\n]{0,200}\]/g;
// Any `<` that could open a tag, a comment or a declaration; a tag's text then shows as written.
const TAG_OPEN_RE = /<(?=[A-Za-z/!?])/g;
const MENTION_RE = /(^|[^\w`/.@-])@(?=[A-Za-z0-9])/g;

function hostOf(url: string): string | null {
  try {
    return new URL(/^www\./i.test(url) ? `https://${url}` : url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** True when a link may stay a link: a documentation host, or this repository on github.com. */
export function isAllowedLink(url: string, options: NeutraliseOptions = {}): boolean {
  if (url.startsWith('#')) return true;
  if (!/^(https?:\/\/|www\.)/i.test(url)) return false;
  const host = hostOf(url);
  if (!host) return false;
  if (DOC_HOSTS.some((h) => host === h || host.endsWith(`.${h}`))) return true;
  if (!options.repo || host !== 'github.com') return false;
  const path = new URL(url.startsWith('www.') ? `https://${url}` : url).pathname.toLowerCase();
  const repo = `/${options.repo.toLowerCase()}`;
  return path === repo || path.startsWith(`${repo}/`);
}

function neutraliseProse(text: string, options: NeutraliseOptions): string {
  let out = text.replace(/&(?:#0*64|#x0*40|commat);/gi, '@');
  out = out.replace(/<!--/g, '&lt;!--').replace(/-->/g, '--&gt;');
  out = out.replace(REF_IMAGE_RE, (_m, alt: string) => (alt.trim() ? `${alt} (image removed)` : '(image removed)'));
  out = out.replace(REF_DEF_RE, (line) => (isAllowedLink(line.replace(/^[^:]*:\s*<?/, '').split(/[\s>]/)[0], options) ? line : ''));
  // Links and images first, then bare URLs outside them (held apart by placeholders).
  const kept: string[] = [];
  out = out.replace(LINK_RE, (_m, bang: string, label: string, url: string) => {
    if (bang) return label.trim() ? `${label} (image removed)` : '(image removed)';
    if (isAllowedLink(url, options)) {
      kept.push(`[${label}](${url})`);
      return `\u0000${kept.length - 1}\u0000`;
    }
    return `${label} (link removed)`;
  });
  out = out.replace(URL_RE, (url) => {
    const trimmed = url.replace(/[.,;:!?]+$/, '');
    const rest = url.slice(trimmed.length);
    return (isAllowedLink(trimmed, options) ? trimmed : '(link removed)') + rest;
  });
  out = out.replace(TAG_OPEN_RE, '&lt;');
  out = out.replace(MENTION_RE, '$1@\u200b');
  return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)].replace(MENTION_RE, '$1@\u200b'));
}

// Inside code, HTML shows as written, but a comment opener could still forge a hidden marker.
const inert = (code: string) => code.replace(/<!--/g, '<!- -').replace(/-->/g, '- ->');

/** Splits out inline code spans (backtick runs closed by a run of the same length) so prose is neutralised around them. */
function neutraliseLine(text: string, options: NeutraliseOptions): string {
  let out = '';
  let from = 0;
  let scan = 0;
  const run = /`+/g;
  for (;;) {
    run.lastIndex = scan;
    const open = run.exec(text);
    if (!open) break;
    let close: RegExpExecArray | null;
    let end = -1;
    while ((close = run.exec(text))) {
      if (close[0].length === open[0].length) {
        end = close.index + close[0].length;
        break;
      }
    }
    if (end < 0) {
      // An unmatched run is literal text and stays in the prose.
      scan = open.index + open[0].length;
      continue;
    }
    out += neutraliseProse(text.slice(from, open.index), options) + inert(text.slice(open.index, end));
    from = scan = end;
  }
  return out + neutraliseProse(text.slice(from), options);
}

/** Neutralises untrusted markdown for a GitHub comment (see the top of this file). */
export function neutraliseMarkdown(text: string, options: NeutraliseOptions = {}): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  let prose: string[] = [];
  const flush = () => {
    if (prose.length) out.push(neutraliseLine(prose.join('\n'), options));
    prose = [];
  };
  for (const line of lines) {
    const marker = /^([ \t]{0,3})(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence === null && marker && !(marker[2][0] === '`' && marker[3].includes('`'))) {
      flush();
      fence = marker[2];
      // A one-click suggestion comes only from the app's own vetted field, never from text.
      const info = marker[3].trim().toLowerCase().startsWith('suggestion') ? 'text' : inert(marker[3]);
      out.push(`${marker[1]}${marker[2]}${info}`);
    } else if (fence !== null) {
      if (marker && marker[2][0] === fence[0] && marker[2].length >= fence.length && !marker[3].trim()) fence = null;
      out.push(inert(line));
    } else prose.push(line);
  }
  flush();
  return out.join('\n');
}
