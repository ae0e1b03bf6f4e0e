// The EHC plan itself: a council's draft (its Word file) and its final (a PDF), both made by
// LibreOffice as a council's system would, compared in the document viewer. The final cuts the
// speech and language therapy, makes the occupational therapy vague, drops the social skills
// group and an outcome, and names another school; every one is listed to raise, and Section F's
// changes are shown side by side, struck out and added word by word.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { answerDialog, cli, keepScreenshot, newHome, withApp } from '../lib/app.js';

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

/** LibreOffice converting a file, as a council's system or the Tribunal's Word would read it. It
 * can hang on a first start now and then; a conversion that takes over a minute is tried once
 * more, so a stuck oracle fails the test with a message rather than holding the run. */
function soffice(home, format, file) {
  const args = [`-env:UserInstallation=file://${home}/lo-profile`, '--headless', '--convert-to', format, '--outdir', home, file];
  try {
    execFileSync('soffice', args, { timeout: 60_000, killSignal: 'SIGKILL' });
  } catch (error) {
    if (error.code !== 'ETIMEDOUT' && error.signal !== 'SIGKILL') throw error;
    execFileSync('soffice', args, { timeout: 60_000, killSignal: 'SIGKILL' });
  }
}

function convert(home, name, text, format) {
  const source = path.join(home, `${name}.txt`);
  return writeFile(source, text).then(() => {
    soffice(home, format, source);
    return path.join(home, `${name}.${format}`);
  });
}

test('a draft and a final plan are compared in the viewer, with every weakening listed and Section F side by side, and the final checked and its provision put in the ledger', async () => {
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
    // The final's own provision checked: the therapy now says how often, how long and by whom;
    // the occupational therapy says none of it, behind two vague phrases.
    await app.$('button=Check Sections F, G and H').click();
    const checked = await app.$('h6=1 provision to ask about');
    await checked.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await app.execute(() => document.activeElement?.textContent?.trim()), '1 provision to ask about');
    assert.equal(await app.$('.check .found').getText(), 'Sections found: A, B, E, F, I.');
    const provisions = await app.$$('ol.provisions > li').map((li) => li.getText());
    assert.equal(provisions.length, 2, provisions.join('\n'));
    // The therapy the final cut to termly is still specific: nothing to ask about its wording,
    // and its amounts read for the ledger.
    assert.match(provisions[0], /For the provision ledger: Speech and language therapy, 30 minutes, once a term, term time, by HCPC registered speech and language therapist\./);
    assert.doesNotMatch(provisions[0], /Vague|It does not say/);
    assert.match(provisions[1], /Section F: “Mia will have access to occupational therapy as required\.”/);
    for (const said of ['Vague: “access to”.', 'Vague: “as required”.', 'It does not say how often.', 'It does not say for how long.', 'It does not say who provides it.', 'The plan does not say how long each session lasts or how often.']) {
      assert.ok(provisions[1].includes(said), `${said} in ${provisions[1]}`);
    }
    await app.$('ol.provisions').scrollIntoView();
    await keepScreenshot(app, 'plan-check-findings');

    // One click puts the therapy in the ledger as the plan states it; the vague one goes through
    // the ledger's form, filled in from the plan, with only the amounts to add.
    await app.$('#plan-add-0').click();
    const inLedger = await app.$('#plan-ledger-0');
    await inLedger.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await app.execute(() => document.activeElement?.id), 'plan-ledger-0');
    await app.$('#plan-add-1').click();
    const minutes = await app.$('#prov-minutes');
    await minutes.waitForDisplayed();
    assert.equal(await app.$('#prov-title').getValue(), 'Occupational therapy');
    assert.equal(await minutes.getValue(), '');
    await minutes.setValue('30');
    await app.$('#prov-per').selectByAttribute('value', 'fortnight');
    await keepScreenshot(app, 'plan-check-ledger-form');
    await app.$('button=Add provision').click();
    await app.$('#plan-ledger-1').waitForDisplayed({ timeout: 20_000 });
    const ledger = cli(home, 'provision', 'list', '--case', '1');
    const titles = ledger.provisions.map((p) => [p.title, p.schedules[0].minutes, p.schedules[0].per, p.schedules[0].from, p.plan_version]);
    assert.deepEqual(titles, [
      ['Speech and language therapy', 30, 'term', '2026-05-20', 'Final EHC plan, 20 May 2026'],
      ['Occupational therapy', 30, 'fortnight', '2026-05-20', 'Final EHC plan, 20 May 2026'],
    ]);

    await app.$('h6=What to raise (7)').scrollIntoView();
    await keepScreenshot(app, 'plan-compare-concerns');
    await app.$('.compare table').scrollIntoView();
    await keepScreenshot(app, 'plan-compare-side-by-side');

    // The comparison for the bundle and the council: a PDF saved through the Save dialog (read
    // back with pdftotext), the same report kept with the case's documents, and a letter.
    const report = path.join(home, 'Changes.pdf');
    await answerDialog(app, 'save', report);
    await app.$('button=Save the comparison as a PDF…').click();
    const status = await app.$('.outputs [role=status]');
    await status.waitUntil(async () => /Saved the comparison/.test(await status.getText()), { timeout: 20_000 });
    const reportText = execFileSync('pdftotext', [report, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    assert.match(reportText, /What to raise \(7\)/);
    assert.match(reportText, /Section I, school changed: The school named is different: “Hillside Primary School” became “Riverside Academy”\./);
    await app.$("button=Keep it with the case's documents").click();
    await status.waitUntil(async () => /Kept with the case's documents as “Changes from “Draft plan” to “Final plan””/.test(await status.getText()), { timeout: 20_000 });
    const docs = cli(home, 'doc', 'list', '--case', '1');
    assert.ok(docs.documents.some((d) => d.title === 'Changes from “Draft plan” to “Final plan”'), JSON.stringify(docs.documents.map((d) => d.title)));
    await app.$('button=Draft a letter to the council').click();
    const letterBox = await app.$('#plan-letter');
    await letterBox.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await app.execute(() => document.activeElement?.id), 'plan-letter');
    const letter = await letterBox.getValue();
    assert.match(letter, /changes Mia Patel’s plan in 7 ways that I ask you to put right/);
    assert.match(letter, /1\. Section E: This outcome is in the old version/);
    await keepScreenshot(app, 'plan-compare-letter');
    const saved = path.join(home, 'Letter.txt');
    await answerDialog(app, 'save', saved);
    await app.$('button=Save it as a text file…').click();
    await status.waitUntil(async () => /Saved the letter/.test(await status.getText()), { timeout: 20_000 });
    assert.equal(await readFile(saved, 'utf8'), letter);
  }, { name: 'plans' });
});

