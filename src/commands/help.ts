import { CONFIG_PATH } from '../config/parse-repo-config.js';
import { code, fenced } from '../review/shared/markdown.js';

export interface HelpEntry {
  usage: string;
  summary: string;
}

const CONFIG_EXAMPLE = `# ${CONFIG_PATH}, read from the default branch
auto_review: true          # review every push of a pull request
min_severity: medium       # inline comments from this severity up
paths:
  exclude: ["legacy/**"]
rules:
  select-star: off         # or low / medium / high
triage:
  enabled: true            # label new issues and answer them with a plan
commands:
  allowed_associations: [OWNER, MEMBER, COLLABORATOR]
llm:
  model: sonnet            # with ANTHROPIC_API_KEY set on the app`;

/** The help reply: every command, who may run them, and the config file with an example. */
export function renderHelp(params: { word: string; words: readonly string[]; entries: readonly HelpEntry[]; unknown?: string }): string {
  const { word, entries } = params;
  const rows = entries.map((e) => `| ${code(`/${word} ${e.usage}`)} | ${e.summary} |`);
  const others = params.words.filter((w) => w !== word);
  return [
    params.unknown ? `${code(params.unknown)} is not a command I know. Here is what I can do.` : '',
    `### ${word} commands`,
    'Write the command at the start of a line of a comment on a pull request or an issue (not in a quote or a code block).',
    ['| command | what it does |', '|---|---|', ...rows].join('\n'),
    others.length ? `Other personas answer the same verbs: ${others.map((w) => code(`/${w}`)).join(', ')}.` : '',
    'Commands run for people with write access to the repository (by default: owners, members and collaborators). Comments by bots are ignored.',
    '### Configuration',
    `${code(CONFIG_PATH)} on the default branch; every key is optional:`,
    fenced(CONFIG_EXAMPLE, 'yaml'),
  ]
    .filter(Boolean)
    .join('\n\n');
}
