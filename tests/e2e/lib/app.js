// Drives the real Casefile window: tauri-driver (WebDriver for Tauri) in front of WebKitWebDriver,
// on an X display (the test command runs under xvfb-run). Every spec copies this pattern:
//
//   const home = await newHome();
//   await withApp(home, async (app) => { ... app.$('button=New case') ... });
//
// The app gets its own data folder (CASEFILE_HOME), so specs never touch a real case file and a
// restart is just a second withApp() on the same home.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const appBinary = process.env.CASEFILE_APP ?? path.join(repoRoot, 'target/debug/casefile-app');
export const cliBinary = process.env.CASEFILE_CLI ?? path.join(repoRoot, 'target/debug/casefile');
const artifacts = path.join(repoRoot, 'tests/e2e/artifacts');

/** A fresh, empty data folder: the app shows its first-start screen (choose a passphrase). */
export async function newEmptyHome() {
  return mkdtemp(path.join(tmpdir(), 'casefile-e2e-'));
}

/** A fresh data folder holding an empty case file without a passphrase: the app opens straight
 * to its welcome screen. */
export async function newHome() {
  const home = await newEmptyHome();
  cli(home, 'case', 'list');
  return home;
}

/** Runs the real `casefile` CLI against `home` and returns its parsed --json output. */
export function cli(home, ...args) {
  const result = spawnSync(cliBinary, ['--home', home, '--no-passphrase', '--json', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`casefile ${args.join(' ')} exited ${result.status}: ${result.stdout}${result.stderr}`);
  return JSON.parse(result.stdout);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForDriver(port, driver, output) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) throw new Error(`tauri-driver exited early (${driver.exitCode}):\n${output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not start on port ${port}:\n${output()}`);
}

/**
 * Starts Casefile on `home`, runs `fn(app)` with a WebdriverIO browser attached to its window,
 * then closes the app. On failure, saves a screenshot in tests/e2e/artifacts/.
 */
export async function withApp(home, fn, { name = 'app' } = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  let log = '';
  // The driver gets a process group of its own, so that closing the app below ends the driver,
  // WebKitWebDriver and the app together: a survivor holding the output pipe would keep this test
  // file's process alive and the run would never finish.
  const driver = spawn(process.env.TAURI_DRIVER ?? 'tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    // The window's remembered size and place (the app's configuration folder) go with the home,
    // so each test's first window opens at the app's own first size.
    env: { ...process.env, CASEFILE_HOME: home, XDG_CONFIG_HOME: `${home}-config` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  driver.stdout.on('data', (d) => (log += d));
  driver.stderr.on('data', (d) => (log += d));
  let app;
  try {
    await waitForDriver(port, driver, () => log);
    app = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      connectionRetryCount: 0,
      waitforTimeout: 20_000,
      capabilities: { 'tauri:options': { application: appBinary } },
    });
    await app.setTimeout({ implicit: 0 });
    await app.$('h1=Casefile').waitForDisplayed({ timeout: 20_000 });
    return await fn(app);
  } catch (error) {
    if (app) {
      await mkdir(artifacts, { recursive: true });
      const file = path.join(artifacts, `${name}-${Date.now()}.png`);
      await app.saveScreenshot(file).catch(() => {});
      error.message += `\n(screenshot: ${file})`;
    }
    error.message += `\n--- tauri-driver output ---\n${log}`;
    throw error;
  } finally {
    await withTimeout(app?.deleteSession(), 10_000).catch(() => {});
    await endProcessGroup(driver);
  }
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    Promise.resolve(promise),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Asks the driver's whole process group to stop, then kills what is left after five seconds. */
async function endProcessGroup(child) {
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  };
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
  signalGroup('SIGTERM');
  await withTimeout(exited, 5_000).catch(() => {});
  signalGroup('SIGKILL');
  child.stdout?.destroy();
  child.stderr?.destroy();
}

/** Keeps a screenshot of the window as a test artefact (tests/e2e/artifacts/NAME.png), for a
 * person to look at. */
export async function keepScreenshot(app, name) {
  await mkdir(artifacts, { recursive: true });
  await app.saveScreenshot(path.join(artifacts, `${name}.png`));
}

/** Types into the field whose <label> reads `label`. */
export async function fillByLabel(app, label, value) {
  const labelEl = await app.$(`label=${label}`);
  const id = await labelEl.getAttribute('for');
  const input = id ? await app.$(`#${id}`) : await labelEl.$('input');
  await input.setValue(value);
  return input;
}

/**
 * The system's Open or Save dialog (`kind` "open" or "save") answers `answer` from now on, as if
 * the person had chosen those files: WebDriver cannot drive the system's dialogs. Tauri's calls
 * are frozen, so the answer is given where the call leaves the page (its IPC request); every
 * other call goes through to the app as before.
 */
export async function answerDialog(app, kind, answer) {
  await app.execute(
    (command, value) => {
      const answers = (window.__dialogAnswers ??= {});
      answers[command] = value;
      if (window.__realFetch) return;
      const realFetch = window.fetch.bind(window);
      window.__realFetch = realFetch;
      window.fetch = (input, init) => {
        const url = decodeURIComponent(typeof input === 'string' ? input : input.url);
        const asked = Object.keys(answers).find((c) => url.endsWith(`/${c}`));
        if (!asked) return realFetch(input, init);
        return Promise.resolve(
          new Response(JSON.stringify(answers[asked]), { headers: { 'Content-Type': 'application/json', 'Tauri-Response': 'ok' } }),
        );
      };
    },
    `plugin:dialog|${kind}`,
    answer,
  );
}
