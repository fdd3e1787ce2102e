/**
 * Finds a `/<word> <verb> [args]` command in a comment, reading the comment as markdown: only
 * lines a reader sees as ordinary text count. Lines in fenced code blocks, indented code (four
 * or more columns), block quotes (`>`, and the lazy lines that continue a quote's paragraph) and
 * HTML comments are never commands, so quoting or documenting a command does not run it.
 */
export interface ParsedCommand {
  /** The command word as configured (a persona name), lowercase. */
  word: string;
  /** The verb, lowercase; `help` when the line has none. */
  verb: string;
  /** The rest of the line, trimmed (may be empty). */
  args: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const QUOTE = /^ {0,3}>/;
// Up to three spaces of indentation: four would make the line indented code.
const COMMAND = /^ {0,3}\/([a-z0-9][a-z0-9-]*)(?:[ \t]+(\S+))?(?:[ \t]+(.*?))?[ \t]*$/i;

/** Lines of the comment a reader sees as text, with HTML comments removed. */
function visibleLines(body: string): string[] {
  const lines = body.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?(?:-->|$)/g, '').split('\n');
  const out: string[] = [];
  let fence: { char: string; length: number } | null = null;
  let inQuote = false;
  for (const line of lines) {
    if (fence) {
      const close = FENCE.exec(line);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length && close[2].trim() === '') fence = null;
      continue;
    }
    if (line.trim() === '') {
      inQuote = false;
      continue;
    }
    if (QUOTE.test(line)) {
      inQuote = true;
      continue;
    }
    // A line right after a quoted line continues the quote's paragraph (a lazy continuation).
    if (inQuote) continue;
    const open = FENCE.exec(line);
    // A backtick fence's info string may not contain a backtick (then it is inline code).
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      fence = { char: open[1][0], length: open[1].length };
      continue;
    }
    out.push(line);
  }
  return out;
}

/**
 * The first command in `body` addressed to one of `words` (case-insensitive), or null.
 * `/backend-agent` alone asks for help; `/backend-agents plan` is not a command for `backend-agent`.
 */
export function parseCommand(body: string | null | undefined, words: readonly string[]): ParsedCommand | null {
  if (!body) return null;
  const known = new Set(words.map((w) => w.toLowerCase()));
  for (const line of visibleLines(body)) {
    const match = COMMAND.exec(line);
    if (!match || !known.has(match[1].toLowerCase())) continue;
    // "/backend-agent plan." or "plan," still means plan.
    const verb = (match[2] ?? 'help').toLowerCase().replace(/[.,:;!?]+$/, '') || 'help';
    return { word: match[1].toLowerCase(), verb, args: (match[3] ?? '').trim() };
  }
  return null;
}
