// Foundation: a parent creates a case in the window; it is still there after a restart, and the
// command line sees the same data folder.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { cli, fillByLabel, newHome, withApp } from '../lib/app.js';

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
