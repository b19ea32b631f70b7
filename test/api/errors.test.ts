import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from './helper.ts';

function expectError(res: { statusCode: number; json: () => unknown; body: string }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { error: { code: string; message: string } };
  expect(Object.keys(body)).toContain('error');
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  return body.error.message;
}

describe('error shape', () => {
  it('400 names the bad query parameter', async () => {
    const { app } = await build();
    expect(expectError(await app.inject({ url: '/api/aggregates?year=abc' }), 400, 'bad_request')).toContain('year');
    expect(expectError(await app.inject({ url: '/api/aggregates' }), 400, 'bad_request')).toContain('year');
    expect(expectError(await app.inject({ url: '/api/reports?limit=100000' }), 400, 'bad_request')).toContain('limit');
    expect(expectError(await app.inject({ url: '/api/reports?status=weird' }), 400, 'bad_request')).toContain('status');
    expect(expectError(await app.inject({ url: '/api/reports/abc' }), 400, 'bad_request')).toContain('id');
    expect(expectError(await app.inject({ url: '/api/reports?filter=nonsense' }), 400, 'bad_request')).toContain('filter');
    expect(expectError(await app.inject({ url: '/api/reports?filter=no.such.metric>1' }), 400, 'bad_request')).toContain('no.such.metric');
    expect(expectError(await app.inject({ url: '/api/aggregates?year=2023&metrics=bogus' }), 400, 'bad_request')).toContain('bogus');
    expect(expectError(await app.inject({ url: '/api/reports?sort=bogus' }), 400, 'bad_request')).toContain('sort');
  });

  it('404 as JSON on API paths, for unknown routes and unknown ids', async () => {
    const { app } = await build();
    expectError(await app.inject({ url: '/api/nothing-here' }), 404, 'not_found');
    expectError(await app.inject({ method: 'POST', url: '/api/nothing-here' }), 404, 'not_found');
    expectError(await app.inject({ url: '/api/reports/999' }), 404, 'not_found');
    expectError(await app.inject({ url: '/api/organs/999' }), 404, 'not_found');
    expectError(await app.inject({ url: '/api/aggregates?year=2023&county=999' }), 404, 'not_found');
  });

  it('500 hides the cause', async () => {
    const ctx = await build();
    await ctx.db.destroy();
    const msg = expectError(await ctx.app.inject({ url: '/api/meta' }), 500, 'internal');
    expect(msg).not.toMatch(/sqlite|database|closed/i);
  });
});

describe('web app serving', () => {
  it('serves web/dist with history fallback for app routes, JSON 404 under /api', async () => {
    const ctx = await build({ webRoot: join(process.cwd(), 'no-such-dir') });
    const notBuilt = await ctx.app.inject({ url: '/reports' });
    expect(notBuilt.statusCode).toBe(200);
    expect(notBuilt.body).toContain('npm run build');
  });

  it('falls back to index.html', async () => {
    const probe = await build();
    const root = join(probe.dir, 'dist');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="app">看板</div>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    const { app } = await build({ webRoot: root });
    const page = await app.inject({ url: '/reports/12?year=2023' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('看板');
    expect((await app.inject({ url: '/' })).body).toContain('看板');
    const js = await app.inject({ url: '/assets/app.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/nope' })).json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('OpenAPI', () => {
  it('describes every API route with a response schema', async () => {
    const { app } = await build();
    const res = await app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(doc.openapi).toMatch(/^3\./);
    const expected = [
      '/api/meta', '/api/template', '/api/rules', '/api/counties', '/api/organs', '/api/organs/{id}', '/api/years',
      '/api/aggregates', '/api/aggregates/total', '/api/trends', '/api/compare', '/api/reports', '/api/reports/{id}',
      '/api/reports/{id}/cells', '/api/reports/{id}/original', '/api/reports/{id}/corrections', '/api/reports/{id}/restore',
      '/api/flags', '/api/flags/summary', '/api/flags/{id}/decision', '/api/coverage', '/api/missing',
      '/api/export/long', '/api/export/wide', '/api/uploads',
    ];
    for (const p of expected) expect(Object.keys(doc.paths)).toContain(p);
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        expect(op.responses['200'], `${method} ${path}`).toBeDefined();
        expect(op.responses['400'], `${method} ${path}`).toBeDefined();
      }
    }
  });
});
