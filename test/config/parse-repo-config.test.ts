import { parseRepoConfig } from '../../src/config/parse-repo-config.js';
import { defaultSettings } from '../../src/config/repo-config.js';

describe('parseRepoConfig', () => {
  it('gives the defaults for a missing or empty file', () => {
    expect(parseRepoConfig(null)).toEqual({ settings: defaultSettings(), problems: [] });
    expect(parseRepoConfig('  \n')).toEqual({ settings: defaultSettings(), problems: [] });
  });

  it('reads every option', () => {
    const { settings, problems } = parseRepoConfig(
      [
        'enabled: true',
        'review_drafts: true',
        'paths: { include: ["app/**"], exclude: ["app/legacy/**"] }',
        'rules: { async-blocking-sleep: off, unbounded-select: low }',
        'min_severity: medium',
        'max_inline_comments: 5',
        'llm: { enabled: false, model: opus, max_input_tokens: 50000 }',
        'triage: { enabled: false }',
        'commands: { allowed_associations: [OWNER] }',
        'check_run: { enabled: true, fail_on: high }',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      review_drafts: true,
      paths: { include: ['app/**'], exclude: ['app/legacy/**'] },
      rules: { 'async-blocking-sleep': 'off', 'unbounded-select': 'low' },
      min_severity: 'medium',
      max_inline_comments: 5,
      llm: { enabled: false, model: 'opus', max_input_tokens: 50000 },
      triage: { enabled: false },
      commands: { allowed_associations: ['OWNER'] },
      check_run: { enabled: true, fail_on: 'high' },
    });
  });

  it('reports bad YAML with its line and falls back to the defaults, with the AI review off', () => {
    const { settings, problems } = parseRepoConfig('enabled: true\nrules: [unclosed\n');
    const defaults = defaultSettings();
    defaults.llm.enabled = false;
    expect(settings).toEqual(defaults);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\.github\/backend-agent\.yml is not valid YAML at line \d+: /);
  });

  it('names the key path, the expected type and what was found, and keeps the valid keys', () => {
    const { settings, problems } = parseRepoConfig('min_severity: critical\nmax_inline_comments: "lots"\nreview_drafts: true\nllm: { max_input_tokens: 12 }\n');
    expect(problems).toEqual([
      '`min_severity`: expected one of "high"|"medium"|"low", found "critical"',
      '`max_inline_comments`: expected number, found "lots"',
      '`llm.max_input_tokens`: Too small: expected number to be >=1000, found 12',
    ]);
    expect(settings.review_drafts).toBe(true);
    expect(settings.min_severity).toBe('low');
    expect(settings.max_inline_comments).toBe(25);
    expect(settings.llm.max_input_tokens).toBe(200_000);
  });

  it('warns about unknown keys and rule ids without failing', () => {
    const { settings, problems } = parseRepoConfig('auto_reveiw: false\nllm: { temprature: 1 }\nrules: { no-such-rule: off }\n', ['async-blocking-sleep']);
    expect(problems).toEqual(['unknown key `auto_reveiw` ignored', 'unknown key `llm.temprature` ignored', '`rules.no-such-rule`: no rule has this id; it has no effect']);
    expect(settings.auto_review).toBe(true);
  });

  it('rejects a file that is not a mapping', () => {
    expect(parseRepoConfig('- a\n- b\n').problems).toEqual(['.github/backend-agent.yml: expected a mapping of settings, found a list']);
  });

  it('turns the AI review off when llm.enabled cannot be read, whatever the rest says', () => {
    const { settings, problems } = parseRepoConfig('min_severity: medium\nllm:\n  enabled: "nope"\n');
    expect(settings.llm.enabled).toBe(false);
    expect(settings.min_severity).toBe('medium');
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/AI review is off until `llm` is valid/)]));
    expect(parseRepoConfig('llm:\n  enabled: false\n').settings.llm.enabled).toBe(false);
    expect(parseRepoConfig('llm:\n  model: 42\n').settings.llm.enabled).toBe(true);
  });
});

