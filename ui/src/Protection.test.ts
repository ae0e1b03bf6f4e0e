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
      status: { version: '0.1.0', data_folder: folder, folder: 'new', error: { kind: 'setup', message: 'Choose a passphrase.', field: null, problems: [] }, visit_case: null },
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
    await userEvent.click(screen.getByLabelText('I have kept the recovery key safe, away from this computer'));
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await expect.element(screen.getByRole('heading', { name: 'Welcome to Casefile' })).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  });

  it('locks with the button and with Ctrl+L, shows no case while locked, and refuses a wrong passphrase', async () => {
    installFakeBackend({ cases: [makeCase({ child_name: 'Maya Patel' })], status: { version: '0.1.0', data_folder: folder, folder: 'protected', error: null, visit_case: null } });
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
    const backend = installFakeBackend({ status: { version: '0.1.0', data_folder: folder, folder: 'protected', error: null, visit_case: null } });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: 'Privacy' }));
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
    await userEvent.click(screen.getByRole('button', { name: 'Privacy' }));
    await userEvent.type(screen.getByLabelText('Passphrase', { exact: true }), 'purple kettle seventeen');
    await userEvent.type(screen.getByLabelText('Type it again'), 'purple kettle seventeen');
    await userEvent.click(screen.getByRole('button', { name: 'Protect with a passphrase' }));
    await expect.element(screen.getByLabelText('Recovery key', { exact: true })).toHaveTextContent(RECOVERY_KEY);
  });

  it('visit mode shows one case until it is ended with the passphrase', async () => {
    installFakeBackend({
      cases: [makeCase({ id: 1, child_name: 'Maya Patel' }), makeCase({ id: 2, child_name: 'Leo Grant' })],
      status: { version: '0.1.0', data_folder: folder, folder: 'protected', error: null, visit_case: null },
    });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: 'Privacy' }));
    await userEvent.selectOptions(screen.getByLabelText('Case to show'), 'Leo Grant');
    await userEvent.click(screen.getByRole('button', { name: 'Start visit mode' }));
    await expect.element(screen.getByRole('heading', { level: 2, name: 'Leo Grant' })).toBeVisible();
    await expect.element(screen.getByRole('note', { name: 'Visit mode' })).toBeVisible();
    expect(document.querySelector('nav')?.textContent).not.toContain('Maya Patel');
    await expect.element(screen.getByRole('button', { name: 'New case' })).not.toBeInTheDocument();
    await expect.element(screen.getByRole('button', { name: 'Privacy' })).not.toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);

    // Home during a visit: no case can be created there, by button or by Ctrl+N.
    await userEvent.click(screen.getByRole('button', { name: 'Today' }));
    await expect.element(screen.getByText("Visit mode shows only the family's case: open it from the list.")).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Create a case' })).not.toBeInTheDocument();
    await userEvent.keyboard('{Control>}n{/Control}');
    await expect.element(screen.getByRole('status')).toHaveTextContent('Visit mode shows only this case. End visit mode to create a case.');
    await expect.element(screen.getByRole('heading', { name: 'New case' })).not.toBeInTheDocument();

    // Locked and unlocked during the visit: the family's case opens again, and only it.
    await userEvent.keyboard('{Control>}l{/Control}');
    await userEvent.type(screen.getByLabelText('Passphrase'), 'purple kettle seventeen');
    await userEvent.click(screen.getByRole('button', { name: 'Open case files' }));
    await expect.element(screen.getByRole('heading', { level: 2, name: 'Leo Grant' })).toBeVisible();
    expect(document.querySelector('nav')?.textContent).not.toContain('Maya Patel');

    // Ending the visit can be thought better of.
    await userEvent.click(screen.getByRole('button', { name: 'End visit mode' }));
    await userEvent.type(screen.getByLabelText('Passphrase'), 'half typed');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await expect.element(screen.getByLabelText('Passphrase')).not.toBeInTheDocument();
    await expect.element(screen.getByRole('button', { name: 'End visit mode' })).toHaveFocus();

    await userEvent.click(screen.getByRole('button', { name: 'End visit mode' }));
    await expect.element(screen.getByLabelText('Passphrase')).toHaveValue('');
    await userEvent.type(screen.getByLabelText('Passphrase'), 'a guess by someone');
    await userEvent.click(screen.getByRole('button', { name: 'End visit mode' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('does not open');
    expect(document.querySelector('nav')?.textContent).not.toContain('Maya Patel');

    await userEvent.clear(screen.getByLabelText('Passphrase'));
    await userEvent.type(screen.getByLabelText('Passphrase'), 'purple kettle seventeen');
    await userEvent.click(screen.getByRole('button', { name: 'End visit mode' }));
    await expect.element(screen.getByRole('navigation').getByRole('button', { name: /Maya Patel/ })).toBeVisible();
  });

  it('starts a visit from the side bar with the case that is open, or asks which case', async () => {
    installFakeBackend({
      cases: [makeCase({ id: 1, child_name: 'Maya Patel' }), makeCase({ id: 2, child_name: 'Leo Grant' })],
      status: { version: '0.1.0', data_folder: folder, folder: 'protected', error: null, visit_case: null },
    });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: 'Start a visit' }));
    await expect.element(screen.getByLabelText('Case to show')).toHaveFocus();

    await userEvent.click(screen.getByRole('navigation').getByRole('button', { name: /Leo Grant/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Start a visit' }));
    await expect.element(screen.getByRole('note', { name: 'Visit mode' })).toBeVisible();
    await expect.element(screen.getByRole('heading', { level: 2, name: 'Leo Grant' })).toBeVisible();
    expect(document.querySelector('nav')?.textContent).not.toContain('Maya Patel');
    await expect.element(screen.getByRole('button', { name: 'Start a visit' })).not.toBeInTheDocument();
  });

  it('hands a case over to a file chosen in the Save dialog, under its own passphrase', async () => {
    const backend = installFakeBackend({ cases: [makeCase({ id: 4, child_name: 'Maya Patel' })], savePath: '/media/usb/maya.casefile' });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: 'Privacy' }));
    await userEvent.selectOptions(screen.getByLabelText('Case', { exact: true }), 'Maya Patel');
    await userEvent.type(screen.getByLabelText('Passphrase for the file'), 'orange ladder ninety');
    await userEvent.type(screen.getByLabelText("Type the file's passphrase again"), 'orange ladder ninety');
    await userEvent.click(screen.getByRole('button', { name: 'Save hand-over file…' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent(/is saved, encrypted, in \/media\/usb\/maya.casefile/);
    const call = backend.calls.find((c) => c.command === 'export_case_handover');
    expect(call?.args).toMatchObject({ caseId: 4, path: '/media/usb/maya.casefile', passphrase: 'orange ladder ninety' });
  });

  it('backs up now, and restores a backup only after saying what will be undone', async () => {
    const backend = installFakeBackend({
      cases: [makeCase({ id: 1, child_name: 'Maya Patel' }), makeCase({ id: 2, child_name: 'Leo Grant' })],
      backups: [{ path: '/data/backups/casefile-20261124-090000-daily.db', made: '2026-11-24 09:00:00', reason: 'daily', bytes: 8192 }],
    });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: 'Privacy' }));
    await expect.element(screen.getByText('2026-11-24 09:00:00 UTC, daily')).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Back up now' }));
    await expect.element(screen.getByText('2026-11-25 10:00:00 UTC, made by hand')).toBeVisible();
    expect(await seriousViolations()).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Restore the backup of 2026-11-24 09:00:00' }));
    await expect.element(screen.getByText(/Everything changed since then will be undone/)).toBeVisible();
    expect(backend.calls.some((c) => c.command === 'restore_backup')).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'Restore this backup' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('The case files are back as the backup had them.');
    expect(backend.calls.find((c) => c.command === 'restore_backup')?.args).toEqual({ path: '/data/backups/casefile-20261124-090000-daily.db' });
    await expect.element(screen.getByText('2026-11-25 10:05:00 UTC, before a restore')).toBeVisible();
    expect(document.querySelector('nav')?.textContent).not.toContain('Leo Grant');
  });

  it('after restoring an older backup, offers to take back the documents stored since, and does', async () => {
    const backend = installFakeBackend({
      cases: [makeCase({ id: 1, child_name: 'Maya Patel' }), makeCase({ id: 2, child_name: 'Leo Grant' })],
      backups: [{ path: '/data/backups/casefile-20261124-090000-daily.db', made: '2026-11-24 09:00:00', reason: 'daily', bytes: 8192 }],
      unlisted: ['a'.repeat(64), 'b'.repeat(64)],
    });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: 'Privacy' }));
    await userEvent.click(screen.getByRole('button', { name: 'Restore the backup of 2026-11-24 09:00:00' }));
    await userEvent.click(screen.getByRole('button', { name: 'Restore this backup' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('2 documents were stored after this backup was made');
    const region = screen.getByRole('region', { name: 'Documents stored after this backup' });
    await expect.element(region).toHaveTextContent('Nothing has been deleted');
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(region.getByRole('button', { name: 'Take them back in' }));
    expect(backend.calls.find((c) => c.command === 'take_back_unlisted_documents')?.args).toEqual({ caseId: 1 });
    await expect.element(screen.getByRole('status')).toHaveTextContent('2 documents taken back in.');
    await expect.element(screen.getByRole('region', { name: 'Documents stored after this backup' })).not.toBeInTheDocument();
  });

  it('restores a new computer from an export file, asking for its passphrase, then shows the locked screen', async () => {
    const backend = installFakeBackend({
      openPaths: ['/media/usb/Casefile export 2026-11-25.zip'],
      status: { version: '0.1.0', data_folder: folder, folder: 'new', error: { kind: 'setup', message: 'Choose a passphrase.', field: null, problems: [] }, visit_case: null },
    });
    const screen = await render(App);
    await userEvent.click(screen.getByText('Moving from another computer? Restore from an export file'));
    await userEvent.click(screen.getByRole('button', { name: 'Choose an export file…' }));
    await expect.element(screen.getByText('/media/usb/Casefile export 2026-11-25.zip')).toBeVisible();
    await userEvent.type(screen.getByLabelText('The passphrase of the case files in it'), 'not it at all');
    await userEvent.click(screen.getByRole('button', { name: 'Restore the case files' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('does not open');
    await userEvent.clear(screen.getByLabelText('The passphrase of the case files in it'));
    await userEvent.type(screen.getByLabelText('The passphrase of the case files in it'), 'purple kettle seventeen');
    await userEvent.click(screen.getByRole('button', { name: 'Restore the case files' }));
    await expect.element(screen.getByRole('heading', { name: 'Casefile is locked' })).toBeVisible();
    expect(backend.calls.filter((c) => c.command === 'restore_from_export')).toHaveLength(2);
  });
});
