/**
 * A fixed tour of the API: every GET endpoint (JSON and CSV, with representative county, year,
 * organ, kind, filter and sort parameters) on whatever the database holds (the demo county),
 * then a fixed sequence of writes (corrections, flag decisions, a delete and a restore) and the
 * reads they change. Each answer is kept as status, content type and body, with the timestamps
 * the writes themselves made replaced by `<now>`.
 *
 * scripts/diff-api.ts snapshots it to show a refactor changed no answer;
 * test/api/backends.test.ts runs it on SQLite and on PostgreSQL and wants every answer alike.
 */
import type { App } from '../../server/app.ts';

export interface TourAnswer {
  name: string;
  text: string;
}

export async function apiTour(app: App, token: string): Promise<TourAnswer[]> {
  const startedAt = Date.now();
  const AUTH = { authorization: `Bearer ${token}` };
  const files: TourAnswer[] = [];
  let n = 0;
  const record = (name: string, status: number, type: string | undefined, body: string) => {
    n += 1;
    files.push({ name: `${String(n).padStart(3, '0')}-${name.replace(/[^A-Za-z0-9._=-]+/g, '_').slice(0, 120)}.txt`, text: `${status}\n${type ?? ''}\n${body}` });
  };
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url });
    record(url, r.statusCode, r.headers['content-type'] as string | undefined, r.body);
    return r;
  };
  const send = async (method: 'POST' | 'DELETE', url: string, payload?: object) => {
    const r = await app.inject({ method, url, headers: AUTH, ...(payload ? { payload } : {}) });
    record(`${method} ${url}`, r.statusCode, r.headers['content-type'] as string | undefined, r.body);
    return r;
  };
  const json = <T>(body: string) => JSON.parse(body) as T;

  // Reference data, first: the ids the rest uses.
  const counties = json<{ rows: { id: number }[] }>((await get('/api/counties')).body).rows;
  await get('/api/counties.csv');
  const county = counties[0]!.id;
  const years = json<{ rows: { year: number }[] }>((await get('/api/years')).body).rows.map((r) => r.year).sort();
  await get('/api/years.csv');
  await get(`/api/years?county=${county}`);
  const year = years[years.length - 1]!;
  const first = years[0]!;
  const organs = json<{ rows: { id: number; kind: string }[] }>((await get('/api/organs?limit=500')).body).rows;
  await get('/api/organs.csv?limit=500');
  await get(`/api/organs?county=${county}&kind=township&kind=street`);
  await get('/api/organs?q=%E9%95%87&limit=5&offset=1');
  await get('/api/organs?kind=department&format=csv');
  const organ = organs.find((o) => o.kind === 'township')?.id ?? organs[0]!.id;
  const dept = organs.find((o) => o.kind === 'department')?.id ?? organs[1]!.id;
  await get(`/api/organs/${organ}`);
  await get(`/api/organs/${dept}`);
  await get('/api/organs/999999');
  await get(`/api/years?organ=${organ}`);

  await get('/api/meta');
  await get('/api/template');
  await get('/api/rules');
  await get('/api/rules.csv');
  await get('/api/openapi.json');

  // Aggregates, every metric set, both groupings, filters and sorts.
  for (const metrics of ['', '&metrics=dashboard', '&metrics=summary', '&metrics=all']) {
    await get(`/api/aggregates?year=${year}${metrics}`);
  }
  await get(`/api/aggregates?year=${year}&county=${county}&by=county&metrics=all`);
  await get(`/api/aggregates?year=${first}&county=${county}&kind=township&sort=disclosure_rate&order=desc`);
  await get(`/api/aggregates?year=${year}&filter=disclosure_rate%3C0.9&filter=requests.new.total%3E0&sort=requests.new.total`);
  await get(`/api/aggregates?year=${year}&filter=review_correction_rate%3Dblank&metrics=summary`);
  await get(`/api/aggregates?year=${year}&filter=flags_total%3E%3D1&sort=flags_total&order=asc&limit=3&offset=2`);
  await get(`/api/aggregates?year=${year}&filter=nonsense`);
  await get(`/api/aggregates?year=${year}&metrics=reports,disclosure_rate,unknown_metric`);
  await get(`/api/aggregates.csv?year=${year}&metrics=all`);
  await get(`/api/aggregates.csv?year=${year}&by=county`);
  for (const y of years) await get(`/api/aggregates/total?year=${y}&metrics=all`);
  await get(`/api/aggregates/total?year=${year}&county=${county}&kind=township`);
  await get(`/api/aggregates/total.csv?year=${year}&county=${county}`);
  await get(`/api/aggregates/total?year=1999`);
  await get('/api/trends?metrics=all');
  await get(`/api/trends?county=${county}&from=${first + 1}&to=${year}`);
  await get(`/api/trends?organ=${organ}&metrics=all`);
  await get(`/api/trends?kind=township&metrics=disclosure_rate,flags_total`);
  await get(`/api/trends.csv?organ=${dept}`);
  for (const metric of ['disclosure_rate', 'requests.new.total', 'flags_total', 'review_correction_rate', 'denied']) {
    await get(`/api/compare?metric=${metric}`);
  }
  await get(`/api/compare?metric=requests.new.total&county=${county}&kind=township&years=${first},${year}&sort=value&order=desc`);
  await get(`/api/compare?metric=disclosure_rate&filter=disclosure_rate%3E0.5&sort=name`);
  await get(`/api/compare.csv?metric=requests.granted.total&kind=street`);

  // Reports.
  const reports = json<{ rows: { id: number }[]; total: number }>((await get('/api/reports?limit=500')).body).rows;
  await get('/api/reports.csv?limit=500');
  await get(`/api/reports?county=${county}&year=${year}&sort=flags&order=desc`);
  await get(`/api/reports?organ=${organ}&sort=year`);
  await get('/api/reports?status=needs_review');
  await get('/api/reports?flagged=true&sort=reviews&order=desc&limit=10');
  await get('/api/reports?flagged=false');
  await get('/api/reports?q=%E5%B1%80');
  await get(`/api/reports?filter=disclosure_rate%3C0.8&sort=disclosure_rate&year=${year}`);
  // Not `created`: the demo's reports share one timestamp, so its order among them is not fixed.
  for (const s of ['organ', 'county', 'published', 'id', 'requests.new.total']) await get(`/api/reports?sort=${s}&limit=20`);
  await get('/api/reports?deleted=true');
  const picked = [reports[0]!.id, reports[Math.floor(reports.length / 2)]!.id, reports[reports.length - 1]!.id];
  for (const id of picked) {
    await get(`/api/reports/${id}`);
    await get(`/api/reports/${id}/cells`);
    await get(`/api/reports/${id}/original`);
    await get(`/api/reports/${id}/corrections`);
    await get(`/api/reports/${id}/carry-over`);
  }
  await get(`/api/reports/${picked[0]}/cells.csv`);
  await get(`/api/reports/${picked[0]}/corrections.csv`);
  await get('/api/reports/999999');

  // Flags, coverage, missing.
  await get('/api/flags?limit=1000');
  await get('/api/flags.csv?limit=1000');
  await get(`/api/flags?county=${county}&year=${year}&severity=error`);
  await get(`/api/flags?organ=${organ}`);
  await get(`/api/flags?report=${picked[1]}`);
  await get('/api/flags?rule=arithmetic.requests_balance&state=open');
  await get('/api/flags?severity=warning&limit=5&offset=3');
  await get('/api/flags/summary');
  await get('/api/flags/summary.csv');
  await get(`/api/flags/summary?county=${county}&year=${year}`);
  await get('/api/flags/summary?state=dismissed');
  for (const y of [first, year, year + 1]) {
    await get(`/api/coverage?year=${y}`);
    await get(`/api/missing?year=${y}&county=${county}`);
  }
  await get(`/api/coverage.csv?year=${year}`);
  await get(`/api/missing.csv?year=${year}`);

  // Export.
  await get('/api/export/long');
  await get(`/api/export/long?year=${year}&county=${county}`);
  await get('/api/export/wide');
  await get(`/api/export/wide?year=${first}`);

  // Writes through every write path, then the reads they change.
  const target = picked[1]!;
  const flags = json<{ rows: { id: number; reportId: number | null }[] }>((await get('/api/flags?limit=1000')).body).rows;
  await send('POST', `/api/reports/${target}/corrections`, { key: 'requests.new.total', value: 12345, reason: 'diff-api', author: 'script' });
  await send('POST', `/api/reports/${target}/corrections`, { key: 'requests.granted.total', value: null, reason: 'diff-api blank', author: 'script' });
  if (flags.length > 1) {
    await send('POST', `/api/flags/${flags[0]!.id}/decision`, { state: 'dismissed', reason: 'diff-api', author: 'script' });
    await send('POST', `/api/flags/${flags[1]!.id}/decision`, { state: 'confirmed', reason: 'diff-api', author: 'script' });
  }
  await send('DELETE', `/api/reports/${picked[2]}?reason=diff-api`);
  await get(`/api/reports/${target}`);
  await get(`/api/reports/${target}/corrections`);
  await get('/api/flags?limit=1000');
  await get('/api/flags/summary');
  await get('/api/flags/summary?state=dismissed');
  await get(`/api/aggregates?year=${year}&metrics=all`);
  await get(`/api/aggregates/total?year=${year}&metrics=all`);
  await get('/api/trends?metrics=all');
  await get('/api/reports?limit=500');
  await get('/api/reports?deleted=true');
  await get(`/api/coverage?year=${year}`);
  await send('POST', `/api/reports/${picked[2]}/restore`);
  await get('/api/reports?limit=500');
  await get('/api/export/long');

  // Timestamps the run itself made: ISO (2026-12-03T11:26:05.123Z) and SQL (2026-12-03 11:26:05) forms, from the start on.
  const day = new Date(startedAt).toISOString().slice(0, 10);
  const stamp = new RegExp(`${day}[T ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z?`, 'g');
  return files.map((f) => ({ name: f.name, text: f.text.replace(stamp, '<now>') }));
}
