// Redaction in the window: names taken out of a copy of a school's PDF, from its viewer.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { cli, keepScreenshot, newHome, withApp } from '../lib/app.js';

test('a name is redacted from a copy of a PDF from its viewer, and the copy is proven not to hold it', async () => {
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
    await app.$('button=Make a redacted copy').click();
    const status = await app.$('.redact [role=status]');
    await status.waitUntil(async () => /Kept as “Incident report \(redacted\)”/.test(await status.getText()), { timeout: 30_000 });
    await app.$('#redact-words').scrollIntoView({ block: 'start' });
    await keepScreenshot(app, 'redact-done');
  }, { name: 'redact' });

  const copy = path.join(home, 'copy.pdf');
  cli(home, 'doc', 'save', '2', '--out', copy);
  const text = execFileSync('pdftotext', [copy, '-'], { encoding: 'utf8' });
  assert.doesNotMatch(text, /Jane|Smith/);
  assert.match(text, /was spoken to by the head teacher/);
});
