// Nothing leaves the machine: the real app and the CLI run under strace, which records every
// socket they open. Local sockets (the display, D-Bus, WebKit's own processes) and netlink (the
// system telling GLib about network changes) are fine; an internet socket (AF_INET/AF_INET6) is
// a failure.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { appBinary, cliBinary, newHome, repoRoot } from '../lib/app.js';

const fixtures = path.join(repoRoot, 'tests/fixtures');

async function families(trace) {
  const text = await readFile(trace, 'utf8');
  const found = new Map();
  for (const match of text.matchAll(/socket\((AF_[A-Z0-9]+)/g)) found.set(match[1], (found.get(match[1]) ?? 0) + 1);
  return found;
}

test('the command line opens no internet socket through a whole working session on a protected case file', async () => {
  const home = await newHome();
  const trace = path.join(home, 'cli.strace');
  const email = path.join(home, 'update.eml');
  await writeFile(email, 'From: jo@northshire.example\r\nSubject: Update\r\nDate: Mon, 3 Nov 2025 09:00:00 +0000\r\n\r\nNo therapy this week.\r\n');
  const steps = [
    ['demo'],
    ['import', '--case', '1', email, path.join(fixtures, 'scanned-letter.jpg'), path.join(fixtures, 'school-letter.docx')],
    ['search', '--case', '1', 'therapy'],
    ['deadlines', '--case', '1'],
    ['bundle', 'build', '--bundle', '1', '--out', path.join(home, 'bundle.pdf')],
    ['check'],
  ];
  for (const step of steps) {
    const run = spawnSync('strace', ['-f', '-qq', '-e', 'trace=socket,connect', '-o', `${trace}.${steps.indexOf(step)}`, cliBinary, '--home', home, ...step], {
      encoding: 'utf8',
      // A protected case file: the Argon2id unlock and the encryption are traced too.
      env: { ...process.env, CASEFILE_PASSPHRASE: 'a passphrase for the trace' },
    });
    assert.equal(run.status, 0, `casefile ${step.join(' ')}: ${run.stderr}`);
    const seen = await families(`${trace}.${steps.indexOf(step)}`);
    assert.ok(!seen.has('AF_INET') && !seen.has('AF_INET6'), `casefile ${step[0]} opened ${[...seen.keys()]}`);
  }
});

test('the app opens no internet socket while it starts, shows the demo case and reminds', async () => {
  const home = await newHome();
  spawnSync(cliBinary, ['--home', home, '--no-passphrase', 'demo']);
  const trace = path.join(home, 'app.strace');
  // strace and everything it traces (the app and WebKit's helper processes) run in a process
  // group of their own, stopped together after 8 seconds.
  const traced = spawn('strace', ['-f', '-qq', '-e', 'trace=socket,connect', '-o', trace, appBinary], {
    env: { ...process.env, CASEFILE_HOME: home },
    stdio: 'ignore',
    detached: true,
  });
  let exited = false;
  traced.on('exit', () => (exited = true));
  await new Promise((resolve) => setTimeout(resolve, 8000));
  assert.equal(exited, false, 'the app is still running after 8 seconds');
  const closed = new Promise((resolve) => traced.on('close', resolve));
  process.kill(-traced.pid, 'SIGTERM');
  const stragglers = setTimeout(() => {
    try {
      process.kill(-traced.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await closed;
  clearTimeout(stragglers);
  const seen = await families(trace);
  assert.ok(seen.get('AF_UNIX') > 0, 'the window connected to the display');
  assert.ok(!seen.has('AF_INET') && !seen.has('AF_INET6'), `the app opened ${[...seen.keys()]}`);
});
