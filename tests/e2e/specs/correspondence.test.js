// Correspondence log: a parent logs a phone call in the window, edits the note later, and the
// earlier version is still there after a restart, with when it was written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cli, fillByLabel, newHome, withApp } from '../lib/app.js';

test('a call logged in the window keeps its earlier note version after an edit and a restart', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Ava Jones');
  const today = new Date();
  const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const inTwoDays = new Date(today.getTime() + 2 * 86_400_000);

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Ava Jones').click();
    await app.$('button=Correspondence').click();
    await app.$('button=Log a letter, email or call…').click();
    await app.$('#entry-channel').selectByVisibleText('Phone call');
    await fillByLabel(app, 'Time (optional)', '14:05');
    await fillByLabel(app, 'Who with (optional)', 'Jo Hill');
    await fillByLabel(app, 'Summary or full note', 'Jo said the draft plan comes next week.');
    await app.$('#entry-follow-day').setValue(String(inTwoDays.getDate()));
    await app.$('#entry-follow-month').setValue(String(inTwoDays.getMonth() + 1));
    await app.$('#entry-follow-year').setValue(String(inTwoDays.getFullYear()));
    await app.$('button=Save entry').click();
    await app.$('h4=Phone call to Jo Hill').waitForDisplayed();

    await app.$('button*=Edit note').click();
    await app.$('textarea[id^="revise-"]').setValue('Jo said the draft plan comes by Friday.');
    await app.$('button=Save new version').click();
    await app.$('p=Jo said the draft plan comes by Friday.').waitForDisplayed();
  }, { name: 'log-call' });

  await withApp(home, async (app) => {
    // The follow-up is on the Today screen.
    await app.$('h4=Follow up: Phone call').waitForDisplayed();
    await app.$('button*=Open Ava Jones’s correspondence').click();
    await app.$('button=Show earlier versions').click();
    const history = await app.$('ol[aria-label="Earlier versions of the note"]');
    await history.waitForDisplayed();
    const text = await history.getText();
    assert.match(text, /Version 1, written .*: Jo said the draft plan comes next week\./);
    assert.match(text, /Version 2, written .*: Jo said the draft plan comes by Friday\./);
  }, { name: 'log-restart' });

  const listed = cli(home, 'log', 'list', '--case', '1');
  assert.equal(listed.entries.length, 1);
  assert.equal(listed.entries[0].occurred_on, iso(today));
  assert.equal(listed.entries[0].note_versions, 2);
});
