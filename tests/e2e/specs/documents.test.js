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
import { cli, fillByLabel, keepScreenshot, newHome, withApp } from '../lib/app.js';

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

    // The PDF's first page is drawn inside the app by its own engine (no poppler installed on
    // a family's laptop): a real picture of the page, A4-shaped, loaded in the viewer.
    await app.$('button[aria-label="View Council letter"]').click();
    const picture = await app.$('img[alt^="Page 1 of Council letter"]');
    await picture.waitForDisplayed({ timeout: 20_000 });
    await app.waitUntil(async () => (await app.execute((img) => img.complete && img.naturalWidth > 0, picture)), { timeout: 20_000 });
    const [w, h] = await app.execute((img) => [img.naturalWidth, img.naturalHeight], picture);
    assert.ok(w > 500 && Math.abs(h / w - 842 / 595) < 0.03, `page picture ${w}×${h}`);
    await picture.scrollIntoView();
    await keepScreenshot(app, 'document-viewer-pdf');
  }, { name: 'documents' });
});

test('the date a PDF says of itself is asked about, and used only when the family says so', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Ava Jones');
  // LibreOffice stamps the PDF with the moment it made it: not the letter's date.
  execFileSync('soffice', [`-env:UserInstallation=file://${home}/lo-profile`, '--headless', '--convert-to', 'pdf', '--outdir', home, path.join(fixtures, 'school-letter.docx')]);
  cli(home, 'import', '--case', '1', path.join(home, 'school-letter.pdf'));
  const before = cli(home, 'doc', 'list', '--case', '1').documents[0];
  assert.equal(before.document_date, null, 'not taken as the date');
  assert.ok(before.suggested_date, 'kept as a suggestion');

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Ava Jones').click();
    await app.$('button=Documents').click();
    const row = await (await app.$('th*=school-letter')).parentElement();
    await row.waitForDisplayed();
    assert.match(await row.getText(), /No date given\. The file says \w{3} \d{1,2} \w{3} \d{4}: is that the letter's date\?/);
    await keepScreenshot(app, 'document-date-suggested');
    await row.$('button*=Use that date').click();
    await app.waitUntil(async () => !/The file says/.test(await row.getText()), { timeout: 10_000 });
  }, { name: 'document-date' });

  const after = cli(home, 'doc', 'list', '--case', '1').documents[0];
  assert.equal(after.document_date, before.suggested_date);
});
