import { describe, expect, it } from 'vitest';
import { needsShared, sharedPath } from './shared.ts';

describe('needsShared: a suite that needs ../shared', () => {
  it('runs when the path is there', () => {
    expect(needsShared(import.meta.filename, 'this file')).toBe(true);
  });

  it('is skipped on a developer machine, and fails under CI=true, when it is absent', () => {
    const absent = sharedPath('no-such-folder');
    expect(needsShared(absent, 'probe', {})).toBe(false);
    expect(() => needsShared(absent, 'probe', { CI: 'true' })).toThrow(/CI=true/);
  });
});
