// The console is bundled at build time into dist/console and served by the api under /console: no CDN, works offline.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/console/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // ECharts alone is several hundred kB even tree-shaken; the console is served from the same machine.
    chunkSizeWarningLimit: 1500,
  },
});
