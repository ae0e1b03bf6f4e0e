// Provision ledger: a parent adds the therapy the plan promises, logs sessions as they happen,
// and sees the shortfall change.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { cli, fillByLabel, newHome, withApp } from '../lib/app.js';

test('adding a provision and logging sessions updates the shortfall', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Ava Jones');
  const terms = path.join(home, 'terms.txt');
  await writeFile(terms, 'Autumn 1, 2025-09-03, 2025-10-24\nAutumn 2, 2025-11-03, 2025-12-19\n');
  cli(home, 'terms', 'import', '--case', '1', terms);

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Ava Jones').click();
    await app.$('button=Provision').click();
    await app.$('button=Add provision…').click();
    await fillByLabel(app, 'Name', 'Speech and language therapy');
    await fillByLabel(app, "The plan's wording (copy it exactly)", '45 minutes of direct speech and language therapy weekly in term time.');
    await app.$('#prov-minutes').setValue('45');
    await app.$('#prov-from-day').setValue('3');
    await app.$('#prov-from-month').setValue('11');
    await app.$('#prov-from-year').setValue('2025');
    await app.$('#prov-to-day').setValue('30');
    await app.$('#prov-to-month').setValue('11');
    await app.$('#prov-to-year').setValue('2025');
    await app.$('button=Add provision').click();

    // The card itself: while the form is open, its hint names the same therapy.
    const card = await app.$('article.provision*=Speech and language therapy');
    await card.waitForDisplayed();
    // 3 to 30 Nov 2025, term time: 4 school weeks, nothing logged yet.
    assert.match(await card.getText(), /4 sessions \(3 h 00 min\)/);

    const log = async (day, status, by) => {
      await card.$('button*=Log a session').click();
      await app.$('#session-1-date-day').setValue(day);
      await app.$('#session-1-date-month').setValue('11');
      await app.$('#session-1-date-year').setValue('2025');
      await app.$('#session-1-status').selectByVisibleText(status);
      if (by) await app.$('#session-1-by').selectByVisibleText(by);
      await app.$('button=Save session').click();
      await card.$('button*=Log a session').waitForDisplayed();
    };
    await log('4', 'Delivered');
    await log('11', 'Cancelled', 'The therapist or service');
    await log('18', 'Missed', 'My child was absent or ill');

    await app.waitUntil(async () => /Shortfall\s*45 min/.test(await card.getText()), { timeout: 10_000 });
    const text = await card.getText();
    assert.match(text, /Missed by the provider or school\s*1/);
    assert.match(text, /Missed because of your child\s*1/);
    assert.match(text, /Not yet recorded\s*1/);
  }, { name: 'provision' });

  const report = cli(home, 'provision', 'report', '--case', '1', '--from', '2025-11-03', '--to', '2025-11-30');
  assert.equal(report.lines[0].tally.shortfall_minutes, 45);
});
