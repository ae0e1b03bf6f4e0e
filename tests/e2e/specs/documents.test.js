// Documents: a family's PDF letter and an email (imported through the same core the window uses;
// WebDriver cannot drive the system's Open dialog) are found in the window by a word from their
// text, together with a phone call logged in the window; a photo of a letter becomes searchable
// once its text has been read in the background.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { cli, fillByLabel, newHome, withApp } from '../lib/app.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');

test('a PDF, an email and a logged call are all found by a word from their text', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Ava Jones');
  // A real PDF letter with a text layer: LibreOffice turns the Word fixture into one, as a
  // council's system would.
  const letter = path.join(home, 'Council letter.pdf');
  execFileSync('soffice', [`-env:UserInstallation=file://${home}/lo-profile`, '--headless', '--convert-to', 'pdf', '--outdir', home, path.join(fixtures, 'school-letter.docx')]);
  await copyFile(path.join(home, 'school-letter.pdf'), letter);
  const email = path.join(home, 'Therapy update.eml');
  await writeFile(email, 'From: Jo Hill <jo@northshire.example>\r\nDate: Mon, 10 Nov 2025 09:00:00 +0000\r\nSubject: Therapy update\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe therapist post is still vacant; we are recruiting.\r\n');
  const photo = path.join(home, 'Letter photo.jpg');
  await copyFile(path.join(fixtures, 'scanned-letter.jpg'), photo);
  const imported = cli(home, 'import', '--case', '1', letter, email, photo);
  assert.equal(imported.results.filter((r) => r.result.outcome === 'imported').length, 3);

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Ava Jones').click();
    await app.$('button=Correspondence').click();
    await app.$('button=Log a letter, email or call…').click();
    await app.$('#entry-channel').selectByVisibleText('Phone call');
    await fillByLabel(app, 'Who with (optional)', 'SENCo');
    await fillByLabel(app, 'Summary or full note', 'SENCo confirmed the therapist post is vacant until January.');
    await app.$('button=Save entry').click();
    await app.$('h4=Phone call to SENCo').waitForDisplayed();

    await app.$('button=Documents').click();
    await fillByLabel(app, 'Search letters, reports and notes', 'vacant');
    await app.$('button=Search').click();
    const hits = await app.$('ul.hits');
    await hits.waitForDisplayed();
    const text = await hits.getText();
    assert.match(text, /Document: Council letter/);
    assert.match(text, /Document: Therapy update/);
    assert.match(text, /Correspondence: /);

    // The photo's text was read by OCR at import; searching finds it too.
    await fillByLabel(app, 'Search letters, reports and notes', 'Caseworker reference 48213');
    await app.$('button=Search').click();
    await app.waitUntil(async () => /Letter photo/.test(await app.$('ul.hits').getText()), { timeout: 10_000 });
  }, { name: 'documents' });
});
