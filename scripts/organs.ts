/**
 * npm run organs -- import FILE.csv [--db PATH]   the county office's registry (county,name,kind,aliases)
 * npm run organs -- list [--db PATH]              every organ, its county, kind, aliases and reports
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open.ts';
import { importRegistry, readRegistryCsv } from '../server/organs/registry.ts';
import { listOrgans } from '../server/repositories/organs.repository.ts';

const USAGE = '用法：npm run organs -- import 名录.csv | list   [--db 数据库路径 | --database-url postgres://…]\nCSV 列：县区,机关名称,类型,别名（多个别名用分号隔开）';
const KIND_ZH = { township: '乡镇', street: '街道', department: '部门', county_government: '县政府', unknown: '未知' } as const;

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, options: { db: { type: 'string' }, 'database-url': { type: 'string' } } });
  const [command, file] = positionals;
  if (command !== 'import' && command !== 'list') {
    console.log(USAGE);
    return 2;
  }
  if (command === 'import' && !file) {
    console.error(USAGE);
    return 2;
  }
  const { db } = await openDatabase();
  try {
    if (command === 'import') {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file!);
      } catch {
        console.error(`找不到文件“${file}”。`);
        return 1;
      }
      const { rows, problems, encoding } = readRegistryCsv(bytes);
      const result = await importRegistry(db, rows);
      console.log(`已读取 ${rows.length} 个机关（编码 ${encoding}）：新增 ${result.added} 个，更新 ${result.updated} 个。`);
      for (const p of problems) console.log(`  第 ${p.line} 行未导入：${p.reason}`);
      return problems.length ? 1 : 0;
    }
    const organs = await listOrgans(db);
    for (const o of organs) {
      const flags = [KIND_ZH[o.kind], o.inRegistry ? '名录内' : '名录外', `报告 ${o.reports} 份`].join('，');
      const aliases = o.aliases.length ? `　别名：${o.aliases.join('；')}` : '';
      console.log(`${o.county ?? '县区未知'}\t${o.name}\t${o.fullName}\t${flags}${aliases}`);
    }
    console.log(`共 ${organs.length} 个机关。`);
    return 0;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main();
