// The window on a laptop: it opens at a size that fits a 1366×768 screen with a taskbar, the case
// tabs stay on one row at that size and at 1366×700, and it opens again at the size it was left in.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { cli, newHome, repoRoot, withApp } from '../lib/app.js';

const artifacts = path.join(repoRoot, 'tests/e2e/artifacts');

/** The tops of the case tabs, and whether the last one can be reached (scrolled to) and seen. */
async function tabRows(app) {
  return app.execute(() => {
    const tabs = [...document.querySelectorAll('[role="tab"]')];
    const last = tabs[tabs.length - 1];
    last.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const bar = document.querySelector('[role="tablist"]').getBoundingClientRect();
    const end = last.getBoundingClientRect();
    return {
      tops: [...new Set(tabs.map((t) => Math.round(t.getBoundingClientRect().top)))],
      lastInside: end.right <= bar.right + 1 && end.left >= bar.left - 1,
      pageScrollsSideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    };
  });
}

test('the case tabs stay on one row at the window’s first size and at 1366×700, and the window opens again at the size it was left in', async () => {
  const home = await newHome();
  cli(home, 'demo');
  await withApp(
    home,
    async (app) => {
      const first = await app.getWindowSize();
      assert.ok(first.height <= 700, `the window opens ${first.width}×${first.height}, too tall for a 768-pixel laptop`);
      await app.$('nav').$('button*=Robin Example').click();
      await app.$('#case-heading').waitForDisplayed();
      for (const [width, height] of [[first.width, first.height], [1366, 700], [900, 640]]) {
        await app.setWindowSize(width, height);
        await app.pause(300);
        const rows = await tabRows(app);
        assert.equal(rows.tops.length, 1, `at ${width}×${height} the tabs break onto ${rows.tops.length} rows`);
        assert.ok(rows.lastInside, `at ${width}×${height} the last tab cannot be brought into view`);
        assert.ok(!rows.pageScrollsSideways, `at ${width}×${height} the page scrolls sideways`);
      }
      await mkdir(artifacts, { recursive: true });
      await app.setWindowSize(first.width, first.height);
      await app.$('#tab-bundles').click();
      await app.pause(700);
      await app.saveScreenshot(path.join(artifacts, 'window-first-size-bundles.png'));
      await app.setWindowSize(1000, 650);
      // Casefile saves the size half a second after the last change.
      await app.pause(1500);
    },
    { name: 'window-size' },
  );
  await withApp(
    home,
    async (app) => {
      const again = await app.getWindowSize();
      assert.deepEqual([again.width, again.height], [1000, 650], 'the window opens at the size it was left in');
    },
    { name: 'window-size-again' },
  );
});

test('the window keeps answering while it is resized again and again, each just as the last size is being saved', async () => {
  const home = await newHome();
  await withApp(home, async (app) => {
    // Each size is saved half a second after the last change; resizing at about that moment is
    // when saving and the next resize met (the window froze before the save moved to the main
    // thread).
    for (let i = 0; i < 24; i += 1) {
      await app.setWindowSize(1000 + (i % 4) * 60, 640 + (i % 3) * 20);
      await app.pause(470 + (i % 5) * 15);
      const answered = await Promise.race([
        app.execute(() => document.title),
        new Promise((resolve) => setTimeout(() => resolve('no answer'), 15_000)),
      ]);
      assert.notEqual(answered, 'no answer', `the window stopped answering after resize ${i + 1}`);
    }
  }, { name: 'window-resized-often' });
});
