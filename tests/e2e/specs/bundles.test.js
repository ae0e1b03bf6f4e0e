// Evidence bundles: a family opens the demo case's hearing bundle, sees its page counts and the
// warnings, takes a document out and puts it in another section; a bundle built from the same
// plan (the build goes through the system Save dialog, which WebDriver cannot drive, so the
// command line builds it here) lists every page and the change.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { answerDialog, cli, keepScreenshot, newHome, withApp } from '../lib/app.js';

const manualPdf = '/usr/share/doc/libtasn1-doc/libtasn1.pdf';
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');

test('the demo hearing bundle is planned on screen and builds to a checked PDF', async () => {
  const home = await newHome();
  cli(home, 'demo');

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Robin Example').click();
    await app.$('button=Bundles').click();
    await app.$('h4=Hearing bundle (demo)').waitForDisplayed();
    const warnings = await app.$('ul[aria-label="Things to check before you send it"]');
    assert.match(await warnings.getText(), /Speech and language therapy report.*more than 3 years ago/);

    // Take the old report out: the warning goes and section D loses its page.
    const sectionD = await app.$('div[role="group"]*=Parent\'s evidence');
    const before = await sectionD.$('h5').getText();
    await app.$('button[aria-label="Take out Speech and language therapy report"]').click();
    await app.waitUntil(async () => !(await app.$('ul[aria-label="Things to check before you send it"]').isExisting()), { timeout: 10_000 });
    assert.notEqual(await sectionD.$('h5').getText(), before);

    // The witness statement moves to section A.
    await app.$('select[aria-label="Section for Witness statement of Robin\'s parent"]').selectByVisibleText('Section A');
    const sectionA = await app.$('div[role="group"]*=Appeal papers and decision');
    await app.waitUntil(async () => /Witness statement of Robin's parent/.test(await sectionA.getText()), { timeout: 10_000 });
  }, { name: 'bundles' });

  const out = path.join(home, 'bundle.pdf');
  const built = cli(home, 'bundle', 'build', '--bundle', '1', '--out', out);
  assert.equal(built.build.warnings.length, 0, 'the old report is no longer in it');
  execFileSync('qpdf', ['--check', out]);
  const text = execFileSync('pdftotext', ['-layout', out, '-']).toString();
  assert.match(text, /A2\s+Page \d+ of \d+/, 'the statement is the second document of section A');
  assert.doesNotMatch(text, /SPEECH AND LANGUAGE THERAPY REPORT/);
});

test('the demo hearing bundle is checked against the Practice Direction in the window, as the command line checks it', async () => {
  const home = await newHome();
  cli(home, 'demo');
  const expected = cli(home, 'bundle', 'check', '--bundle', '1');

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Robin Example').click();
    await app.$('button=Bundles').click();
    await app.$('h4=Hearing bundle (demo)').waitForDisplayed();
    await app.$('button=Check the bundle').click();
    const list = await app.$('ul[aria-label="What the check found"]');
    await list.waitForDisplayed({ timeout: 60_000 });
    const text = await list.getText();
    assert.ok(expected.findings.length > 0, 'the demo has something to find');
    // (The window reads the demo photo's text in the background once it opens, so whether it
    // still has no readable text depends on the moment; every other finding must match.)
    for (const finding of expected.findings.filter((f) => f.kind !== 'no-text')) {
      assert.ok(text.includes(finding.message), `${finding.message} is shown`);
    }
    assert.match(text, /Report more than 3 years old\. .*Speech and language therapy report/);
    assert.match(text, /What to do: /);
    await app.$("h5=Check against the Tribunal's rules").scrollIntoView();
    await keepScreenshot(app, 'bundle-check');
  }, { name: 'bundle-check' });
});

test("the council's hearing bundle is audited in the window against the case file, as the command line audits it", async () => {
  const home = await newHome();
  cli(home, 'demo');
  // The "council's" bundle: the demo's hearing bundle, built and stamped; then the family adds
  // a report the council has not put in.
  const council = path.join(home, 'Council hearing bundle.pdf');
  cli(home, 'bundle', 'build', '--bundle', '1', '--out', council);
  cli(home, 'import', '--case', '1', '/usr/share/doc/libtasn1-doc/libtasn1.pdf');
  const expected = cli(home, 'bundle', 'audit', '--case', '1', council);
  const missing = expected.documents.filter((d) => d.status === 'missing' && d.readable);
  assert.deepEqual(missing.map((d) => d.title), ['libtasn1']);

  await withApp(home, async (app) => {
    await app.$('nav').$('button*=Robin Example').click();
    await app.$('button=Bundles').click();
    await app.$('h4=Hearing bundle (demo)').waitForDisplayed();
    // WebDriver can drive neither the system's Open dialog nor a drag from the file manager,
    // so the window is told of the council's file dropped on it, as the system tells it.
    await app.$('h4=Check the council’s hearing bundle').scrollIntoView();
    await app.execute(
      (file) =>
        window.__TAURI_INTERNALS__.invoke('plugin:event|emit', {
          event: 'tauri://drag-drop',
          payload: { paths: [file], position: { x: 200, y: 200 } },
        }),
      council,
    );
    const table = await app.$('table*=Your documents in the council’s bundle');
    await table.waitForDisplayed({ timeout: 60_000 });
    const text = await table.getText();
    for (const doc of expected.documents.filter((d) => d.readable)) {
      assert.ok(text.includes(doc.title), `${doc.title} is listed`);
      if (doc.status === 'found') {
        const [a, b] = doc.pages;
        assert.ok(text.includes(a === b ? `Bundle page ${a}.` : `Bundle pages ${a}–${b}.`), `${doc.title} at its pages`);
      }
    }
    assert.match(text, /libtasn1\s*Missing\s*Not in the council’s bundle\./);
    const unknown = await app.$('ul[aria-label="Pages that are not documents you have"]');
    assert.ok(await unknown.isDisplayed());
    await app.$('label=Letter to the council, copied to the Tribunal (edit it before you send it)').waitForDisplayed();
    await app.$('h4=Check the council’s hearing bundle').scrollIntoView();
    await app.pause(700);
    await keepScreenshot(app, 'council-audit');
    await unknown.scrollIntoView();
    await app.pause(700);
    await keepScreenshot(app, 'council-audit-unknown-and-letter');

    // Keep the first unknown run as a document: it is then in the case's documents.
    const before = cli(home, 'doc', 'list', '--case', '1').documents.length;
    await unknown.$('button=Keep these pages as a document').click();
    await app.waitUntil(async () => /Kept as “/.test(await unknown.getText()), { timeout: 20_000 });
    assert.equal(cli(home, 'doc', 'list', '--case', '1').documents.length, before + 1);
  }, { name: 'council-audit' });
});

