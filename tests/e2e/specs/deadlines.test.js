// Statutory clocks: a parent starts a clock in the window, sees the deadlines the law gives,
// records what happened, and finds it all again after a restart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cli, fillByLabel, keepScreenshot, newHome, withApp } from '../lib/app.js';

async function typeDate(app, day, month, year) {
  await fillByLabel(app, 'Day', day);
  await fillByLabel(app, 'Month', month);
  await fillByLabel(app, 'Year', year);
}

test('a clock started in the window shows its deadlines, records a step, and survives a restart', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Ava Jones', '--dob', '2016-05-01');

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Ava Jones').click();
    await app.$('button=Deadlines').click();
    await app.$('button=Start a clock…').click();
    await app.$('#clock-process').selectByVisibleText('EHC needs assessment request');
    await typeDate(app, '12', '1', '2026');
    await app.$('button=Start clock').click();

    const finalPlan = await app.$('h4=Council issues the final EHC plan');
    await finalPlan.waitForDisplayed();
    const card = await finalPlan.parentElement().parentElement();
    const text = await card.getText();
    assert.match(text, /Mon 1 Jun 2026/);
    assert.match(text, /Council breach/);

    // The council did decide to assess, late, on 2 March 2026.
    const decide = await (await app.$('h4=Council tells you whether it will assess')).parentElement();
    await decide.$('button=Mark as done…').click();
    await typeDate(app, '2', '3', '2026');
    await app.$('button=Save').click();
    await app.$('span=Done late, on Mon 2 Mar 2026').waitForDisplayed();
  }, { name: 'start-clock' });

  await withApp(home, async (app) => {
    // The home screen's Today list carries the breach.
    await app.$('h2=Today').waitForDisplayed();
    assert.match(await app.$('main').getText(), /Council issues the final EHC plan/);
    await app.$('button*=Open Ava Jones’s deadlines').click();
    await app.$('span=Done late, on Mon 2 Mar 2026').waitForDisplayed();
  }, { name: 'deadlines-restart' });

  const list = cli(home, 'deadlines', '--case', '1', '--on', '2026-03-03');
  const decide = list.deadlines.find((d) => d.deadline.step === 'decide-to-assess');
  assert.equal(decide.deadline.status, 'met-late');
  assert.equal(decide.deadline.met_on, '2026-03-02');
});

test('an exception the council claims is checked against each deadline and never hides its date', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Ava Jones');
  // Request received Mon 12 Jan 2026: the final plan was due Mon 1 Jun 2026 (20 weeks).
  cli(home, 'clock', 'start', '--case', '1', '--process', 'ehc-needs-assessment', '--date', '2026-01-12');

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Ava Jones').click();
    await app.$('button=Deadlines').click();
    await app.$('button=Record an exception the council claims…').click();
    await app.$('#exception-1-kind').selectByAttribute('value', 'absent-from-area');
    // Record without choosing a deadline: refused, and the dates typed so far stay.
    await app.$('#exception-1-from-day').setValue('4');
    await app.$('#exception-1-from-month').setValue('4');
    await app.$('#exception-1-from-year').setValue('2026');
    await app.$('button=Record exception').click();
    await app.$('p*=Choose the deadline').waitForDisplayed();
    assert.equal(await app.$('#exception-1-from-day').getValue(), '4');

    // The family was away Sat 4 Apr to Sat 9 May 2026: 5 weeks, at least reg 10(4)(d)'s 4.
    await app.$('#exception-1-steps-first').parentElement().parentElement().$('label*=Council issues the final EHC plan').$('input').click();
    await app.$('#exception-1-to-day').setValue('9');
    await app.$('#exception-1-to-month').setValue('5');
    await app.$('#exception-1-to-year').setValue('2026');
    await app.$('button=Record exception').click();

    const finalPlan = await app.$('h4=Council issues the final EHC plan');
    const card = await finalPlan.parentElement().parentElement();
    await app.waitUntil(async () => /exception claimed/.test(await card.getText()), { timeout: 10_000 });
    const text = await card.getText();
    assert.match(text, /Mon 1 Jun 2026/, 'the statutory date stays');
    assert.match(text, /the council must still act as soon as practicable/);
    assert.doesNotMatch(text, /Council breach/);
    // The decision to assess (due Mon 23 Feb 2026) was not claimed for: still a breach.
    const decide = await (await app.$('h4=Council tells you whether it will assess')).parentElement().parentElement();
    assert.match(await decide.getText(), /Council breach/);
    await card.scrollIntoView();
    await keepScreenshot(app, 'exception-claimed');
  }, { name: 'exception' });
});

test('a refusal to assess points to the appeal, whose clock starts from the letter in one click', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Ava Jones');
  // Request received Mon 12 Jan 2026; the council refused to assess by a letter of Fri 20 Feb.
  cli(home, 'clock', 'start', '--case', '1', '--process', 'ehc-needs-assessment', '--date', '2026-01-12');

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Ava Jones').click();
    await app.$('button=Deadlines').click();
    const decide = await (await app.$('h4=Council tells you whether it will assess')).parentElement();
    await decide.$('button=The council refused…').click();
    await typeDate(app, '20', '2', '2026');
    await app.$('button=Save').click();

    const now = await app.$('h3*=The council refused: what matters now');
    await now.waitForDisplayed();
    const region = await now.parentElement();
    const text = await region.getText();
    assert.match(text, /The council refused to carry out an EHC needs assessment on Fri 20 Feb 2026/);
    assert.match(text, /You can appeal to the SEND Tribunal/);
    // The plan that will not come is no longer counted down or called a breach.
    const finalPlan = await (await app.$('h4=Council issues the final EHC plan')).parentElement().parentElement();
    assert.match(await finalPlan.getText(), /Does not apply: the council refused/);
    assert.doesNotMatch(await app.$('main').getText(), /Council breach/);
    await region.scrollIntoView();
    await keepScreenshot(app, 'refusal-what-matters-now');

    await region.$('button*=Start “Disagreeing with a decision: mediation and appeal”').click();
    const appeal = await app.$('h4=Last day to send your appeal to the SEND Tribunal');
    await appeal.waitForDisplayed();
    // 2 months after Fri 20 Feb 2026: Mon 20 Apr 2026 (a working day).
    assert.match(await (await appeal.parentElement().parentElement()).getText(), /Mon 20 Apr 2026/);
    await app.$('p*=is running from Fri 20 Feb 2026').waitForDisplayed();
  }, { name: 'refusal' });

  const clocks = cli(home, 'deadlines', '--case', '1', '--on', '2026-02-21');
  const due = clocks.deadlines.find((d) => d.deadline.step === 'appeal-deadline');
  assert.equal(due.deadline.due, '2026-04-20');
});
