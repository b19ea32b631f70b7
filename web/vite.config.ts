/**
 * The dashboard's build. `npm run build` runs this from the repository root; the output goes to
 * web/dist, which the API server serves with a history fallback.
 * https://vite.dev/config/
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
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
