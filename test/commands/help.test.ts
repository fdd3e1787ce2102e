import { parse } from 'yaml';
import { renderHelp } from '../../src/commands/help.js';
import { parseRepoConfigData } from '../../src/config/parse-repo-config.js';
import { COMMANDS, resolveCommand } from '../../src/commands/registry.js';
import { isBot } from '../../src/commands/authorise.js';

describe('help', () => {
  it('shows a config example that is valid configuration', () => {
    const md = renderHelp({ word: 'backend-agent', words: ['backend-agent'], entries: COMMANDS });
    const yaml = /```yaml\n([\s\S]*?)\n```/.exec(md)![1];
    const { settings, problems } = parseRepoConfigData(parse(yaml));
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({ min_severity: 'medium', rules: { 'select-star': 'off' }, triage: { enabled: true } });
  });

  it('lists the other personas as command words', () => {
    const md = renderHelp({ word: 'backend-agent', words: ['backend-agent', 'db-expert'], entries: COMMANDS });
    expect(md).toContain('Other personas answer the same verbs: `/db-expert`.');
  });

  it('resolves each verb, and an unknown one to help', () => {
    expect(COMMANDS.map((c) => c.verb)).toEqual(['plan', 'review', 'help']);
    expect(resolveCommand('plan').command.verb).toBe('plan');
    expect(resolveCommand('deploy')).toMatchObject({ command: { verb: 'help' }, unknown: 'deploy' });
  });
});

describe('isBot', () => {
  it('knows bots by type or by the [bot] suffix, and treats a missing user as a bot', () => {
    expect(isBot({ login: 'backend-agent[bot]', type: 'Bot' })).toBe(true);
    expect(isBot({ login: 'github-actions[bot]', type: 'User' })).toBe(true);
    expect(isBot({ login: 'octocat', type: 'User' })).toBe(false);
    expect(isBot(null)).toBe(true);
  });
});
