import { describe, expect, it } from 'vitest';
import { BLANK, fmtChange, fmtDateTime, fmtNumber, fmtPercent, fmtRelChange } from '../../web/src/format.ts';
import { buildUrl, csvUrl } from '../../web/src/api/client.ts';

describe('formatters', () => {
  it('show a blank as a dash, never as 0', () => {
    expect(fmtNumber(null)).toBe(BLANK);
    expect(fmtNumber(0)).toBe('0');
    expect(fmtNumber(12345)).toBe('12,345');
    expect(fmtPercent(null)).toBe(BLANK);
    expect(fmtPercent(0.5834)).toBe('58.3%');
    expect(fmtChange(null)).toBe(BLANK);
  });

  it('sign changes and refuse a relative change from 0 or blank', () => {
    expect(fmtChange(5)).toBe('+5');
    expect(fmtChange(-3)).toBe('−3');
    expect(fmtChange(0)).toBe('0');
    expect(fmtRelChange(12, 10)).toBe('+20.0%');
    expect(fmtRelChange(5, 0)).toBe(BLANK);
    expect(fmtRelChange(5, null)).toBe(BLANK);
  });

  it('read SQLite timestamps as UTC', () => {
    expect(fmtDateTime(null)).toBe(BLANK);
    expect(fmtDateTime('not a date')).toBe('not a date');
    expect(fmtDateTime('2025-03-01 14:05:00')).toMatch(/^2025-03-0[12] \d\d:05$/);
  });
});

describe('URLs', () => {
  it('skip empty parameters and repeat arrays', () => {
    expect(buildUrl('/api/reports', { year: 2024, county: null, q: '', filter: ['a>1', 'b=blank'] }))
      .toBe('/api/reports?year=2024&filter=a%3E1&filter=b%3Dblank');
  });

  it('make the CSV twin of a table URL: same filters, no paging', () => {
    expect(csvUrl('/api/reports', { year: 2024, status: 'ok', limit: 50, offset: 100 })).toBe('/api/reports.csv?year=2024&status=ok');
  });
});
