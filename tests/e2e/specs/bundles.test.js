// Evidence bundles: a family opens the demo case's hearing bundle, sees its page counts and the
// warnings, takes a document out and puts it in another section; a bundle built from the same
// plan (the build goes through the system Save dialog, which WebDriver cannot drive, so the
// command line builds it here) lists every page and the change.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { cli, keepScreenshot, newHome, withApp } from '../lib/app.js';

test('the demo hearing bundle is planned on screen and builds to a checked PDF', async () => {
  const home = await newHome();
  cli(home, 'demo');

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Robin Example').click();
    await app.$('button=Bundles').click();
    await app.$('h4=Hearing bundle (demo)').waitForDisplayed();
    const warnings = await app.$('ul[aria-label="Things to check before you send it"]');
    assert.match(await warnings.getText(), /Speech and language therapy report.*more than 3 years ago/);

    // Take the old report out: the warning goes and section D loses its page.
    const sectionD = await app.$('div[role="group"]*=Parent\'s evidence');
    const before = await sectionD.$('h5').getText();
    await app.$('button[aria-label="Take out Speech and language therapy report"]').click();
    await app.waitUntil(async () => !(await app.$('ul[aria-label="Things to check before you send it"]').isExisting()), { timeout: 10_000 });
    assert.notEqual(await sectionD.$('h5').getText(), before);

    // The witness statement moves to section A.
    await app.$('select[aria-label="Section for Witness statement of Robin\'s parent"]').selectByVisibleText('Section A');
    const sectionA = await app.$('div[role="group"]*=Appeal papers and decision');
    await app.waitUntil(async () => /Witness statement of Robin's parent/.test(await sectionA.getText()), { timeout: 10_000 });
  }, { name: 'bundles' });

  const out = path.join(home, 'bundle.pdf');
  const built = cli(home, 'bundle', 'build', '--bundle', '1', '--out', out);
  assert.equal(built.build.warnings.length, 0, 'the old report is no longer in it');
  execFileSync('qpdf', ['--check', out]);
  const text = execFileSync('pdftotext', ['-layout', out, '-']).toString();
  assert.match(text, /A2\s+Page \d+ of \d+/, 'the statement is the second document of section A');
  assert.doesNotMatch(text, /SPEECH AND LANGUAGE THERAPY REPORT/);
});

test('the demo hearing bundle is checked against the Practice Direction in the window, as the command line checks it', async () => {
  const home = await newHome();
  cli(home, 'demo');
  const expected = cli(home, 'bundle', 'check', '--bundle', '1');

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Robin Example').click();
    await app.$('button=Bundles').click();
    await app.$('h4=Hearing bundle (demo)').waitForDisplayed();
    await app.$('button=Check the bundle').click();
    const list = await app.$('ul[aria-label="What the check found"]');
    await list.waitForDisplayed({ timeout: 60_000 });
    const text = await list.getText();
    assert.ok(expected.findings.length > 0, 'the demo has something to find');
    // (The window reads the demo photo's text in the background once it opens, so whether it
    // still has no readable text depends on the moment; every other finding must match.)
    for (const finding of expected.findings.filter((f) => f.kind !== 'no-text')) {
      assert.ok(text.includes(finding.message), `${finding.message} is shown`);
    }
    assert.match(text, /Report more than 3 years old\. .*Speech and language therapy report/);
    assert.match(text, /What to do: /);
    await app.$("h5=Check against the Tribunal's rules").scrollIntoView();
    await keepScreenshot(app, 'bundle-check');
  }, { name: 'bundle-check' });
});
