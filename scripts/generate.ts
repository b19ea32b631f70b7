/**
 * npm run generate -- OUTDIR [--seed N]
 * Writes the fictional county 青禾县 (reports as text files and the registry CSV) to OUTDIR.
 */
import { parseArgs } from 'node:util';
import { generateCounty } from '../server/demo/records.ts';
import { writeDemoCounty } from '../server/demo/render.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { seed: { type: 'string' } } });
const outDir = positionals[0];
if (!outDir) {
  console.log('用法：npm run generate -- 输出文件夹 [--seed 数字]');
  process.exit(2);
}
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !Number.isInteger(seed)) {
  console.error(`--seed 应为整数，收到“${values.seed}”。`);
  process.exit(2);
}
const county = generateCounty({ seed });
const { files, reports, registry } = writeDemoCounty(outDir, county);
console.log(`已生成虚构的${county.county}：${files} 份报告，机关名录 ${registry}`);
console.log(`导入：npm run organs -- import ${registry} && npm run ingest -- ${reports} --county ${county.county}`);
