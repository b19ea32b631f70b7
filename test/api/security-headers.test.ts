/**
 * Every response of the server (API, CSV, errors, the built app, its assets, the history
 * fallback) carries the Content-Security-Policy and the other protective headers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTH, build, requests, seed } from './helper.ts';
import { record } from '../support/records.ts';

type Res = { statusCode: number; headers: Record<string, unknown> };

function directives(res: Res): Map<string, string> {
  const csp = String(res.headers['content-security-policy'] ?? '');
  return new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name = '', ...rest] = d.split(/\s+/);
    return [name, rest.join(' ')];
  }));
}

function expectProtected(res: Res, what: string) {
  const csp = directives(res);
  expect(csp.get('script-src'), `${what}: script-src`).toBe("'self'");
  expect(csp.get('frame-ancestors'), `${what}: frame-ancestors`).toBe("'none'");
  expect(csp.get('object-src'), `${what}: object-src`).toBe("'none'");
  expect(csp.get('default-src'), `${what}: default-src`).toBeDefined();
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('no-referrer');
  expect(res.headers['x-frame-options'], what).toBe('DENY');
}

describe('security headers', () => {
  it('are on API answers, errors and write refusals', async () => {
    const ctx = await build();
    const id = await seed(ctx, record('金乡县羊山镇人民政府', 2023, requests(1, 0, 0)));
    const cases: [string, Promise<Res>][] = [
      ['meta', ctx.app.inject({ url: '/api/meta' })],
      ['400', ctx.app.inject({ url: '/api/reports?limit=abc' })],
      ['404', ctx.app.inject({ url: '/api/nothing' })],
      ['401', ctx.app.inject({ method: 'POST', url: `/api/reports/${id}/restore` })],
      ['write', ctx.app.inject({ method: 'POST', url: `/api/reports/${id}/restore`, headers: AUTH })],
      ['openapi', ctx.app.inject({ url: '/api/openapi.json' })],
      ['not built', ctx.app.inject({ url: '/compare' })],
    ];
    for (const [what, res] of cases) expectProtected(await res, what);
  });

  it('are on the built app, its assets and the history fallback; the policy allows only same-origin scripts', async () => {
    const probe = await build();
    const root = join(probe.dir, 'dist');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="app">看板</div><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    const { app } = await build({ webRoot: root });
    for (const url of ['/', '/index.html', '/assets/app.js', '/reports/12?year=2023', '/assets/missing.js']) {
      const res = await app.inject({ url });
      expectProtected(res, url);
    }
    const csp = directives(await app.inject({ url: '/' }));
    // No inline or evaluated script, no plugins, no <base> rewriting, nothing sent elsewhere.
    for (const [name, value] of csp) expect(value, name).not.toMatch(/unsafe-eval|\*|https?:/);
    expect(csp.get('script-src')).not.toContain('unsafe-inline');
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'self'");
    // The printed charts are PNG data URLs.
    expect(csp.get('img-src')).toContain('data:');
  });

  it('downloads (original files, CSV) get a sandboxing policy: an uploaded HTML page never runs as the dashboard', async () => {
    const ctx = await build();
    const id = await seed(ctx, record('金乡县羊山镇人民政府', 2023, requests(1, 0, 0)));
    for (const url of [`/api/reports/${id}/original`, '/api/reports.csv']) {
      const res = await ctx.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(String(res.headers['content-disposition']), url).toMatch(/^attachment/);
      const csp = directives(res);
      expect(csp.get('default-src'), url).toBe("'none'");
      expect(csp.has('sandbox'), url).toBe(true);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });
});
