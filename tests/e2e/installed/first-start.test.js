// The installed package's window, started from where the package put it (tests/install/run.sh
// sets CASEFILE_APP=/usr/bin/casefile-app and CASEFILE_CLI=/usr/bin/casefile before running this).
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { appBinary, cli, newEmptyHome, repoRoot, withApp } from '../lib/app.js';

const artifacts = path.join(repoRoot, 'tests/e2e/artifacts');

test('the installed window starts on the first-start screen and its About panel names the version and the data folder', async () => {
  assert.ok(appBinary.startsWith('/usr/'), `this test drives the installed app, not ${appBinary}`);
  const home = await newEmptyHome();
  await withApp(
    home,
    async (app) => {
      await app.$('h2=Protect your case files').waitForDisplayed();
      await mkdir(artifacts, { recursive: true });
      // WebKit's screenshot can lag the page by a paint: let it settle first.
      await app.pause(700);
      await app.saveScreenshot(path.join(artifacts, 'installed-first-start.png'));
      await app.$('button=About').click();
      await app.$('h2=About Casefile').waitForDisplayed();
      const about = await app.$('section[aria-labelledby="about-heading"]').getText();
      assert.match(about, new RegExp(`Version\\s+${process.env.CASEFILE_VERSION.replaceAll('.', '\\.')}`));
      assert.ok(about.includes(home), `the About panel names the data folder ${home}:\n${about}`);
      assert.match(about, /never connects to the internet/);
      await app.pause(700);
      await app.saveScreenshot(path.join(artifacts, 'installed-about.png'));
      await app.$('button=Close').click();
      await app.$('h2=Protect your case files').waitForDisplayed();
    },
    { name: 'installed-first-start' },
  );
});

test('the installed window opens a case file the installed command made', async () => {
  const home = await newEmptyHome();
  cli(home, 'demo');
  await withApp(
    home,
    async (app) => {
      // The demo case the installed command made is listed, and opens.
      const demo = app.$('nav').$('button*=Robin Example');
      await demo.waitForDisplayed();
      await demo.click();
      await app.$('h2=Robin Example (demo)').waitForDisplayed();
    },
    { name: 'installed-demo' },
  );
});
