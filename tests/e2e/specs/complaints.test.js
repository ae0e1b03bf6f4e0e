// Complaints in the window: the demo case's Complain tab says where each grievance belongs, the
// Ombudsman's date and the remedy with its decisions, and drafts a letter from the records; the
// "Across families" page shows the anonymised pattern for six families of one council and names
// none of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cli, keepScreenshot, newHome, withApp } from '../lib/app.js';

test('the demo case is complained about in the right place, with a remedy and a letter drafted from its records', async () => {
  const home = await newHome();
  cli(home, 'demo');
  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Robin Example').click();
    // The tabs scroll sideways on a small window; the last is brought into view as a person would.
    const tab = await app.$('#tab-complaint');
    await app.execute(() => document.querySelector('#tab-complaint').scrollIntoView({ block: 'nearest', inline: 'nearest' }));
    await tab.click();
    const range = await app.$('.complaint .range');
    await range.waitForDisplayed({ timeout: 20_000 });
    assert.match(await range.getText(), /^£[\d,]+ to £[\d,]+$/);
    const page = await app.$('.complaint').getText();
    assert.match(page, /In this case's records/);
    assert.match(page, /Goes to: The SEND Tribunal/);
    assert.match(page, /Complain to the Ombudsman by/);
    assert.match(page, /not a promise/);
    await app.$('h4=Where each grievance belongs').scrollIntoView({ block: 'start' });
    await keepScreenshot(app, 'complaint-routes');
    await app.$('h4=A remedy to ask for').scrollIntoView({ block: 'start' });
    await keepScreenshot(app, 'complaint-remedy');

    const stage1 = await app.$('button=Stage 1 letter to the council');
    await stage1.scrollIntoView();
    await stage1.click();
    const letter = await app.$('#complaint-letter');
    await letter.waitForDisplayed({ timeout: 20_000 });
    const text = await letter.getValue();
    assert.match(text, /Statutory deadlines the council missed/);
    assert.match(text, /Council issues the final EHC plan/);
    assert.match(text, /Children and Families Act 2014 s\.42\(2\)/);
    await letter.scrollIntoView({ block: 'start' });
    await keepScreenshot(app, 'complaint-letter');
  }, { name: 'complaints' });
});

test('the pattern across six families of one council is shown without naming any of them', async () => {
  const home = await newHome();
  for (let i = 1; i <= 6; i++) {
    cli(home, 'case', 'new', '--name', `Childname${i} Familyname${i}`, '--la', 'Northshire County Council', '--school', `Schoolname${i} Primary`);
    cli(home, 'clock', 'start', '--case', String(i), '--process', 'ehc-needs-assessment', '--date', '2026-01-05');
  }
  await withApp(home, async (app) => {
    await app.$('button=Across families').click();
    const council = await app.$('.council');
    await council.waitForDisplayed({ timeout: 20_000 });
    // The report itself (the councils' figures) names no child, family or school; the list of
    // cases to keep an FOI request in is the worker's own.
    const figures = (await app.$$('.patterns > p, .council').map((e) => e.getText())).join('\n');
    assert.match(figures, /6 families/);
    assert.match(figures, /Northshire County Council/);
    assert.doesNotMatch(figures, /Childname|Familyname|Schoolname/);
    await app.$('.patterns').scrollIntoView({ block: 'start' });
    await keepScreenshot(app, 'patterns-report');
  }, { name: 'patterns' });
});
