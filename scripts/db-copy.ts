/**
 * npm run db:copy -- --from SOURCE --to TARGET [--batch N]
 *
 * Merge one database into another (server/copy/copy.ts): e.g. a county's SQLite file into the
 * province's PostgreSQL database. SOURCE and TARGET are each a SQLite file or a postgres:// URL.
 * Running it again changes nothing; it prints what was copied and what was there already.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, redactUrl } from '../db/open.ts';
import type { DatabaseTarget, OpenedDb } from '../db/open.ts';
import { copyDatabase } from '../server/copy/copy.ts';
import type { CopyResult, Counted } from '../server/copy/copy.ts';

const USAGE = '用法：npm run db:copy -- --from 源数据库 --to 目标数据库 [--batch 每批报告数]\n数据库可以是 SQLite 文件路径，也可以是 postgres://… 地址。';

function targetOf(spec: string): DatabaseTarget {
  return /^postgres(ql)?:\/\//.test(spec) ? { kind: 'postgres', url: spec } : { kind: 'sqlite', path: resolve(spec) };
}

const where = (t: DatabaseTarget) => (t.kind === 'postgres' ? redactUrl(t.url) : t.path);

/** The printed summary: one line per kind of row, in Chinese. */
function describe(r: CopyResult): string[] {
  const line = (label: string, c: Counted) => `${label}：新复制 ${c.copied}，目标库已有 ${c.already}`;
  const out = [
    line('县区', r.counties), line('机关', r.organs), line('机关别名', r.aliases), line('原始文件', r.documents), line('报告', r.reports),
    `  （其中单元格记录 ${r.cells} 行、数值行 ${r.values} 行）`,
    line('更正记录', r.corrections), line('版本操作记录', r.actions), line('提示核查结论', r.decisions), line('手工录入附的扫描件', r.attachments),
  ];
  const { sourceInForce, targetInForce } = r.currentConflicts;
  if (sourceInForce + targetInForce > 0) {
    out.push(`同一单位同一年度两边各有一份不同的现行报告：共 ${sourceInForce + targetInForce} 处。规则：未删除的优先，其次上传时间较晚的为现行版本，另一份保留为历史版本（可在报告页恢复）。`);
    out.push(`  源库的报告成为现行：${sourceInForce} 处；目标库原有报告仍为现行：${targetInForce} 处。`);
  }
  if (r.correctedInTarget) out.push(`目标库已有的报告中，${r.correctedInTarget} 份补入了源库较新的更正，现行数值随之更新。`);
  if (r.decisionsRefingered) out.push(`${r.decisionsRefingered} 条核查结论已对应到目标库重新计算的提示。`);
  out.push('提示已在目标库按复制后的数据重新计算。');
  return out;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string' } } }));
  } catch {
    console.error(USAGE);
    return 2;
  }
  if (!values.from || !values.to) {
    console.error(USAGE);
    return 2;
  }
  const from = targetOf(values.from);
  const to = targetOf(values.to);
  if (where(from) === where(to) && from.kind === to.kind) {
    console.error('源数据库和目标数据库是同一个，无需复制。');
    return 2;
  }
  if (from.kind === 'sqlite' && !existsSync(from.path)) {
    console.error(`找不到源数据库文件“${from.path}”。`);
    return 1;
  }
  const batchSize = values.batch === undefined ? undefined : Number(values.batch);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    console.error('--batch 应为正整数。');
    return 2;
  }
  let source: OpenedDb | undefined;
  let target: OpenedDb | undefined;
  try {
    source = await openDatabase(from);
    target = await openDatabase(to);
    console.log(`从 ${source.path} 复制到 ${target.path} …`);
    const started = performance.now();
    let lastShown = 0;
    const result = await copyDatabase(source.db, target.db, {
      ...(batchSize ? { batchSize } : {}),
      onProgress: (done, total) => {
        const now = performance.now();
        if (done === total || now - lastShown > 2000) {
          lastShown = now;
          console.log(`  报告 ${done} / ${total}`);
        }
      },
    });
    for (const l of describe(result)) console.log(l);
    console.log(`用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒。`);
    return 0;
  } catch (error) {
    console.error(`复制失败，目标库中本批次的写入已撤销（已完成的批次保留，重新运行会从中断处补齐）：${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await source?.db.destroy();
    await target?.db.destroy();
  }
}

process.exitCode = await main();
