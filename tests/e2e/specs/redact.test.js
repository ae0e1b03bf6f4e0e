// Redaction in the window: names taken out of a copy of a school's PDF, from its viewer.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { cli, keepScreenshot, newHome, withApp } from '../lib/app.js';

test('names found and reviewed, and an area dragged on the page, are redacted from a copy of a PDF from its viewer, and the copy is proven not to hold them', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Sam Taylor');
  const source = path.join(home, 'Incident report.txt');
  await writeFile(source, 'Incident report, 3 March 2026\n\nAt break Sam was pushed over by Jane Mary Smith (Year 4).\nJ. Smith was spoken to by the head teacher.\n');
  execFileSync('soffice', [`-env:UserInstallation=file://${home}/lo-profile`, '--headless', '--convert-to', 'pdf', '--outdir', home, source], { timeout: 120_000 });
  cli(home, 'import', '--case', '1', path.join(home, 'Incident report.pdf'));

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Sam Taylor').click();
    await app.$('button=Documents').click();
    await app.$('button[aria-label="View Incident report"]').click();
    const open = await app.$('summary=Redact names before it leaves…');
    await open.waitForDisplayed({ timeout: 20_000 });
    await open.scrollIntoView();
    await open.click();
    await app.$('#redact-words').setValue('Jane Mary Smith');
    await app.$('button=Find them').click();
    // Each place is shown with its line before anything is changed.
    await app.waitUntil(async () => (await app.$$('.redact .place')).length === 2, { timeout: 30_000, timeoutMsg: 'two places found' });
    assert.match(await app.$('.redact .review').getText(), /Page 1: “J\. Smith” \(a form of “Jane Mary Smith”\)/);
    await app.$('.redact .review').scrollIntoView({ block: 'start' });
    await keepScreenshot(app, 'redact-review');

    // An area dragged across the report's first line (its date), on the page itself.
    await app.$('button=Mark an area on the page').click();
    const img = await app.$('.viewer .page img');
    await img.scrollIntoView({ block: 'start' });
    const r = await app.execute(() => {
      const b = document.querySelector('.viewer .page img').getBoundingClientRect();
      const i = document.querySelector('.viewer .page img');
      return { left: b.left, top: b.top, scale: b.width / i.naturalWidth };
    });
    // Points to the screen: 110 dots per inch, then the picture's scale on screen.
    const px = (pt) => (pt * 110) / 72;
    const x = (pt) => Math.round(r.left + px(pt) * r.scale);
    const y = (pt) => Math.round(r.top + px(pt) * r.scale);
    await app
      .action('pointer', { parameters: { pointerType: 'mouse' } })
      .move({ origin: 'viewport', x: x(40), y: y(48) })
      .down({ button: 0 })
      .move({ origin: 'viewport', x: x(200), y: y(62), duration: 100 })
      .move({ origin: 'viewport', x: x(400), y: y(76), duration: 100 })
      .up({ button: 0 })
      .perform();
    await app.$('li*=an area you marked').waitForExist({ timeout: 10_000 });
    await keepScreenshot(app, 'redact-marked');
    const go = await app.$('button=Redact the 3 places chosen');
    await go.scrollIntoView();
    await go.click();
    const status = await app.$('.redact [role=status].said');
    await status.waitUntil(async () => /Kept as “Incident report \(redacted\)”/.test(await status.getText()), { timeout: 30_000 });
    // The copy is shown at once, the name and the marked line blacked out.
    await app.$('button=Show the redacted copy').click();
    await app.$('h4=Incident report (redacted)').waitForDisplayed({ timeout: 20_000 });
    const shown = await app.$('.viewer .page img');
    await shown.waitForDisplayed({ timeout: 20_000 });
    await shown.scrollIntoView({ block: 'start' });
    await keepScreenshot(app, 'redact-done');
  }, { name: 'redact' });

  const copy = path.join(home, 'copy.pdf');
  cli(home, 'doc', 'save', '2', '--out', copy);
  const text = execFileSync('pdftotext', [copy, '-'], { encoding: 'utf8' });
  assert.doesNotMatch(text, /Jane|Smith/);
  assert.doesNotMatch(text, /3 March 2026/, 'the area marked on the page is gone');
  assert.match(text, /was spoken to by the head teacher/);
});
