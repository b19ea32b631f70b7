/**
 * The dashboard's build. `npm run build` runs this from the repository root; the output goes to
 * web/dist, which the API server serves with a history fallback.
 * https://vite.dev/config/
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Brotli and gzip twins of each built file over 1 KB (`x.js.br`, `x.js.gz`), made once at build:
 * the server sends them as they are (@fastify/static `preCompressed`), so no page load spends the
 * server's CPU compressing the same 600 KB of ECharts again.
 */
function precompress(): Plugin {
  return {
    name: 'nianbao-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
      for (const file of walk(join(root, 'dist')).filter((f) => /\.(js|css|html|svg|json)$/.test(f))) {
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [vue(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Sizes are reported in the README; the budget is on the initial chunk, not on echarts.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        // ECharts (and its renderer, zrender) change rarely and are only needed by pages that
        // draw charts: one long-cached chunk, loaded with the first such page.
        manualChunks(id) {
          if (/node_modules[\\/](echarts|zrender)[\\/]/.test(id)) return 'echarts';
          if (/node_modules[\\/](vue|@vue|vue-router)[\\/]/.test(id)) return 'vue';
          return undefined;
        },
      },
    },
  },
  server: {
    // `npm run serve` listens on 3000; the dev server forwards the API to it.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
