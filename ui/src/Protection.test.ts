// Encryption at rest on screen: first-start set-up with the recovery sheet, the locked screen,
// Lock and Ctrl+L hiding every case, and changing the passphrase.
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { installFakeBackend, makeCase, RECOVERY_KEY } from './test/fake-backend';
import { seriousViolations } from './test/axe';
import App from './App.svelte';

const folder = '/home/parent/.local/share/Casefile';

describe('Protection', () => {
  it('asks for a passphrase at first start, shows the recovery key once, and only then opens', async () => {
    const backend = installFakeBackend({
      status: { version: '0.1.0', data_folder: folder, folder: 'new', error: { kind: 'setup', message: 'Choose a passphrase.', field: null } },
    });
    const screen = await render(App);
    await expect.element(screen.getByRole('heading', { name: 'Protect your case files' })).toBeVisible();
    expect(await seriousViolations()).toEqual([]);

    await userEvent.type(screen.getByLabelText('Passphrase', { exact: true }), 'purple kettle seventeen');
    await userEvent.type(screen.getByLabelText('Type it again'), 'purple kettle eighteen');
    await userEvent.click(screen.getByRole('button', { name: 'Protect and continue' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('not the same');
    expect(backend.calls.some((c) => c.command === 'set_up_case_file')).toBe(false);

    await userEvent.clear(screen.getByLabelText('Type it again'));
    await userEvent.type(screen.getByLabelText('Type it again'), 'purple kettle seventeen');
    await userEvent.click(screen.getByRole('button', { name: 'Protect and continue' }));
    await expect.element(screen.getByRole('heading', { name: 'Your recovery key' })).toHaveFocus();
    await expect.element(screen.getByLabelText('Recovery key', { exact: true })).toHaveTextContent(RECOVERY_KEY);
    await expect.element(screen.getByRole('button', { name: 'Continue' })).toBeDisabled();
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(screen.getByLabelText('I have printed or written down the recovery key'));
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await expect.element(screen.getByRole('heading', { name: 'Welcome to Casefile' })).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  });

  it('locks with the button and with Ctrl+L, shows no case while locked, and refuses a wrong passphrase', async () => {
    installFakeBackend({ cases: [makeCase({ child_name: 'Maya Patel' })], status: { version: '0.1.0', data_folder: folder, folder: 'protected', error: null } });
    const screen = await render(App);
    await expect.element(screen.getByRole('navigation').getByRole('button', { name: /Maya Patel/ })).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'Lock', exact: true }));
    await expect.element(screen.getByRole('heading', { name: 'Casefile is locked' })).toBeVisible();
    expect(document.body.textContent).not.toContain('Maya Patel');
    expect(await seriousViolations()).toEqual([]);

    await userEvent.type(screen.getByLabelText('Passphrase'), 'not the passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Open case files' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('does not open');
    await expect.element(screen.getByRole('alert')).toHaveFocus();

    await userEvent.clear(screen.getByLabelText('Passphrase'));
    await userEvent.type(screen.getByLabelText('Passphrase'), 'purple kettle seventeen');
    await userEvent.click(screen.getByRole('button', { name: 'Open case files' }));
    await expect.element(screen.getByRole('navigation').getByRole('button', { name: /Maya Patel/ })).toBeVisible();

    await userEvent.keyboard('{Control>}l{/Control}');
    await expect.element(screen.getByRole('heading', { name: 'Casefile is locked' })).toBeVisible();
    expect(document.body.textContent).not.toContain('Maya Patel');
  });

  it('changes the passphrase, and explains a wrong current one', async () => {
    const backend = installFakeBackend({ status: { version: '0.1.0', data_folder: folder, folder: 'protected', error: null } });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: 'Passphrase and lock' }));
    await expect.element(screen.getByRole('heading', { name: 'Passphrase and lock' })).toBeVisible();
    expect(await seriousViolations()).toEqual([]);

    await userEvent.type(screen.getByLabelText('Current passphrase'), 'wrong one here');
    await userEvent.type(screen.getByLabelText('New passphrase'), 'green door forty two');
    await userEvent.type(screen.getByLabelText('Type it again'), 'green door forty two');
    await userEvent.click(screen.getByRole('button', { name: 'Change the passphrase' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('does not open');

    await userEvent.clear(screen.getByLabelText('Current passphrase'));
    await userEvent.type(screen.getByLabelText('Current passphrase'), 'purple kettle seventeen');
    await userEvent.click(screen.getByRole('button', { name: 'Change the passphrase' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('The passphrase is changed.');
    expect(backend.passphrase).toBe('green door forty two');
  });

  it('protects a case file that had no passphrase and shows its recovery key', async () => {
    installFakeBackend();
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: 'Passphrase and lock' }));
    await userEvent.type(screen.getByLabelText('Passphrase', { exact: true }), 'purple kettle seventeen');
    await userEvent.type(screen.getByLabelText('Type it again'), 'purple kettle seventeen');
    await userEvent.click(screen.getByRole('button', { name: 'Protect with a passphrase' }));
    await expect.element(screen.getByLabelText('Recovery key', { exact: true })).toHaveTextContent(RECOVERY_KEY);
  });
});
