// Encryption at rest through the window: the first start asks for a passphrase and shows the
// recovery key once; Lock (Ctrl+L) hides every case; a wrong passphrase is refused; the right
// one opens the case files again, also after a restart; the files on disk are not readable.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { cliBinary, keepScreenshot, newEmptyHome, withApp } from '../lib/app.js';

const PASSPHRASE = 'purple kettle seventeen';

async function unlock(app, passphrase) {
  await app.$('h2=Casefile is locked').waitForDisplayed();
  await app.$('#unlock-passphrase').setValue(passphrase);
  await app.$('button=Open case files').click();
}

test('a case file protected at first start locks, refuses a wrong passphrase, and opens with the right one after a restart', async () => {
  const home = await newEmptyHome();

  await withApp(home, async (app) => {
    await app.$('h2=Protect your case files').waitForDisplayed();
    await app.$('#setup-passphrase').setValue(PASSPHRASE);
    await app.$('#setup-confirm').setValue('purple kettle eighteen');
    await app.$('button=Protect and continue').click();
    assert.match(await app.$('#setup-error').getText(), /not the same/);

    await app.$('#setup-confirm').setValue(PASSPHRASE);
    await app.$('button=Protect and continue').click();
    const key = await app.$('[aria-label="Recovery key"]');
    await key.waitForDisplayed({ timeout: 20_000 });
    assert.match(await key.getText(), /^([A-Z2-9]{4}-){7}[A-Z2-9]{4}$/);
    assert.equal(await app.$('button=Continue').isEnabled(), false);
    await app.$('label=I have kept the recovery key safe, away from this computer').click();
    await app.$('button=Continue').click();

    await app.$('button=Explore a demo case').click();
    const demo = await app.$('nav').$('button*=(demo)');
    await demo.waitForDisplayed();

    await app.$('button=Lock').click();
    await app.$('h2=Casefile is locked').waitForDisplayed();
    assert.doesNotMatch(await app.$('body').getText(), /demo/);

    await unlock(app, 'not the passphrase');
    const refusal = await app.$('#unlock-error');
    await refusal.waitForDisplayed();
    assert.match(await refusal.getText(), /does not open/);

    await app.$('#unlock-passphrase').setValue(PASSPHRASE);
    await app.$('button=Open case files').click();
    await app.$('nav').$('button*=(demo)').waitForDisplayed();

    // The keyboard shortcut locks too.
    await app.$('body').click();
    await app.keys(['Control', 'l']);
    await app.$('h2=Casefile is locked').waitForDisplayed();
  }, { name: 'protect-first-start' });

  // On disk: a key file, and a database that is not plain SQLite.
  const head = Buffer.alloc(16);
  const db = await open(path.join(home, 'casefile.db'));
  await db.read(head, 0, 16, 0);
  await db.close();
  assert.notEqual(head.toString('latin1'), 'SQLite format 3\0');
  await open(path.join(home, 'casefile.key')).then((f) => f.close());

  await withApp(home, async (app) => {
    await unlock(app, PASSPHRASE);
    await app.$('nav').$('button*=(demo)').waitForDisplayed();
  }, { name: 'protect-restart' });
});

test('visit mode shows one family’s case until the passphrase ends it', async () => {
  const home = await newEmptyHome();
  const env = { ...process.env, CASEFILE_PASSPHRASE: PASSPHRASE };
  for (const args of [['case', 'new', '--name', 'Other Family'], ['demo']]) {
    const run = spawnSync(cliBinary, ['--home', home, ...args], { encoding: 'utf8', env });
    assert.equal(run.status, 0, run.stderr);
  }
  await withApp(home, async (app) => {
    await unlock(app, PASSPHRASE);
    await app.$('nav').$('button*=Other Family').waitForDisplayed();
    await app.$('button=Privacy').click();
    await app.$('#visit-case').selectByVisibleText('Robin Example (demo)');
    await app.$('button=Start visit mode').click();
    await app.$('h2=Robin Example (demo)').waitForDisplayed();
    assert.doesNotMatch(await app.$('nav').getText(), /Other Family/);
    assert.equal(await app.$('button=New case').isExisting(), false);

    await app.$('button=End visit mode').click();
    await app.$('#visit-passphrase').setValue('a guess by someone');
    await app.$('button=End visit mode').click();
    await app.$('p.error-text').waitForDisplayed();
    assert.doesNotMatch(await app.$('nav').getText(), /Other Family/);

    await app.$('#visit-passphrase').setValue(PASSPHRASE);
    await app.$('button=End visit mode').click();
    await app.$('nav').$('button*=Other Family').waitForDisplayed();
  }, { name: 'visit-mode' });
});

