import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';

// Component tests run in a real browser engine: the distribution's Chromium, never a downloaded
// one. CHROMIUM_PATH overrides where it lives.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    // The IPC contract test reads the Rust command sources, outside this folder; only tests may.
    ...(process.env.VITEST ? { fs: { allow: ['.', '../src-tauri/src'] } } : {}),
  },
  build: {
    target: 'safari15',
    outDir: 'dist',
    emptyOutDir: true,
    // Fonts are bundled as files: nothing is fetched from the network.
    assetsInlineLimit: 0,
  },
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    browser: {
      enabled: true,
      // The window's own size (tauri.conf.json), so layouts are tested as people see them.
      viewport: { width: 1120, height: 760 },
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: chromium,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
