/** The demo county as files: each report rendered as text, plus the registry CSV. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderText } from '../report/render.ts';
import type { DemoCounty, DemoReport } from './records.ts';

/** The text of one demo report in its layout; a dropped year leaves the title without one. */
export function renderDemoReport(report: DemoReport): string {
  const text = renderText(report.record, report.layout, { seed: report.renderSeed, webPage: report.dropYear ? false : undefined });
  if (!report.dropYear) return text;
  return text.replace(new RegExp(`${report.year}\\s*年(?=\\s*政府信息)`, 'g'), '');
}

export function registryCsv(county: DemoCounty): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = ['county,name,kind,aliases'];
  for (const o of county.registry) lines.push([o.county, o.name, o.kind, o.aliases.join(';')].map(quote).join(','));
  return `${lines.join('\n')}\n`;
}

/** Write `OUTDIR/<county>/<year>/<file>.txt` for each report and the registry `OUTDIR/<county>机关名录.csv`. */
export function writeDemoCounty(outDir: string, county: DemoCounty): { files: number; reports: string; registry: string } {
  const root = join(outDir, county.county);
  for (const report of county.reports) {
    const path = join(root, report.fileName);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderDemoReport(report));
  }
  const registry = join(outDir, `${county.county}机关名录.csv`);
  writeFileSync(registry, registryCsv(county));
  return { files: county.reports.length, reports: root, registry };
}
