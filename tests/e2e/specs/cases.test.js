// Foundation: a parent creates a case in the window; it is still there after a restart, and the
// command line sees the same data folder.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { cli, fillByLabel, keepScreenshot, newHome, withApp } from '../lib/app.js';

test('a case created in the window is listed again after the app restarts', async () => {
  const home = await newHome();
  const name = "Zoë O'Brien-Ćwikła";

  await withApp(home, async (app) => {
    await app.$('h2=Welcome to Casefile').waitForDisplayed();
    await app.$('button=Create a case').click();
    await fillByLabel(app, "Child's name", name);
    await fillByLabel(app, 'Day', '28');
    await fillByLabel(app, 'Month', '3');
    await fillByLabel(app, 'Year', '2015');
    await fillByLabel(app, 'Local authority (optional)', 'Leeds City Council');
    await app.$('#ehcp_status').selectByVisibleText('Being assessed');
    await app.$('button=Create case').click();

    const heading = await app.$('#case-heading');
    await heading.waitForDisplayed();
    assert.equal(await heading.getText(), name);
    const details = await app.$('dl').getText();
    assert.match(details, /Sat 28 Mar 2015/);
    assert.match(details, /Leeds City Council/);
  }, { name: 'create-case' });

  await withApp(home, async (app) => {
    const entry = await app.$('nav').$(`button*=${name}`);
    await entry.waitForDisplayed({ timeout: 10_000 });
    assert.match(await entry.getText(), /Being assessed/);
    await entry.click();
    await app.$('#case-heading').waitForDisplayed();
    assert.equal(await app.$('#case-heading').getText(), name);
  }, { name: 'after-restart' });

  const listed = cli(home, 'case', 'list');
  assert.deepEqual(listed.cases.map((c) => c.child_name), [name]);
  assert.equal(listed.cases[0].ehcp_status, 'assessing');
  assert.equal(listed.cases[0].date_of_birth, '2015-03-28');
});

test('a refused name is explained in the window and nothing is saved', async () => {
  const home = await newHome();
  await withApp(home, async (app) => {
    await app.$('button=New case').click();
    await app.$('button=Create case').click();
    const alert = await app.$('[role="alert"]');
    await alert.waitForDisplayed();
    assert.match(await alert.getText(), /Enter the child's name\./);
  }, { name: 'refused-name' });
  assert.deepEqual(cli(home, 'case', 'list', '--all').cases, []);
});

test('a refused new case lists every problem at once, keeps what was typed and takes the keyboard to the first', async () => {
  const home = await newHome();
  const reference = 'EH123/26/00045-'.repeat(4);
  await withApp(home, async (app) => {
    await app.setWindowSize(1366, 700);
    await app.$('button=Create a case').click();
    // The form puts the keyboard in the name box as it opens; type only once it has.
    await app.waitUntil(async () => (await app.execute(() => document.activeElement?.id)) === 'child_name');
    await fillByLabel(app, 'Day', '31');
    await fillByLabel(app, 'Month', '2');
    await fillByLabel(app, 'Year', '2016');
    await fillByLabel(app, 'Local authority (optional)', 'Leeds City Council');
    await fillByLabel(app, 'SEND Tribunal reference (optional)', reference);
    await app.$('button=Create case').click();

    const summary = await app.$('#case-error');
    await summary.waitForDisplayed();
    assert.match(await summary.getText(), /3 things need correcting/);
    const links = await summary.$$('a').map((a) => a.getText());
    assert.equal(links.length, 3);
    assert.match(links[0], /Enter the child's name/);
    assert.match(links[1], /There is no 31 February 2016/);
    assert.match(links[2], /reference/i);
    assert.equal(await app.execute(() => document.activeElement?.id), 'child_name', 'the keyboard is at the first box in error');
    assert.equal(await app.$('#child_name').getAttribute('aria-invalid'), 'true');
    // Each message sits by its box, and nothing typed was lost.
    assert.match(await app.$('fieldset*=Date of birth').getText(), /There is no 31 February 2016/);
    assert.equal(await app.$('#dob-day').getValue(), '31');
    assert.equal(await app.$('#local_authority').getValue(), 'Leeds City Council');
    assert.equal(await app.$('#tribunal_reference').getValue(), reference);
    assert.match(await app.$('#tribunal_reference-error').getText(), /reference/i);
    await app.pause(700);
    await keepScreenshot(app, 'case-form-three-problems');

    // The summary's link takes the keyboard to the date's Day box.
    await summary.$('a*=There is no 31 February').click();
    assert.equal(await app.execute(() => document.activeElement?.id), 'dob-day');

    // Corrected, the case is made with what was kept.
    await fillByLabel(app, "Child's name", 'Ava Brown');
    await fillByLabel(app, 'Day', '29');
    await fillByLabel(app, 'SEND Tribunal reference (optional)', 'EH123/26/00045');
    await app.$('button=Create case').click();
    await app.$('#case-heading').waitForDisplayed();
    assert.equal(await app.$('#case-heading').getText(), 'Ava Brown');
  }, { name: 'case-form-problems' });
  const [made] = cli(home, 'case', 'list').cases;
  assert.equal(made.date_of_birth, '2016-02-29');
  assert.equal(made.local_authority, 'Leeds City Council');
  assert.equal(made.tribunal_reference, 'EH123/26/00045');
});

test('a case archived in the window stays archived after a restart', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Amir Khan');
  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Amir Khan').click();
    await app.$('button=Archive case').click();
    await app.$('button=Restore case').waitForDisplayed();
  }, { name: 'archive' });
  await withApp(home, async (app) => {
    await app.$('p=No cases yet.').waitForDisplayed();
  }, { name: 'archive-restart' });
  assert.equal(cli(home, 'case', 'list', '--archived').cases[0].child_name, 'Amir Khan');
});

