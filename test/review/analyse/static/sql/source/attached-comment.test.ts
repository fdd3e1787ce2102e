import { attachedComment, preambleComment } from '../../../../../../src/review/analyse/static/sql/source/attached-comment.js';

describe('attachedComment', () => {
  it('takes the contiguous comment lines right above, markers stripped', () => {
    expect(attachedComment(['select 1;', '-- tastings is small;', '-- a plain build is fine.'], 'sql')).toBe('tastings is small;\na plain build is fine.');
  });

  it('allows one blank line between the comment and the code, not two', () => {
    expect(attachedComment(['-- small table', ''], 'sql')).toBe('small table');
    expect(attachedComment(['-- small table', '', ''], 'sql')).toBe('');
  });

  it('stops at a blank line inside the block and at code', () => {
    expect(attachedComment(['-- header', '', '-- about this', 'create table t (a int);', '-- next'], 'sql')).toBe('next');
    expect(attachedComment(['-- header', '', '-- about this'], 'sql')).toBe('about this');
  });

  it('reads block comments and Python comments', () => {
    expect(attachedComment(['/* the table', ' * is tiny */'], 'sql')).toBe('the table\nis tiny');
    expect(attachedComment(['    op.add_column(x)', '    # empty table, lock is fine'], 'python')).toBe('empty table, lock is fine');
    expect(attachedComment(['    -- not python'], 'python')).toBe('');
  });
});

describe('preambleComment', () => {
  it('ignores a trailing comment on the previous statement line', () => {
    expect(preambleComment('; -- previous is small\n\n')).toBe('');
    expect(preambleComment('; -- previous\n-- this one is small\n  ')).toBe('this one is small');
  });

  it('reads the header of the first statement of a file', () => {
    expect(preambleComment('-- empty table\n\n')).toBe('empty table');
  });
});