test('a new hearing bundle puts each document in its section, and its chronology reads as a judge expects', async () => {
  const home = await newHome();
  cli(home, 'case', 'new', '--name', 'Sam Taylor', '--la', 'Northshire Council');
  // Request received Mon 12 Jan 2026: the clock's start is an event of the chronology.
  cli(home, 'clock', 'start', '--case', '1', '--process', 'ehc-needs-assessment', '--date', '2026-01-12');
  cli(home, 'log', 'add', '--case', '1', '--date', '2026-02-02', '--channel', 'phone', '--direction', 'out', '--party', 'SENCo', '--summary', 'Asked when the assessment will start.');
  cli(home, 'log', 'add', '--case', '1', '--date', '2026-02-09', '--channel', 'meeting', '--direction', 'in', '--party', 'Willowbrook Primary', '--summary', 'Talked through the support in class.');
  execFileSync('soffice', [`-env:UserInstallation=file://${home}/lo-profile`, '--headless', '--convert-to', 'pdf', '--outdir', home, path.join(fixtures, 'school-letter.docx')]);
  const files = {
    plan: manualPdf,
    decision: path.join(fixtures, 'scanned-letter.pdf'),
    council: path.join(home, 'school-letter.pdf'),
    parent: path.join(fixtures, 'lopdf/example.pdf'),
  };
  cli(home, 'import', '--case', '1', files.plan, files.decision, files.council, files.parent);
  const docs = cli(home, 'doc', 'list', '--case', '1').documents;
  const id = (file) => String(docs.find((d) => file.endsWith(`${d.title}.pdf`)).id);
  cli(home, 'doc', 'edit', id(files.plan), '--title', 'Final EHC plan', '--kind', 'ehcp-final', '--date', '2026-03-02');
  cli(home, 'doc', 'edit', id(files.decision), '--title', 'Decision not to amend', '--kind', 'decision-letter', '--date', '2026-04-01');
  cli(home, 'doc', 'edit', id(files.council), '--title', 'Council caseworker letter', '--kind', 'letter', '--author', 'Northshire Council', '--date', '2026-03-10');
  cli(home, 'doc', 'edit', id(files.parent), '--title', 'Private therapy report', '--kind', 'report-speech-language', '--date', '2026-03-20');
  const out = path.join(home, 'Sam Taylor hearing bundle.pdf');

  await withApp(home, async (app) => {
    await app.setWindowSize(1366, 700);
    await app.$('nav').$('button*=Sam Taylor').click();
    await app.$('button=Bundles').click();
    await app.$('label*=Full hearing bundle').click();
    await app.$('button=Make the bundle').click();
    const section = async (title) => (await app.$(`div[role="group"]*=${title}`)).getText();
    await app.$('div[role="group"]*=EHC plan and appendices').waitForDisplayed();
    assert.match(await section('EHC plan and appendices'), /Final EHC plan/);
    assert.match(await section('Appeal papers and decision'), /Decision not to amend/);
    assert.match(await section("Local authority's evidence"), /Council caseworker letter/);
    const parents = await section("Parent's evidence");
    assert.match(parents, /Private therapy report/);
    assert.doesNotMatch(parents, /Final EHC plan|Council caseworker letter|Decision not to amend/);
    await app.$('div[role="group"]*=EHC plan and appendices').scrollIntoView();
    await app.pause(700);
    await keepScreenshot(app, 'bundle-sections-by-kind');

    // Built through the Save dialog, answered as the family would answer it.
    await answerDialog(app, 'save', out);
    await app.$('button=Build the PDF…').scrollIntoView();
    await app.$('button=Build the PDF…').click();
    await app.$('strong*=Built version 1').waitForDisplayed({ timeout: 120_000 });
  }, { name: 'bundle-by-kind' });

  execFileSync('qpdf', ['--check', out]);
  const text = execFileSync('pdftotext', ['-layout', out, '-']).toString();
  const start = text.indexOf('Chronology: Sam Taylor');
  assert.ok(start >= 0, 'the bundle has a chronology');
  const chronology = text.slice(start);
  // Generated items are the family's own work, not a letter "From" someone.
  assert.doesNotMatch(text, /From Prepared by/);
  assert.match(text, /From the family \(made with Casefile\)/);
  assert.match(chronology, /12 Jan 2026\s+The council received the request/);
  assert.match(chronology, /Clock started/);
  assert.match(chronology, /Phone call to SENCo/);
  assert.match(chronology, /Meeting with Willowbrook Primary/);
  assert.match(chronology, /The parent/);
  assert.doesNotMatch(chronology, /Note written/);
  assert.doesNotMatch(chronology.split('\f')[0], /\byou\b/i, 'the chronology speaks of the family, not to it');
});