test('a data folder holding a file that is not Casefile’s is explained, and the file left alone', async () => {
  const home = await newHome();
  const foreign = path.join(home, 'casefile.db');
  await writeFile(foreign, 'These are my holiday notes, not a database.\n');
  await withApp(home, async (app) => {
    const heading = await app.$('h2=Casefile cannot open your case files');
    await heading.waitForDisplayed();
    assert.match(await app.$('[role="alert"]').getText(), /not a Casefile data file/);
    assert.equal(await app.$('button=New case').isExisting(), false);
  }, { name: 'foreign-file' });
  assert.equal(await readFile(foreign, 'utf8'), 'These are my holiday notes, not a database.\n');
});

test('Cancel on a new case opened from a case goes back to it, and a plan marked final moves the case on in the side bar', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Ava Jones');
  const letter = path.join(home, 'Final plan.txt');
  await writeFile(letter, 'Section B: Needs\nAva finds reading hard.\n\nSection F: Provision\nPhonics daily.\n');
  cli(home, 'import', '--case', '1', letter);

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Ava Jones').click();
    await app.$('h2=Ava Jones').waitForDisplayed({ timeout: 20_000 });
    await app.$('button=New case').click();
    // The form's own Cancel, beside its Create button.
    const create = await app.$('button=Create case');
    await create.waitForDisplayed();
    const cancel = await create.$('..').$('button=Cancel');
    await cancel.scrollIntoView({ block: 'center' });
    await cancel.click();
    const heading = await app.$('h2=Ava Jones');
    await heading.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await app.execute(() => document.activeElement?.id), 'case-heading');

    assert.match(await app.$('nav').$('button*=Ava Jones').getText(), /No EHC plan/);
    await app.$('button=Documents').click();
    await app.$('button[aria-label="Details of Final plan"]').click();
    await app.$('#doc-1-kind').selectByVisibleText('Final EHC plan');
    await app.$('button=Save details').click();
    const side = await app.$('nav').$('button*=Ava Jones');
    await side.waitUntil(async () => /Final plan in place/.test(await side.getText()), { timeout: 20_000, timeoutMsg: 'the side bar still says the old status' });
  }, { name: 'plan-status-from-document' });
  assert.equal(cli(home, 'case', 'list').cases[0].ehcp_status, 'final');
});