test('a working document is started from the final plan, a proposal marked in the key with its evidence, and saved as Word', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Mia Patel');
  const final = await convert(home, 'Final plan', FINAL, 'pdf');
  const report = path.join(home, 'OT report.txt');
  await writeFile(report, 'Mia needs 30 minutes of occupational therapy a fortnight.');
  cli(home, 'import', '--case', '1', final, report);
  cli(home, 'doc', 'edit', '1', '--kind', 'ehcp-final', '--date', '2026-05-20');

  await withApp(home, async (app) => {
    await app.setWindowSize(1366, 700);
    await app.$('nav').$('button*=Mia Patel').click();
    await app.$('button=Documents').click();
    await app.$('button[aria-label="View Final plan"]').click();
    const start = await app.$('button=Start the working document');
    await start.waitForDisplayed({ timeout: 20_000 });
    await start.scrollIntoView();
    await start.click();
    const heading = await app.$('h6*=Not sent yet');
    await heading.waitForDisplayed({ timeout: 20_000 });
    assert.match(await heading.getText(), /1 page of 25 printed/);
    assert.equal(await app.execute(() => document.activeElement?.tagName), 'H6');

    // The parent puts back the occupational therapy the final made vague, citing the report.
    await app.$('#wd-edit-F2').click();
    const box = await app.$('#wd-wording');
    await box.waitForDisplayed();
    assert.equal(await box.getValue(), 'Mia will have access to occupational therapy as required.');
    await box.clearValue();
    await box.setValue('Mia will have 30 minutes of occupational therapy a fortnight from a qualified occupational therapist.');
    await app.$('#wd-evidence').setValue('Brown, OT, 12/01/2026, p.1, para. 1');
    await app.$('#wd-evidence_document').selectByVisibleText('OT report');
    await app.$('#wd-evidence_page').setValue('1');
    await app.$('button=Mark this wording').click();
    await app.$('#wd-edit-F2').waitForDisplayed({ timeout: 20_000 });
    const f2 = await app.execute(() => {
      const words = document.querySelectorAll('.working .paragraphs')[1].querySelectorAll('li')[1].querySelector('.words');
      return {
        added: Array.from(words.querySelectorAll('.parent-added')).map((e) => e.textContent),
        deleted: Array.from(words.querySelectorAll('.parent-deleted')).map((e) => e.textContent),
        note: words.querySelector('sup')?.textContent,
      };
    });
    assert.deepEqual(f2.deleted, ['parent deletes: access to', 'parent deletes: as required.']);
    assert.deepEqual(f2.added, ['parent adds: 30 minutes of', 'parent adds: a fortnight from a qualified occupational therapist.']);
    assert.equal(f2.note, '1');
    await app.$('#wd-edit-F2').scrollIntoView({ block: 'center' });
    await keepScreenshot(app, 'working-document-proposal');

    // The council's reply: once a half term instead of a fortnight, then agreed.
    await app.$('#wd-edit-F2').click();
    await app.$('#wd-wording').waitForDisplayed();
    await app.$('#wd-wording').clearValue();
    await app.$('#wd-wording').setValue('Mia will have 30 minutes of occupational therapy a half term from a qualified occupational therapist.');
    await app.$('label*=the council').click();
    await app.$('button=Mark this wording').click();
    await app.$('#wd-edit-F2').waitForDisplayed({ timeout: 20_000 });
    assert.deepEqual(
      await app.execute(() => Array.from(document.querySelectorAll('.working .council-added, .working .council-deleted')).map((e) => e.textContent)),
      ['council deletes: fortnight', 'council adds: half term'],
    );

    const docx = path.join(home, 'Working document.docx');
    await answerDialog(app, 'save', docx);
    await app.$('button=Save as Word…').click();
    const status = await app.$('.working [role=status]');
    await status.waitUntil(async () => /Saved version 1/.test(await status.getText()), { timeout: 20_000 });
    await app.$('li*=Version 1,').waitForDisplayed();

    // The print for the hearing: the same version, as a PDF with places to sign on each page.
    await answerDialog(app, 'save', path.join(home, 'Hearing print.pdf'));
    await app.$('button=Save the print for the hearing (PDF)…').click();
    await status.waitUntil(async () => /Saved version 1 to .*Hearing print\.pdf: 1 page, each with places for both sides to sign/.test(await status.getText()), {
      timeout: 20_000,
    });

    // The council's reply: the version sent, opened and saved again in another word processor
    // (LibreOffice), with the school in I1 changed in plain type, as if it were the plan's words.
    const council = path.join(home, 'council');
    execFileSync('soffice', [`-env:UserInstallation=file://${home}/lo-profile`, '--headless', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', council, docx], {
      timeout: 120_000,
    });
    const returned = path.join(council, 'Council reply.docx');
    execFileSync('python3', [
      '-c',
      `import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == 'word/document.xml':
            assert b'Riverside Academy' in data
            data = data.replace(b'Riverside Academy', b'Oakfield Academy')
        zout.writestr(item, data)`,
      path.join(council, 'Working document.docx'),
      returned,
    ]);
    await answerDialog(app, 'open', returned);
    await app.$("button=Read the council's reply (Word)…").click();
    const replyHeading = await app.$("h6*=The council's reply, read against version 1");
    await replyHeading.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await replyHeading.getText(), "The council's reply, read against version 1: 2 changes not marked");
    const notMarked = await app.$$('.reply .unmarked li').map((li) => li.getText());
    assert.deepEqual(notMarked, [
      "Not marked “Riverside” (the plan's own words) was taken out instead of being struck through in the council's italic.",
      "Not marked “Oakfield” was added as if it were the plan's own words, not in the council's italic.",
    ]);
    await replyHeading.scrollIntoView({ block: 'start' });
    await keepScreenshot(app, 'working-document-council-reply');
    await app.$('button=Take it in as version 2').click();
    await status.waitUntil(async () => /Taken in as version 2: 1 paragraph now carries the council's proposals/.test(await status.getText()), { timeout: 20_000 });
    // I1 now shows the council's unmarked change in its italic, where the panel will see it.
    assert.deepEqual(
      await app.execute(() => Array.from(document.querySelectorAll('.working .paragraphs')[2].querySelectorAll('.council-added, .council-deleted')).map((e) => e.textContent)),
      ['council deletes: Riverside', 'council adds: Oakfield'],
    );
  }, { name: 'working-document' });

  // The hearing print: the key in real faces, the footnote on its page, places to sign.
  const hearing = path.join(home, 'Hearing print.pdf');
  execFileSync('qpdf', ['--check', hearing]);
  const print = execFileSync('pdftotext', [hearing, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  assert.match(print, /Working document: Mia Patel’s EHC plan Version 1/);
  assert.match(print, /Signed for the parent Signed for the council Date/);
  assert.match(print, /1 Brown, OT, 12\/01\/2026, p\.1, para\. 1/);
  const fonts = execFileSync('pdffonts', [hearing], { encoding: 'utf8' });
  assert.match(fonts, /AtkinsonHyperlegible-Italic/, 'the council’s words in italic');
  assert.match(fonts, /AtkinsonHyperlegible-Bold/, 'the parent’s words in bold');
  execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', hearing, path.join(import.meta.dirname, '../artifacts/working-document-hearing-print')]);

  // What the Tribunal receives: Word's own styles and footnote, and the words LibreOffice prints.
  const styles = execFileSync('unzip', ['-p', path.join(home, 'Working document.docx'), 'word/styles.xml'], { encoding: 'utf8' });
  assert.match(styles, /w:styleId="ParentAddition"/);
  assert.match(styles, /w:styleId="CouncilDeletion"/);
  soffice(home, 'pdf', path.join(home, 'Working document.docx'));
  const printed = execFileSync('pdftotext', [path.join(home, 'Working document.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  assert.match(printed, /Working document: Mia Patel’s EHC plan Version 1/);
  assert.match(printed, /F2 Mia will have access to 30 minutes of occupational therapy as required\. a fortnight half term from a qualified occupational therapist\./);
  assert.match(printed, /1 Brown, OT, 12\/01\/2026, p\.1, para\. 1/);
});

/** The Tribunal's order after the appeal against the final: Sections F and I as the plan must
 * now read them, in the order's annex. */
const ORDER = `FIRST-TIER TRIBUNAL
SPECIAL EDUCATIONAL NEEDS AND DISABILITY

ORDER
1. The appeal is allowed.
2. The local authority shall amend Sections F and I of the EHC plan as set out in the annex.

ANNEX

Section F: Special educational provision
\u2022 Mia will receive 60 minutes of speech and language therapy each week from an HCPC registered speech and language therapist.
\u2022 Mia will have 30 minutes of occupational therapy a fortnight from a qualified occupational therapist.

Section I: Placement
Hillside Primary School (mainstream)
`;

test('a plan issued after an appeal is held against the Tribunal’s order, only where the order sets out its wording', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Mia Patel');
  const amended = await convert(home, 'Amended plan', FINAL.replace('FINAL', 'AMENDED'), 'pdf');
  const order = await convert(home, 'Tribunal order', ORDER, 'pdf');
  cli(home, 'import', '--case', '1', amended, order);
  cli(home, 'doc', 'edit', '1', '--kind', 'ehcp-amended', '--date', '2026-10-20');
  cli(home, 'doc', 'edit', '2', '--kind', 'tribunal-paper', '--date', '2026-09-02');

  await withApp(home, async (app) => {
    await app.setWindowSize(1366, 700);
    await app.$('nav').$('button*=Mia Patel').click();
    await app.$('button=Documents').click();
    await app.$('button[aria-label="View Amended plan"]').click();
    const other = await app.$('#compare-with');
    await other.waitForDisplayed({ timeout: 20_000 });
    assert.match(await other.getText(), /Tribunal order · Tribunal paper · Wed 2 Sep 2026/);
    await app.$('button=Compare').click();
    const heading = await app.$('h5=“Amended plan” held against the Tribunal\'s order “Tribunal order”');
    await heading.waitForDisplayed({ timeout: 20_000 });
    // Sections A, B and E are the plan's own: only F and I, which the order sets out.
    const heads = await app.$$('.compare .section-head').map((p) => p.getText());
    assert.deepEqual(heads.map((h) => h.replace(/\s+/g, ' ')), ['F Special educational provision: 2 changes', 'I Placement: 1 change']);
    const concerns = await app.$$('ol.concerns > li').map((li) => li.getText());
    assert.match(concerns[0], /Weakened\s+Section F: Less time: the order says “60 minutes” “each week”; the plan says “30 minutes” “each term”\./);
    assert.match(concerns[1], /The plan does not say for how long or how often: the order said “30 minutes” “a fortnight”\./);
    assert.ok(concerns.some((c) => /“access to” is in the plan but not in the order/.test(c)), concerns.join('\n'));
    assert.match(concerns[concerns.length - 1], /School changed\s+Section I: The school named is different: “Hillside Primary School” became “Riverside Academy”\./);
    assert.match(concerns[0], /Ordered “Mia will receive 60 minutes/);
    await app.$('ol.concerns').scrollIntoView();
    await keepScreenshot(app, 'plan-against-order');

    // The letter to the council cites the duty to carry out the order.
    await app.$('button=Draft a letter to the council').click();
    const letter = await app.$('#plan-letter');
    await letter.waitForDisplayed({ timeout: 20_000 });
    const text = await letter.getValue();
    assert.match(text, /The plan does not say what the Tribunal ordered in \d+ ways/);
    assert.match(text, /SEND Regulations 2014, reg\. 44\(2\)/);
  }, { name: 'plan-against-order' });
});

test('a plan whose headings name no letters is split where the family says, and then checked', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Sam Taylor');
  const plan = await convert(
    home,
    'Eastshire plan',
    'Eastshire Council\nMy EHC plan\n\nAbout me\nI like trains and drawing.\n\nWhat I find hard\nSpeech sounds are hard for me.\n\nHelp I will get\nAccess to speech and language therapy as required.\n\nMy school\nWillowbrook Primary School\n',
    'docx',
  );
  cli(home, 'import', '--case', '1', plan);
  cli(home, 'doc', 'edit', '1', '--kind', 'ehcp-final');

  await withApp(home, async (app) => {
    await app.setWindowSize(1366, 700);
    await app.$('nav').$('button*=Sam Taylor').click();
    await app.$('button=Documents').click();
    await app.$('button[aria-label="View Eastshire plan"]').click();
    const check = await app.$('button=Check Sections F, G and H');
    await check.waitForDisplayed({ timeout: 20_000 });
    await check.click();
    const refused = await app.$('.check [role=alert]');
    await refused.waitForDisplayed({ timeout: 20_000 });
    assert.match(await refused.getText(), /could not find the section headings/);

    await app.$('button=Correct where sections start…').click();
    await app.$('h6=Where each section starts').waitForDisplayed({ timeout: 20_000 });
    assert.equal(await app.execute(() => document.activeElement?.textContent?.trim()), 'Where each section starts');
    for (const [words, letter] of [['About me', 'A'], ['What I find hard', 'B'], ['Help I will get', 'F'], ['My school', 'I']]) {
      await app.$(`select[aria-label="Section starting at “${words}”"]`).selectByAttribute('value', letter);
    }
    await keepScreenshot(app, 'plan-section-starts');
    await app.$('button=Save where the sections start').click();
    const found = await app.$('.check .found');
    await found.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await found.getText(), 'Sections found: A, B, F, I.');
    const provisions = await app.$$('ol.provisions > li').map((li) => li.getText());
    assert.equal(provisions.length, 1);
    assert.match(provisions[0], /Section F: “Access to speech and language therapy as required\.”/);
    assert.match(provisions[0], /Vague: “Access to”\./);
  }, { name: 'plan-section-starts' });
  // The family's sections are the plan's from now on, for the command line too.
  assert.deepEqual(cli(home, 'plan', 'sections', '1').sections.map((s) => s.letter), ['A', 'B', 'F', 'I']);
});
