// The smaller points of the usability test, each through the real window at 1366×700: a case list
// a support worker can search; import messages that can be dismissed; the fingerprint explained
// once and tucked away elsewhere; a page jump in the document viewer; month labels on the chart;
// and a recovery key that can be kept without a printer (Save as PDF, Copy).
//
// WebDriver cannot drive the system's Open and Save dialogs, so a test answers them as the person
// would: the page's call to the dialog returns the file they would have picked. Everything after
// that (reading, importing, writing the PDF) is the app's own.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { answerDialog, cli, keepScreenshot, newEmptyHome, newHome, withApp } from '../lib/app.js';

const manual = '/usr/share/doc/libtasn1-doc/libtasn1.pdf';

const focused = (app) => app.execute(() => (document.activeElement?.textContent ?? '').trim());

test('a support worker with twelve families finds one by typing, and the side bar still fits', async () => {
  const home = await newHome();
  const names = ['Ava Jones', 'Ben Ahmed', 'Cara Lewis', 'Dev Patel', 'Ella Novak', 'Finn Walsh', 'Grace Okafor', 'Harry Jones', 'Isla Kowalska', 'Jack Reid', 'Kira Singh', 'Leo Brown'];
  for (const name of names) cli(home, 'case', 'new', '--name', name);
  await withApp(home, async (app) => {
    await app.setWindowSize(1366, 700);
    const find = await app.$('#case-find');
    await find.waitForDisplayed();
    // Twelve cases do not fit: the list scrolls inside itself, and the buttons under it stay on screen.
    const [list, about] = await app.execute(() =>
      [document.querySelector('nav.case-list ul'), [...document.querySelectorAll('.security button')].find((b) => b.textContent === 'About')].map((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, scroll: e.scrollHeight - e.clientHeight };
      }),
    );
    assert.ok(list.scroll > 0, 'the list scrolls inside itself');
    assert.ok(about.bottom <= 700 && list.bottom <= about.top, `About stays in the window below the list: ${JSON.stringify({ list, about })}`);

    await find.setValue('jones');
    const nav = await app.$('nav');
    await app.waitUntil(async () => (await nav.$$('li button')).length === 2, { timeoutMsg: 'two Joneses are left' });
    assert.match(await nav.getText(), /Ava Jones[\s\S]*Harry Jones/);
    assert.doesNotMatch(await nav.getText(), /Ben Ahmed/);
    await app.pause(700);
    await keepScreenshot(app, 'case-list-find');
    await find.setValue('zz');
    await app.$('p*=No case has a name with “zz”').waitForDisplayed();
    // Emptied as a person empties it: select what is typed, then delete it.
    await find.click();
    await app.keys(['Control', 'a']);
    await app.keys(['Backspace']);
    await app.waitUntil(async () => (await nav.$$('li button')).length === 12);
  }, { name: 'case-list-find' });
});

test('import messages can be dismissed, the fingerprint is explained once, and a long document opens at the page asked for', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Ava Jones');
  const notPdf = path.join(home, 'Annual review.pdf');
  await writeFile(notPdf, 'This is a note someone saved with the wrong name.\n');
  const empty = path.join(home, 'Blank.pdf');
  await writeFile(empty, '');
  await withApp(home, async (app) => {
    await app.setWindowSize(1366, 700);
    await app.$('nav').$('button*=Ava Jones').click();
    await app.$('button=Documents').click();
    await answerDialog(app, 'open', [manual, notPdf, empty]);
    await app.$('button=Import files…').click();
    const results = await app.$('ul[aria-label="Import results"]');
    await results.waitForDisplayed({ timeout: 60_000 });
    await app.waitUntil(async () => (await results.$$('li')).length === 3, { timeout: 60_000 });
    const said = await results.getText();
    assert.match(said, /Imported libtasn1\.pdf/);
    assert.match(said, /Not imported: .*Annual review\.pdf.*is named \.pdf but is not a PDF/);
    assert.match(said, /Not imported: .*Blank\.pdf.*empty/);
    await app.pause(700);
    await keepScreenshot(app, 'import-results');

    await app.$('button=Dismiss these messages').click();
    await results.waitForExist({ reverse: true });
    assert.equal(await focused(app), 'Import files…', 'the keyboard goes back to the Import button');
    assert.equal(await app.$('button=Dismiss these messages').isExisting(), false);

    // The fingerprint: explained once on the tab, not a column of codes.
    const tab = await app.$('section[aria-labelledby="documents-heading"]');
    const text = await tab.getText();
    assert.equal(text.match(/fingerprint/gi)?.length ?? 0, 1, 'one explanation of the fingerprint on the tab');
    assert.equal(await app.$('th=Fingerprint').isExisting(), false);
    const [doc] = cli(home, 'doc', 'list', '--case', '1').documents;
    assert.doesNotMatch(text, new RegExp(doc.sha256));

    // In the viewer it waits behind a "Fingerprint" control, closed until asked for.
    await app.$('button[aria-label="View libtasn1"]').click();
    const summary = await app.$('summary=Fingerprint');
    await summary.waitForDisplayed({ timeout: 20_000 });
    const code = await app.$(`code=${doc.sha256}`);
    assert.equal(await code.isDisplayed(), false, 'the code is hidden until asked for');
    await summary.click();
    await code.waitForDisplayed();

    // Go to page: a page that does not exist is refused by name; one that does is shown.
    const pages = doc.page_count;
    assert.ok(pages > 10, `${pages} pages`);
    await app.$('#viewer-page').setValue(String(pages + 50));
    await app.$('button=Go').click();
    const problem = await app.$('#viewer-page-problem');
    await problem.waitForDisplayed();
    assert.equal(await problem.getText(), `There is no page ${pages + 50}: this document has pages 1 to ${pages}.`);
    await app.$('#viewer-page').setValue('9');
    await app.keys(['Enter']);
    await app.$(`span=Page 9 of ${pages}`).waitForDisplayed({ timeout: 20_000 });
    await app.$(`img[alt^="Page 9 of libtasn1"]`).waitForDisplayed({ timeout: 20_000 });
    assert.equal(await problem.isExisting(), false, 'the refusal goes once a real page is shown');
    await app.$('nav[aria-label="Pages"]').scrollIntoView();
    await app.pause(700);
    await keepScreenshot(app, 'viewer-page-jump');
  }, { name: 'documents-small-points' });
});

