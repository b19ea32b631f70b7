import { describe, expect, it } from 'vitest';
import { RULES, RULE_IDS } from '../../server/checks/registry.ts';
import { checkReport } from '../../server/checks/run.ts';
import { DEFAULT_CONFIG } from '../../server/checks/config.ts';
import { ctxOf, generatedRecord } from './helpers.ts';

describe('rule registry', () => {
  it('every rule has a Chinese title, a severity and a scope', () => {
    for (const id of RULE_IDS) {
      expect(RULES[id].title).toMatch(/[\u4e00-\u9fa5]/);
      expect(['error', 'warning', 'info']).toContain(RULES[id].severity);
      expect(['report', 'organ', 'county']).toContain(RULES[id].scope);
    }
    expect(RULE_IDS.length).toBe(24);
  });

  it('a county can change a rule\'s severity by configuration', () => {
    const ctx = ctxOf(generatedRecord({ published: null, published_source: null }));
    expect(checkReport(ctx)[0]!.severity).toBe('warning');
    expect(checkReport(ctx, { ...DEFAULT_CONFIG, severities: { 'timeliness.undated': 'error' } })[0]!.severity).toBe('error');
  });
});
