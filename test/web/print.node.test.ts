import { describe, expect, it } from 'vitest';
import { cssString, footerCss } from '../../web/src/print-footer.ts';

describe('print footer', () => {
  it('writes text as one CSS string that nothing in it can end', () => {
    expect(cssString('a"b\\c\nd')).toBe('"a\\"b\\\\c d"');
    const css = footerCss('报告 "} body { display:none } /*', new Date(2026, 0, 5));
    // The title stays inside the string: one declaration block opens, and the page counter follows.
    expect(css).toContain('\\"} body { display:none } /*');
    expect(css.match(/content:/g)).toHaveLength(2);
    expect(css).toContain('打印日期 2026-01-05');
    expect(css).toContain('counter(page) " / " counter(pages)');
  });
});
