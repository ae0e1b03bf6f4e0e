// Provision ledger: a parent adds the therapy the plan promises, logs sessions as they happen,
// and sees the shortfall change.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { cli, fillByLabel, keepScreenshot, newHome, withApp } from '../lib/app.js';

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

test('with no term dates, term-time provision says it cannot be counted yet; dates pasted from a school website are read line by line and fix it', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Noah Green');
  cli(home, 'provision', 'add', '--case', '1', '--title', 'Occupational therapy', '--minutes', '30', '--per', 'week',
    '--from', '2025-09-01', '--to', '2025-12-19', '--term-time');

  await withApp(home, async (app) => {
    await app.setWindowSize(1366, 700);
    await app.$('nav').$('button*=Noah Green').click();
    await app.$('button=Provision').click();
    const card = await app.$('article.provision*=Occupational therapy');
    await card.waitForDisplayed();
    // Never "0 sessions owed, shortfall 0" before the school's days are known.
    const before = await card.getText();
    assert.match(before, /Not counted yet\./);
    assert.doesNotMatch(before, /Shortfall|Expected/);
    await app.pause(700);
    await keepScreenshot(app, 'provision-no-term-dates');

    await card.$("button*=Add the school's term dates").click();
    const paste = await app.$('#terms-paste');
    await paste.waitForDisplayed();
    // As a school's website writes them, with one weekday wrong (19 December 2025 is a Friday).
    // Pasted as a whole (WebDriver's typing drops line breaks), as the browser's paste does: one input event.
    const pasteText = (text) => app.execute((el, value) => {
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, paste, text);
    await pasteText('Autumn term 2025\nTerm starts: Wednesday 3 September 2025\nHalf term: 27 – 31 October\nTerm ends: Tuesday 19 December\nINSET day: Friday 3 October');
    const problems = await app.$('#paste-problems');
    await problems.waitForDisplayed({ timeout: 10_000 });
    assert.match(await problems.getText(), /Line 4 .*19 December 2025 is a Friday, not a Tuesday/);
    await app.pause(700);
    await problems.scrollIntoView();
    await keepScreenshot(app, 'provision-term-dates-pasted-with-a-problem');

    await pasteText('Autumn term 2025\nTerm starts: Wednesday 3 September 2025\nHalf term: 27 – 31 October\nTerm ends: Friday 19 December\nINSET day: Friday 3 October');
    const reads = await app.$('ul[aria-label="What Casefile reads"]');
    await app.waitUntil(async () => /Autumn 2: Mon 3 Nov 2025 to Fri 19 Dec 2025/.test(await reads.getText()) && !(await problems.isExisting()), { timeout: 10_000 });
    assert.match(await reads.getText(), /Autumn 1: Wed 3 Sep 2025 to Fri 24 Oct 2025/);
    assert.match(await reads.getText(), /INSET day: Fri 3 Oct 2025/);
    await app.$('button=Save the pasted dates').click();
    const saved = await app.$('p.saved');
    await saved.waitForDisplayed();
    assert.match(await saved.getText(), /Saved 2 half-terms and 1 INSET day/);
    await app.pause(700);
    await keepScreenshot(app, 'provision-term-dates-saved');

    // The saved half-terms are now rows of boxes to correct, and the card counts school weeks:
    // Autumn 1 has 8 weeks with school days (from the week of 1 Sep to the week of 20 Oct),
    // Autumn 2 has 7 (3 Nov to the week of 15 Dec): 15 sessions of 30 min = 7 h 30 min.
    assert.equal(await app.$('#terms-paste').getValue(), '');
    await app.waitUntil(async () => /15 sessions \(7 h 30 min\)/.test(await card.getText()), { timeout: 10_000 });
    assert.doesNotMatch(await card.getText(), /Not counted yet/);
  }, { name: 'provision-terms' });

  const calendar = cli(home, 'terms', 'list', '--case', '1');
  assert.deepEqual(calendar.half_terms.map((b) => [b.name, b.starts, b.ends]), [
    ['Autumn 1', '2025-09-03', '2025-10-24'],
    ['Autumn 2', '2025-11-03', '2025-12-19'],
  ]);
});
