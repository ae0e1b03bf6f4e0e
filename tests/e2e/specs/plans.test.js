// The EHC plan itself: a council's draft (its Word file) and its final (a PDF), both made by
// LibreOffice as a council's system would, compared in the document viewer. The final cuts the
// speech and language therapy, makes the occupational therapy vague, drops the social skills
// group and an outcome, and names another school; every one is listed to raise, and Section F's
// changes are shown side by side, struck out and added word by word.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { cli, keepScreenshot, newHome, withApp } from '../lib/app.js';

const DRAFT = `Westborough Borough Council
DRAFT Education, Health and Care Plan

A. The views, interests and aspirations of the child
Mia loves swimming.

B. Special educational needs
Mia has a severe language disorder.

E. Outcomes
By July Mia will use sentences of four words.

By July Mia will play a turn-taking game with a friend.

F. Special educational provision
\u2022 Mia will receive 60 minutes of speech and language therapy each week from an HCPC registered speech and language therapist.
\u2022 Mia will have 30 minutes of occupational therapy a fortnight from a qualified occupational therapist.
\u2022 Mia will attend a social skills group of no more than four children, 30 minutes twice a week, led by a teacher.

I. Placement
Hillside Primary School (mainstream)
`;

const FINAL = DRAFT.replace('DRAFT', 'FINAL')
  .replace('\nBy July Mia will play a turn-taking game with a friend.\n', '')
  .replace('60 minutes of speech and language therapy each week', '30 minutes of speech and language therapy each term')
  .replace('Mia will have 30 minutes of occupational therapy a fortnight from a qualified occupational therapist.', 'Mia will have access to occupational therapy as required.')
  .replace('\u2022 Mia will attend a social skills group of no more than four children, 30 minutes twice a week, led by a teacher.\n', '')
  .replace('Hillside Primary School', 'Riverside Academy');

function convert(home, name, text, format) {
  const source = path.join(home, `${name}.txt`);
  return writeFile(source, text).then(() => {
    execFileSync('soffice', [`-env:UserInstallation=file://${home}/lo-profile`, '--headless', '--convert-to', format, '--outdir', home, source]);
    return path.join(home, `${name}.${format}`);
  });
}

test('a draft and a final plan are compared in the viewer, with every weakening listed and Section F side by side', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Mia Patel');
  const draft = await convert(home, 'Draft plan', DRAFT, 'docx');
  const final = await convert(home, 'Final plan', FINAL, 'pdf');
  const imported = cli(home, 'import', '--case', '1', draft, final);
  assert.equal(imported.results.filter((r) => r.result.outcome === 'imported').length, 2);
  cli(home, 'doc', 'edit', '1', '--kind', 'ehcp-draft', '--date', '2026-03-02');
  cli(home, 'doc', 'edit', '2', '--kind', 'ehcp-final', '--date', '2026-05-20');

  await withApp(home, async (app) => {
    await app.setWindowSize(1366, 700);
    await app.$('nav').$('button*=Mia Patel').click();
    await app.$('button=Documents').click();
    // Opened from the final: the draft is offered, and is the older of the two by its date.
    await app.$('button[aria-label="View Final plan"]').click();
    const other = await app.$('#compare-with');
    await other.waitForDisplayed({ timeout: 20_000 });
    assert.match(await other.getText(), /Draft plan · Draft EHC plan · Mon 2 Mar 2026/);
    await app.$('button=Compare').click();
    const heading = await app.$('h5=From “Draft plan” to “Final plan”');
    await heading.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await app.execute(() => document.activeElement?.textContent?.trim()), 'From “Draft plan” to “Final plan”');

    await app.$('h6=What to raise (7)').waitForDisplayed();
    const concerns = await app.$$('ol.concerns > li').map((li) => li.getText());
    assert.equal(concerns.length, 7);
    assert.match(concerns[0], /^Removed\s+Section E: This outcome is in the old version/);
    assert.match(concerns[1], /Weakened\s+Section F: Less time: it was “60 minutes” “each week”; it is now “30 minutes” “each term”\./);
    assert.match(concerns[2], /It no longer says for how long or how often: it said “30 minutes” “a fortnight”\./);
    assert.match(concerns[3], /Made vague\s+Section F: “access to” is new\./);
    assert.match(concerns[4], /“as required” is new\./);
    assert.match(concerns[5], /Removed\s+Section F: .*social skills group/s);
    assert.match(concerns[6], /School changed\s+Section I: The school named is different: “Hillside Primary School” became “Riverside Academy”\./);

    // Section F side by side: the cut words struck out on the left, the new ones on the right.
    const struck = await app.execute(() => Array.from(document.querySelectorAll('.compare del')).map((d) => d.textContent));
    const added = await app.execute(() => Array.from(document.querySelectorAll('.compare ins')).map((d) => d.textContent));
    // "60 minutes … each week" became "30 minutes … each term": only the changed words are marked.
    assert.ok(struck.includes('removed: 60 ') && struck.includes('removed: week '), JSON.stringify(struck));
    assert.ok(added.includes('added: 30 ') && added.includes('added: term '), JSON.stringify(added));
    assert.ok(added.some((t) => t.startsWith('added: access to ')), JSON.stringify(added));
    assert.ok(struck.some((t) => /social skills group/.test(t)), JSON.stringify(struck));
    const heads = await app.$$('.compare .section-head').map((p) => p.getText());
    assert.deepEqual(heads.map((h) => h.replace(/\s+/g, ' ')), [
      'A The views, interests and aspirations of the child: the same',
      'B Special educational needs: the same',
      'E Outcomes: 1 change',
      'F Special educational provision: 3 changes',
      'I Placement: 1 change',
    ]);
    await app.$('h6=What to raise (7)').scrollIntoView();
    await keepScreenshot(app, 'plan-compare-concerns');
    await app.$('.compare table').scrollIntoView();
    await keepScreenshot(app, 'plan-compare-side-by-side');
  }, { name: 'plans' });
});
