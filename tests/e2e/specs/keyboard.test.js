// A keyboard-only pass through the real window, as a parent who cannot use a mouse would go:
// first start, a new case, provision added and a session logged, then search opened and closed
// with Esc. Only key presses are sent; each step checks where the keyboard is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepScreenshot, newEmptyHome, withApp } from '../lib/app.js';

const PASSPHRASE = 'orange harbour twelve';

/** What has the keyboard: its id, its text and its accessible label. */
const focused = (app) =>
  app.execute(() => {
    const a = document.activeElement;
    return { id: a?.id ?? '', text: (a?.textContent ?? '').trim().replace(/\s+/g, ' '), tag: a?.tagName ?? '' };
  });

/** Presses Tab until the keyboard is on what `wanted` matches (by id or by text), at most `max` times. */
async function tabTo(app, wanted, max = 40, back = false) {
  for (let i = 0; i < max; i += 1) {
    const now = await focused(app);
    if (wanted.test(now.id) || wanted.test(now.text)) return i;
    await app.keys(back ? ['Shift', 'Tab'] : ['Tab']);
  }
  throw new Error(`${wanted} was not reached in ${max} Tab presses (the keyboard is on ${JSON.stringify(await focused(app))})`);
}

// One key press per call: in one action, WebKit's driver drops the second of two equal letters.
async function typeKeys(app, text) {
  for (const key of text) await app.keys([key]);
}

test('first start, a new case, provision and a logged session, by keyboard alone', async () => {
  const home = await newEmptyHome();
  await withApp(home, async (app) => {
    // A maximised window on a 768-pixel laptop screen.
    await app.setWindowSize(1366, 700);
    // First start: the keyboard is already in the passphrase box.
    await app.$('h2=Protect your case files').waitForDisplayed();
    await app.waitUntil(async () => (await focused(app)).id === 'setup-passphrase', { timeoutMsg: 'the passphrase box has the keyboard on first start' });
    await typeKeys(app, PASSPHRASE);
    await tabTo(app, /^setup-confirm$/, 3);
    await typeKeys(app, PASSPHRASE);
    await app.keys(['Enter']);
    await app.$('[aria-label="Recovery key"]').waitForDisplayed({ timeout: 20_000 });
    await tabTo(app, /^I have kept the recovery key safe, away from this computer$|^recovery-kept$/);
    await app.keys([' ']);
    await tabTo(app, /^Continue$/);
    await app.keys(['Enter']);

    // A new case: after "Create a case" the keyboard is in the child's name.
    await app.$('h2=Welcome to Casefile').waitForDisplayed();
    await tabTo(app, /^Create a case$/);
    await app.keys(['Enter']);
    await app.waitUntil(async () => (await focused(app)).id === 'child_name', { timeoutMsg: "the child's name has the keyboard after Create a case" });
    await typeKeys(app, 'Sam Keyboard');
    await tabTo(app, /^Create case$/);
    await app.keys(['Enter']);
    await app.$('#case-heading').waitForDisplayed();
    assert.equal(await app.$('#case-heading').getText(), 'Sam Keyboard');

    // Provision: "Add provision…" puts the keyboard in the form's first box.
    // After Create case the keyboard is on the case's heading; the tabs are one stop, and the
    // arrow keys move between them.
    assert.equal((await focused(app)).id, 'case-heading');
    await tabTo(app, /^Details$/, 3);
    await app.keys(['ArrowRight']);
    await app.keys(['ArrowRight']);
    assert.equal((await focused(app)).text, 'Provision');
    await app.keys(['Enter']);
    await tabTo(app, /^Add provision…$/);
    await app.keys(['Enter']);
    await app.waitUntil(async () => (await focused(app)).id === 'prov-title', { timeoutMsg: 'the provision name has the keyboard' });
    await typeKeys(app, 'Speech therapy');
    await tabTo(app, /^prov-minutes$/);
    await app.keys(['Control', 'a']);
    await typeKeys(app, '30');
    await tabTo(app, /^prov-from-day$/);
    await typeKeys(app, '1');
    await app.keys(['Tab']);
    await typeKeys(app, '9');
    await app.keys(['Tab']);
    await typeKeys(app, '2026');
    await tabTo(app, /^Add provision$/);
    await app.keys(['Enter']);
    const card = await app.$('article.provision*=Speech therapy');
    await card.waitForDisplayed();
    // Back on the button that opened the form.
    await app.waitUntil(async () => (await focused(app)).id === 'add-provision', { timeoutMsg: 'the keyboard is back on Add provision' });

    // A session: "Log a session" puts the keyboard in the date's Day box; saving returns it.
    await tabTo(app, /^Log a session/, 60);
    const opener = (await focused(app)).id;
    await app.keys(['Enter']);
    await app.waitUntil(async () => /-date-day$/.test((await focused(app)).id), { timeoutMsg: "the session date's Day box has the keyboard" });
    await app.keys(['Control', 'a']);
    await typeKeys(app, '24');
    await app.keys(['Tab']);
    await app.keys(['Control', 'a']);
    await typeKeys(app, '11');
    await app.keys(['Tab']);
    await app.keys(['Control', 'a']);
    await typeKeys(app, '2026');
    await tabTo(app, /^Save session$/);
    await app.keys(['Enter']);
    await app.waitUntil(async () => (await focused(app)).id === opener, { timeoutMsg: 'the keyboard is back on Log a session' });
    await app.pause(700);
    await keepScreenshot(app, 'keyboard-session-logged');

    // Search opens with Ctrl+K and closes with Esc, words typed or not.
    await app.keys(['Control', 'k']);
    await app.$('#palette-query').waitForDisplayed();
    await typeKeys(app, 'therapy');
    await app.pause(300);
    await app.keys(['Escape']);
    await app.$('#palette-query').waitForDisplayed({ reverse: true, timeoutMsg: 'Esc closes the search' });
    // The session was stored: the card's list of sessions shows it.
    await tabTo(app, /^Sessions logged$/, 10, true);
    await app.keys(['Enter']);
    await app.waitUntil(async () => /Tue 24 Nov 2026/.test(await card.getText()), { timeoutMsg: 'the logged session is listed on the card' });
  }, { name: 'keyboard' });
});
