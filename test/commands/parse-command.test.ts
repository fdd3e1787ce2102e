import { parseCommand } from '../../src/commands/parse-command.js';

const words = ['backend-agent'];
const parse = (body: string) => parseCommand(body, words);

describe('parseCommand', () => {
  it('reads the verb and the arguments of a command at the start of a line', () => {
    expect(parse('/backend-agent plan')).toEqual({ word: 'backend-agent', verb: 'plan', args: '' });
    expect(parse('Thanks!\n\n/backend-agent plan add pagination to /notes  ')).toEqual({ word: 'backend-agent', verb: 'plan', args: 'add pagination to /notes' });
    expect(parse('   /backend-agent review')).toMatchObject({ verb: 'review' });
    expect(parse('/backend-agent plan.')).toMatchObject({ verb: 'plan' });
  });

  it('matches the command word and the verb case-insensitively', () => {
    expect(parse('/Backend-Agent PLAN')).toEqual({ word: 'backend-agent', verb: 'plan', args: '' });
  });

  it('asks for help when the verb is missing and keeps an unknown verb as written', () => {
    expect(parse('/backend-agent')).toMatchObject({ verb: 'help' });
    expect(parse('/backend-agent deploy now')).toEqual({ word: 'backend-agent', verb: 'deploy', args: 'now' });
  });

  it('ignores a command that is not at the start of a line, or is another word', () => {
    expect(parse('please run /backend-agent plan')).toBeNull();
    expect(parse('`/backend-agent plan`')).toBeNull();
    expect(parse('- /backend-agent plan')).toBeNull();
    expect(parse('/backend-agents plan')).toBeNull();
    expect(parse('/backend plan')).toBeNull();
    expect(parse('')).toBeNull();
    expect(parseCommand(null, words)).toBeNull();
  });

  it('ignores commands inside block quotes, including the lazy lines that continue them', () => {
    expect(parse('> /backend-agent plan')).toBeNull();
    expect(parse('  >> /backend-agent plan')).toBeNull();
    expect(parse('> You said:\n/backend-agent plan')).toBeNull();
    expect(parse('> You said something\n\n/backend-agent plan')).toMatchObject({ verb: 'plan' });
  });

  it('ignores commands inside fenced and indented code blocks', () => {
    expect(parse('```\n/backend-agent plan\n```')).toBeNull();
    expect(parse('~~~~md\n/backend-agent plan\n~~~\n/backend-agent review\n~~~~')).toBeNull();
    expect(parse('```\n/backend-agent plan')).toBeNull(); // an unclosed fence runs to the end
    expect(parse('```\nx\n```\n/backend-agent review')).toMatchObject({ verb: 'review' });
    expect(parse('Run this:\n\n    /backend-agent plan')).toBeNull();
    expect(parse('\t/backend-agent plan')).toBeNull();
  });

  it('ignores commands hidden in HTML comments', () => {
    expect(parse('<!--\n/backend-agent plan\n-->')).toBeNull();
    expect(parse('<!-- /backend-agent plan -->\n/backend-agent help')).toMatchObject({ verb: 'help' });
  });

  it('takes the first command of a comment and accepts any configured persona word', () => {
    expect(parse('/backend-agent review\n/backend-agent plan')).toMatchObject({ verb: 'review' });
    expect(parseCommand('/db-expert plan', ['backend-agent', 'db-expert'])).toEqual({ word: 'db-expert', verb: 'plan', args: '' });
  });
});
