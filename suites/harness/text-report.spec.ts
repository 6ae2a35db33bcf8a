import { expect } from 'chai';
import { terminalSafe } from '../../harness/report/text.ts';

describe('terminal output', () => {
  it('escapes control characters and terminal escape sequences from implementations, keeping newlines', () => {
    const hostile = 'red \u001b[31mALERT\u001b[0m bell\u0007 cr\r nul\u0000 c1\u009b x\nnext line';
    const out = terminalSafe(hostile);
    expect(out).to.not.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(out).to.contain('\\u001b[31mALERT').and.contain('\\u0007').and.contain('\\u000d').and.contain('\\u009b');
    expect(out.split('\n')).to.have.length(2);
  });
});