test('the month-by-month chart names each month under its bars', async () => {
  const home = await newHome();
  cli(home, 'demo');
  const provision = cli(home, 'provision', 'report', '--case', '1');
  const months = provision.lines.find((l) => l.by_month.length > 0).by_month.map((m) => m.label);
  await withApp(home, async (app) => {
    await app.setWindowSize(1366, 700);
    await app.$('nav').$('button*=Robin Example').click();
    await app.$('button=Provision').click();
    const summary = await app.$('summary=Month by month');
    await summary.waitForDisplayed();
    await summary.scrollIntoView();
    await summary.click();
    const chart = await app.$('svg.chart');
    await chart.waitForDisplayed();
    const labels = await app.execute((svg) => [...svg.querySelectorAll('text.month')].map((t) => t.textContent), chart);
    // Each month's short name in order, and the year under the first month.
    const [firstMonth, firstYear] = months[0].split(' ');
    assert.deepEqual(labels.filter((l) => !/^\d{4}$/.test(l)), months.map((m) => m.split(' ')[0]));
    assert.equal(labels[0], firstMonth);
    assert.equal(labels[1], firstYear);
    await chart.scrollIntoView();
    await app.pause(700);
    await keepScreenshot(app, 'provision-month-chart');
  }, { name: 'month-chart' });
});

test('the recovery key can be kept without a printer: saved as a PDF, or copied', async () => {
  const home = await newEmptyHome();
  const sheet = path.join(home, 'Casefile recovery key.pdf');
  await withApp(home, async (app) => {
    await app.setWindowSize(1366, 700);
    await app.$('h2=Protect your case files').waitForDisplayed();
    await app.$('#setup-passphrase').setValue('yellow lantern ninety');
    await app.$('#setup-confirm').setValue('yellow lantern ninety');
    await app.$('button=Protect and continue').click();
    const shown = await app.$('[aria-label="Recovery key"]');
    await shown.waitForDisplayed({ timeout: 20_000 });
    const key = await shown.getText();

    await answerDialog(app, 'save', sheet);
    await app.$('button=Save as PDF…').click();
    await app.$('p*=Saved to').waitForDisplayed({ timeout: 20_000 });
    assert.match(await app.$('p*=Saved to').getText(), /Move it off this computer/);

    await app.$('button=Copy the key').click();
    const status = await app.$('p*=Copied.');
    await status.waitForDisplayed();
    // Pasted as the person would paste it into a password manager: Ctrl+V in a text box.
    await app.execute(() => {
      const box = document.createElement('textarea');
      box.id = 'paste-here';
      document.body.append(box);
      box.focus();
    });
    await app.keys(['Control', 'v']);
    await app.waitUntil(async () => (await app.$('#paste-here').getValue()) === key, { timeoutMsg: 'the key pastes as it was shown' });
    await app.execute(() => document.getElementById('paste-here').remove());
    await app.pause(700);
    await keepScreenshot(app, 'recovery-key-saved-and-copied');
  }, { name: 'recovery-sheet' });

  // The PDF says what the key is for and carries the key itself, as text a reader finds.
  const bytes = await readFile(sheet);
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const words = execFileSync('pdftotext', [sheet, '-']).toString('utf8');
  assert.match(words, /Recovery key: ([A-Z2-9]{4}-){7}[A-Z2-9]{4}/);
  assert.match(words, /only way to open the case files/);
  execFileSync('qpdf', ['--check', sheet]);
});
