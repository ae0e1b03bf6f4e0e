// Lock takes effect at once while long work runs: a bundle of about 2,900 pages and a Word file
// being built, and 200 files being imported. The Save and Open dialogs cannot be driven by
// WebDriver, so the test starts the work through the window's own IPC (the very commands the
// Bundles and Documents tabs call once the dialog has answered), presses Ctrl+L, and checks that
// the locked screen came while the work was still running, that the work then stopped, and that
// nothing was half-written.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { cliBinary, newEmptyHome, repoRoot, withApp } from '../lib/app.js';

const PASSPHRASE = 'purple kettle seventeen';
const LETTER = path.join(repoRoot, 'fuzz/corpus/import_file/letter.pdf');
const WORD = path.join(repoRoot, 'tests/fixtures/school-letter.docx');

function casefile(home, ...args) {
  const run = spawnSync(cliBinary, ['--home', home, '--json', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CASEFILE_PASSPHRASE: PASSPHRASE },
  });
  assert.equal(run.status, 0, `casefile ${args.join(' ')}: ${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** `count` different PDFs of about 100 pages each, made with qpdf from a real letter. */
async function longPdfs(folder, count) {
  await mkdir(folder, { recursive: true });
  const hundred = path.join(folder, 'hundred.pdf');
  execFileSync('qpdf', ['--empty', '--pages', ...Array(100).fill([LETTER, '1']).flat(), '--', hundred]);
  const files = [];
  for (let i = 1; i <= count; i++) {
    const file = path.join(folder, `report-${i}.pdf`);
    // A different number of extra pages makes each file (and its fingerprint) different.
    execFileSync('qpdf', ['--empty', '--pages', hundred, '1-z', hundred, `1-${i}`, '--', file]);
    files.push(file);
  }
  return files;
}

/** Presses Ctrl+L and waits for the locked screen; returns the window's clock at that moment. */
async function lockNow(app) {
  await app.$('body').click();
  // The page notes the moment the locked screen appears (not when WebDriver next looks, which
  // can be after a refused job has already settled).
  await app.execute(() => {
    window.__lockedShownAt = null;
    window.__lockPressedAt = performance.now();
    const shown = () => [...document.querySelectorAll('h2')].some((h) => h.textContent === 'Casefile is locked');
    const observer = new MutationObserver(() => {
      if (window.__lockedShownAt === null && shown()) {
        window.__lockedShownAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const pressed = Date.now();
  await app.keys(['Control', 'l']);
  await app.$('h2=Casefile is locked').waitForDisplayed({ timeout: 10_000 });
  const shownAt = await app.execute(() => window.__lockedShownAt ?? performance.now());
  console.log(`# the locked screen appeared ${Date.now() - pressed} ms after Ctrl+L`);
  return shownAt;
}

/** Starts `command` through the window's IPC; `settled()` later gives its outcome and when. */
async function start(app, command, args) {
  await app.execute(
    (command, args) => {
      window.__job = window.__TAURI_INTERNALS__.invoke(command, args).then(
        // Not called `error`: WebDriver would take an answer with that key for its own failure.
        (value) => ({ ok: value, at: performance.now() }),
        (refusal) => ({ refusal, at: performance.now() }),
      );
    },
    command,
    args,
  );
  return () => app.executeAsync((done) => window.__job.then(done));
}

async function unlock(app) {
  await app.$('#unlock-passphrase').setValue(PASSPHRASE);
  await app.$('button=Open case files').click();
  await app.$('nav').$('button*=Long work').waitForDisplayed();
}

test('Lock takes effect while a 2,900-page bundle is building, and the build writes nothing', async () => {
  const home = await newEmptyHome();
  const files = path.join(home, '..', `${path.basename(home)}-files`);
  casefile(home, 'case', 'new', '--name', 'Long work');
  const imported = casefile(home, 'import', '--case', '1', ...(await longPdfs(files, 28)), WORD);
  assert.equal(imported.results.length, 29);
  const bundle = casefile(home, 'bundle', 'new', '--case', '1', '--kind', 'evidence').bundle;
  const out = path.join(files, 'bundle.pdf');

  await withApp(home, async (app) => {
    await app.$('h2=Casefile is locked').waitForDisplayed();
    await unlock(app);
    const settled = await start(app, 'build_bundle', { bundleId: bundle.id, path: out, keepReferences: false });
    // The plan is read, and the Word file is being turned into pages, with the store free.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const lockedAt = await lockNow(app);
    const outcome = await settled();
    assert.ok(outcome.refusal, `the build should have been stopped, but it finished: ${JSON.stringify(outcome.ok)}`);
    assert.equal(outcome.refusal.kind, 'cancelled', JSON.stringify(outcome.refusal));
    assert.ok(lockedAt < outcome.at, 'the window locked before the build ended');
    assert.equal(existsSync(out), false, 'a stopped build writes no file');
  }, { name: 'lock-during-build' });

  const after = casefile(home, 'bundle', 'show', String(bundle.id));
  assert.equal(after.bundle.versions.length, 0, 'no version was recorded');
  assert.equal(casefile(home, 'check').whole, true);
});

test('Lock takes effect while 200 files are importing; what was imported is whole', async () => {
  const home = await newEmptyHome();
  const files = path.join(home, '..', `${path.basename(home)}-files`);
  casefile(home, 'case', 'new', '--name', 'Long work');
  // Short letters first, then long PDFs: some files are whole before the lock however long
  // each PDF takes to read (every page is read twice in the contained reader), and the import
  // is still reading the PDFs when the lock comes.
  await mkdir(files, { recursive: true });
  const paths = [];
  for (let i = 1; i <= 188; i++) {
    const letter = path.join(files, `letter-${i}.txt`);
    await writeFile(letter, `Letter ${i} about the assessment, sent on day ${i}.\n`);
    paths.push(letter);
  }
  paths.push(...(await longPdfs(files, 12)));

  await withApp(home, async (app) => {
    await app.$('h2=Casefile is locked').waitForDisplayed();
    await unlock(app);
    const settled = await start(app, 'import_files', { caseId: 1, paths, password: null });
    await new Promise((resolve) => setTimeout(resolve, 700));
    await lockNow(app);
    const pressedAt = await app.execute(() => window.__lockPressedAt);
    const outcome = await settled();
    assert.ok(outcome.refusal, `the import should have been stopped, but it finished (${outcome.ok?.length} files)`);
    assert.equal(outcome.refusal.kind, 'locked', JSON.stringify(outcome.refusal));
    // Short letters stop at once, so the refusal can settle before the locked screen is drawn;
    // what matters is that the import was still running when Lock was pressed.
    assert.ok(pressedAt < outcome.at, 'the import was still running when Lock was pressed');
  }, { name: 'lock-during-import' });

  const documents = casefile(home, 'doc', 'list', '--case', '1').documents;
  assert.ok(documents.length > 0 && documents.length < 200, `${documents.length} documents were imported`);
  assert.equal(casefile(home, 'check').whole, true, 'every imported document is whole, with no leftovers');
});