test('a visit started from the side bar has no dead ends: no new case, the case back after a lock, an end that can be cancelled', async () => {
  const home = await newEmptyHome();
  const env = { ...process.env, CASEFILE_PASSPHRASE: PASSPHRASE };
  for (const args of [['case', 'new', '--name', 'Other Family'], ['case', 'new', '--name', 'Visited Family']]) {
    const run = spawnSync(cliBinary, ['--home', home, ...args], { encoding: 'utf8', env });
    assert.equal(run.status, 0, run.stderr);
  }
  await withApp(home, async (app) => {
    await app.setWindowSize(1366, 700);
    await unlock(app, PASSPHRASE);
    // From the case list: open the family's case, then "Start a visit" in the side bar.
    await app.$('nav').$('button*=Visited Family').click();
    await app.$('h2=Visited Family').waitForDisplayed();
    await app.$('button=Start a visit').click();
    await app.$('[aria-label="Visit mode"]').waitForDisplayed();
    assert.doesNotMatch(await app.$('nav').getText(), /Other Family/);

    // Home during the visit offers no new case, by button or by Ctrl+N.
    await app.$('button=Today').click();
    await app.$("p*=Visit mode shows only the family's case").waitForDisplayed();
    assert.equal(await app.$('button=Create a case').isExisting(), false);
    await app.keys(['Control', 'n']);
    // Read out (the announcement is for screen readers, so read from the page, not the screen).
    await app.waitUntil(
      async () => /End visit mode to create a case/.test(await app.execute(() => [...document.querySelectorAll('[role="status"]')].map((e) => e.textContent).join(' '))),
      { timeoutMsg: 'Ctrl+N during a visit says why no case can be created' },
    );
    assert.equal(await app.$('h2=New case').isExisting(), false);

    // Locked and unlocked: the visited case opens again, and only it.
    await app.keys(['Control', 'l']);
    await unlock(app, PASSPHRASE);
    await app.$('h2=Visited Family').waitForDisplayed();
    assert.doesNotMatch(await app.$('nav').getText(), /Other Family/);

    // Ending the visit can be cancelled; a wrong passphrase says what to do.
    await app.$('button=End visit mode').click();
    await app.$('#visit-passphrase').setValue('half typed');
    await app.$('button=Cancel').click();
    await app.$('#visit-passphrase').waitForDisplayed({ reverse: true });
    await app.$('button=End visit mode').click();
    await app.$('#visit-passphrase').setValue('a guess by someone');
    await app.$('button=End visit mode').click();
    const refusal = await app.$('p.error-text');
    await refusal.waitForDisplayed();
    assert.match(await refusal.getText(), /visit mode stays on/);
    await app.pause(700);
    await keepScreenshot(app, 'visit-wrong-passphrase');
    // With the end-visit box and its message open in a 700-pixel window, the family's case is
    // still shown whole in the list, and nothing in the side bar lies over anything else.
    const [row, list, toggle, lock] = await app.execute(() =>
      [
        document.querySelector('nav.case-list li button'),
        document.querySelector('nav.case-list ul'),
        document.querySelector('nav.case-list .toggle'),
        [...document.querySelectorAll('.security button')].find((b) => b.textContent === 'Lock'),
      ].map((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom };
      }),
    );
    assert.ok(row.top >= list.top && row.bottom <= list.bottom + 0.5, `the case row ${JSON.stringify(row)} is whole in the list ${JSON.stringify(list)}`);
    assert.ok(list.bottom <= toggle.top && toggle.bottom <= lock.top, `list, archive toggle and Lock do not overlap: ${JSON.stringify({ list, toggle, lock })}`);
    assert.doesNotMatch(await app.$('nav').getText(), /Other Family/);
  }, { name: 'visit-no-dead-ends' });
});

test('a backup chosen on the Privacy page puts the case file back as it was', async () => {
  const home = await newEmptyHome();
  const env = { ...process.env, CASEFILE_PASSPHRASE: PASSPHRASE };
  const run = (...args) => {
    const result = spawnSync(cliBinary, ['--home', home, '--json', ...args], { encoding: 'utf8', env });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    return JSON.parse(result.stdout);
  };
  run('demo');
  const made = run('backup').backup.made;
  run('case', 'new', '--name', 'Added Later');
  await withApp(home, async (app) => {
    await unlock(app, PASSPHRASE);
    await app.$('nav').$('button*=Added Later').waitForDisplayed();
    await app.$('button=Privacy').click();
    await app.$(`button[aria-label="Restore the backup of ${made}"]`).click();
    await app.$('button=Restore this backup').click();
    await app.$('nav').$('button*=Added Later').waitForDisplayed({ reverse: true });
    assert.match(await app.$('nav').getText(), /Robin Example/);
    await app.$('span*=before a restore').waitForDisplayed();
  }, { name: 'restore-backup' });
  assert.equal(run('case', 'list').cases.length, 1);
});
