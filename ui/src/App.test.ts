import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import type { EntryDetails } from './lib/api';
import { installFakeBackend, makeCase, makeCaseDeadline } from './test/fake-backend';
import { seriousViolations } from './test/axe';
import App from './App.svelte';


describe('App', () => {
  it('welcomes a first-time user and creates a case that then shows in the list', async () => {
    const backend = installFakeBackend();
    const screen = await render(App);
    await expect.element(screen.getByRole('heading', { name: 'Welcome to Casefile' })).toBeVisible();
    await expect.element(screen.getByText('/home/parent/.local/share/Casefile')).toBeVisible();
    expect(await seriousViolations()).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Create a case' }));
    await userEvent.type(screen.getByLabelText("Child's name"), 'Maya Patel');
    await userEvent.click(screen.getByRole('button', { name: 'Create case' }));

    await expect.element(screen.getByRole('heading', { level: 2, name: 'Maya Patel' })).toHaveFocus();
    await expect.element(screen.getByRole('navigation').getByRole('button', { name: /Maya Patel/ })).toHaveAttribute('aria-current', 'true');
    await expect.element(screen.getByRole('status')).toHaveTextContent('Case created for Maya Patel.');
    expect(backend.cases).toHaveLength(1);
  });

  it('shows a refusal from the core without losing what was typed', async () => {
    installFakeBackend();
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: 'New case' }));
    await userEvent.type(screen.getByLabelText('School or setting (optional)'), 'Hill View');
    await userEvent.click(screen.getByRole('button', { name: 'Create case' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent("Enter the child's name.");
    await expect.element(screen.getByLabelText('School or setting (optional)')).toHaveValue('Hill View');
  });

  it('edits, archives and restores a case', async () => {
    installFakeBackend({ cases: [makeCase()] });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: /Maya Patel/ }));
    await expect.element(screen.getByText('Wed 14 Sep 2016')).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'Edit details' }));
    await userEvent.fill(screen.getByLabelText('School or setting (optional)'), 'Hill View Academy');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await expect.element(screen.getByText('Hill View Academy')).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'Archive case' }));
    await expect.element(screen.getByText('Archived', { exact: true })).toBeVisible();
    await expect.element(screen.getByText('No cases yet.')).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'Restore case' }));
    await expect.element(screen.getByRole('navigation').getByRole('button', { name: /Maya Patel/ })).toBeVisible();
  });

  it('opens the fictional demo case from the welcome screen', async () => {
    installFakeBackend();
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: 'Explore a demo case' }));
    await expect.element(screen.getByRole('heading', { level: 2, name: 'Robin Example (demo)' })).toBeVisible();
    await expect.element(screen.getByText('Demo case — fictional')).toBeVisible();
  });

  it('explains, instead of crashing, when the data file cannot be opened', async () => {
    installFakeBackend({
      status: {
        version: '0.1.0',
        data_folder: '/media/usb/Casefile',
        error: { kind: 'newer_schema', message: 'The file was written by a newer version of Casefile.', field: null, problems: [] },
        folder: 'plain',
        visit_case: null,
      },
    });
    const screen = await render(App);
    await expect.element(screen.getByRole('heading', { name: 'Casefile cannot open your case files' })).toBeVisible();
    await expect.element(screen.getByText('Nothing has been changed or deleted.')).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'New case' })).not.toBeInTheDocument();
  });

  it('puts a missing database back from a backup and takes back the documents stored since', async () => {
    const backend = installFakeBackend({
      status: {
        version: '0.1.0',
        data_folder: '/home/parent/.local/share/Casefile',
        error: { kind: 'missing_database', message: "The case file's database (casefile.db) is missing. Nothing in the folder has been changed.", field: null, problems: [] },
        folder: 'missing',
        visit_case: null,
      },
      cases: [makeCase({ id: 1, child_name: 'Maya Patel' })],
      openPaths: ['/home/parent/.local/share/Casefile/backups/casefile-20261130-090000-daily.db'],
      unlisted: ['c'.repeat(64)],
    });
    const screen = await render(App);
    await expect.element(screen.getByRole('heading', { name: 'Casefile cannot open your case files' })).toBeVisible();
    // The message already says nothing was changed: it is not said twice.
    expect(screen.container.textContent).not.toContain('Nothing has been changed or deleted.');
    await userEvent.click(screen.getByRole('button', { name: 'Restore from a backup…' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('1 document stored after that backup was taken back in as documents of Maya Patel.');
    expect(backend.calls.find((c) => c.command === 'restore_missing_database')?.args).toEqual({
      path: '/home/parent/.local/share/Casefile/backups/casefile-20261130-090000-daily.db',
      passphrase: null,
    });
    expect(backend.calls.find((c) => c.command === 'take_back_unlisted_documents')?.args).toEqual({ caseId: 1 });
    await expect.element(screen.getByRole('heading', { name: 'Casefile cannot open your case files' })).not.toBeInTheDocument();
  });

  it('puts a protected case file\'s missing database back with the passphrase already typed', async () => {
    const backend = installFakeBackend({
      status: {
        version: '0.1.0',
        data_folder: '/home/parent/.local/share/Casefile',
        error: { kind: 'locked', message: 'Casefile is locked. Type the passphrase to open the case files.', field: null, problems: [] },
        folder: 'protected',
        visit_case: null,
      },
      databaseMissing: true,
      cases: [makeCase({ id: 1, child_name: 'Maya Patel' })],
      openPaths: ['/home/parent/.local/share/Casefile/backups/casefile-20261130-090000-daily.db'],
    });
    const screen = await render(App);
    await userEvent.fill(screen.getByLabelText('Passphrase'), 'purple kettle seventeen');
    await userEvent.click(screen.getByRole('button', { name: 'Open case files' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent("The case file's database (casefile.db) is missing.");
    await expect.element(screen.getByText(/Choose the\s+newest one to put the database back/)).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Restore from a backup…' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('The database is back from the backup; the case files are open.');
    expect(backend.calls.find((c) => c.command === 'restore_missing_database')?.args).toEqual({
      path: '/home/parent/.local/share/Casefile/backups/casefile-20261130-090000-daily.db',
      passphrase: 'purple kettle seventeen',
    });
    await expect.element(screen.getByRole('heading', { name: 'Casefile is locked' })).not.toBeInTheDocument();
  });

  it('shows About Casefile from the first-start screen, with the version this is, and goes back', async () => {
    installFakeBackend({
      status: {
        version: '0.4.2',
        data_folder: '/home/parent/.local/share/Casefile',
        error: { kind: 'setup', message: 'Choose a passphrase to protect the case files on this computer.', field: null, problems: [] },
        folder: 'new',
        visit_case: null,
      },
    });
    const screen = await render(App);
    await expect.element(screen.getByRole('heading', { name: 'Protect your case files' })).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'About' }));
    await expect.element(screen.getByRole('heading', { name: 'About Casefile' })).toHaveFocus();
    await expect.element(screen.getByText('0.4.2')).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'About' })).toHaveAttribute('aria-current', 'page');
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await expect.element(screen.getByRole('heading', { name: 'Protect your case files' })).toBeVisible();
  });

  it('starts a new case with Ctrl+N', async () => {
    installFakeBackend();
    const screen = await render(App);
    await expect.element(screen.getByRole('heading', { name: 'Welcome to Casefile' })).toBeVisible();
    await userEvent.keyboard('{Control>}n{/Control}');
    await expect.element(screen.getByRole('heading', { name: 'New case' })).toBeVisible();
  });
});

describe('Today', () => {
  it('lists overdue council deadlines across cases and opens the case at its deadlines', async () => {
    installFakeBackend({
      cases: [makeCase()],
      today: [{ case_id: 1, child_name: 'Maya Patel', item: makeCaseDeadline() }],
    });
    const screen = await render(App);
    await expect.element(screen.getByRole('heading', { name: 'Today' })).toBeVisible();
    await expect.element(screen.getByText('Overdue by 177 days')).toBeVisible();
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: /Open Maya Patel’s deadlines/ }));
    await expect.element(screen.getByRole('tab', { name: 'Deadlines' })).toHaveAttribute('aria-selected', 'true');
    await expect.element(screen.getByText('No clocks yet.')).toBeVisible();
  });

  it('moves between the case tabs with the arrow keys', async () => {
    installFakeBackend({ cases: [makeCase()] });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: /Maya Patel/ }));
    await userEvent.click(screen.getByRole('tab', { name: 'Details' }));
    await userEvent.keyboard('{ArrowRight}');
    await expect.element(screen.getByRole('tab', { name: 'Deadlines' })).toHaveFocus();
    await expect.element(screen.getByRole('button', { name: 'Start a clock…' })).toBeVisible();
  });
});

describe('Calendar export', () => {
  it('saves the deadlines where the person chose and says where', async () => {
    const backend = installFakeBackend({
      cases: [makeCase()],
      deadlines: [makeCaseDeadline()],
      savePath: '/home/parent/Documents/Maya Patel deadlines.ics',
    });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: /Maya Patel/ }));
    await userEvent.click(screen.getByRole('tab', { name: 'Deadlines' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add to my calendar (.ics)…' }));
    await expect
      .element(screen.getByText(/Saved 1 dated deadlines to \/home\/parent\/Documents\/Maya Patel deadlines.ics/))
      .toBeVisible();
    const exportCall = backend.calls.find((c) => c.command === 'export_deadlines_ics');
    expect(exportCall?.args).toEqual({ caseId: 1, path: '/home/parent/Documents/Maya Patel deadlines.ics' });
  });

  it('writes nothing when the Save dialog is cancelled', async () => {
    const backend = installFakeBackend({ cases: [makeCase()], deadlines: [makeCaseDeadline()], savePath: null });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: /Maya Patel/ }));
    await userEvent.click(screen.getByRole('tab', { name: 'Deadlines' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add to my calendar (.ics)…' }));
    await expect.element(screen.getByRole('button', { name: 'Add to my calendar (.ics)…' })).toBeEnabled();
    expect(backend.calls.some((c) => c.command === 'plugin:dialog|save')).toBe(true);
    expect(backend.calls.some((c) => c.command === 'export_deadlines_ics')).toBe(false);
  });
});

describe('Chasing letter', () => {
  it('drafts a letter from a breached deadline, lets the parent edit it, and saves the edited text', async () => {
    const letterText = 'Dear Sir or Madam,\n\nThe final plan was due by 1 June 2026.\n';
    const backend = installFakeBackend({
      cases: [makeCase()],
      deadlines: [makeCaseDeadline()],
      savePath: '/home/parent/Documents/letter.txt',
      letter: { file_stem: 'Chasing letter - Maya Patel - 2026-11-25', subject: 'Maya Patel: Council issues the final EHC plan', text: letterText, reply_by: '2026-12-09' },
    });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: /Maya Patel/ }));
    await userEvent.click(screen.getByRole('tab', { name: 'Deadlines' }));
    await userEvent.click(screen.getByRole('button', { name: /Draft a chasing letter/ }));
    const editor = screen.getByLabelText(/Letter: Maya Patel/);
    await expect.element(editor).toHaveValue(letterText);
    await expect.element(screen.getByText('Wed 9 Dec 2026')).toBeVisible();
    await userEvent.type(editor, 'Signed, A parent');
    await userEvent.click(screen.getByRole('button', { name: 'Save as a text file…' }));
    await expect.element(screen.getByText('Saved the letter to /home/parent/Documents/letter.txt.')).toBeVisible();
    const saved = backend.calls.find((c) => c.command === 'save_text_file');
    expect((saved?.args as { text: string }).text).toBe(`${letterText}Signed, A parent`);

    backend.savePath = '/home/parent/Documents/letter.pdf';
    await userEvent.click(screen.getByRole('button', { name: 'Save as PDF…' }));
    await expect.element(screen.getByText('Saved a 1-page PDF to /home/parent/Documents/letter.pdf.')).toBeVisible();
    const pdf = backend.calls.find((c) => c.command === 'save_letter_pdf');
    expect(pdf?.args).toEqual({ path: '/home/parent/Documents/letter.pdf', title: 'Maya Patel: Council issues the final EHC plan', text: `${letterText}Signed, A parent` });
    expect(await seriousViolations()).toEqual([]);
  });
});

describe('Correspondence', () => {
  it('logs a phone call with a follow-up date and lists it', async () => {
    const backend = installFakeBackend({ cases: [makeCase()] });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: /Maya Patel/ }));
    await userEvent.click(screen.getByRole('tab', { name: 'Correspondence' }));
    await userEvent.click(screen.getByRole('button', { name: 'Log a letter, email or call…' }));
    const when = screen.getByRole('group', { name: 'When' });
    await userEvent.fill(when.getByLabelText('Day'), '20');
    await userEvent.fill(when.getByLabelText('Month'), '11');
    await userEvent.fill(when.getByLabelText('Year'), '2026');
    await userEvent.type(screen.getByLabelText('Time (optional)'), '14:05');
    await userEvent.type(screen.getByLabelText('Who with (optional)'), 'Jo Hill');
    await userEvent.type(screen.getByLabelText('Summary or full note'), 'Jo said the draft plan comes next week.');
    const follow = screen.getByRole('group', { name: 'Follow up by (optional)' });
    await userEvent.type(follow.getByLabelText('Day'), '27');
    await userEvent.type(follow.getByLabelText('Month'), '11');
    await userEvent.type(follow.getByLabelText('Year'), '2026');
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Save entry' }));

    await expect.element(screen.getByRole('heading', { name: 'Phone call to Jo Hill' })).toBeVisible();
    await expect.element(screen.getByText('Follow up by Fri 27 Nov 2026')).toBeVisible();
    const saved = backend.calls.find((c) => c.command === 'add_entry');
    expect((saved?.args as { details: EntryDetails }).details).toMatchObject({
      occurred_on: '2026-11-20', occurred_time: '14:05', channel: 'phone', direction: 'out', party: 'Jo Hill', follow_up_by: '2026-11-27',
    });
  });

  it('keeps the form and explains when the core refuses an empty note', async () => {
    installFakeBackend({ cases: [makeCase()] });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: /Maya Patel/ }));
    await userEvent.click(screen.getByRole('tab', { name: 'Correspondence' }));
    await userEvent.click(screen.getByRole('button', { name: 'Log a letter, email or call…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save entry' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('Write a short summary or note');
    await expect.element(screen.getByLabelText('Summary or full note')).toHaveFocus();
  });
});

describe('Documents', () => {
  it('imports files chosen in the Open dialog, reports each one, and finds them by a word', async () => {
    installFakeBackend({ cases: [makeCase()], openPaths: ['/home/parent/Decision letter.pdf', '/home/parent/notes.xyz'] });
    const screen = await render(App);
    await userEvent.click(screen.getByRole('button', { name: /Maya Patel/ }));
    await userEvent.click(screen.getByRole('tab', { name: 'Documents' }));
    await expect.element(screen.getByText(/No documents yet/)).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Import files…' }));
    await expect.element(screen.getByText('Imported Decision letter.pdf.')).toBeVisible();
    await expect.element(screen.getByText(/Not imported: Casefile cannot import .xyz files yet/)).toBeVisible();
    await expect.element(screen.getByRole('rowheader', { name: 'Decision letter' })).toBeVisible();
    await expect.element(screen.getByRole('status')).toHaveTextContent('1 of 2 files imported.');
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss these messages' }));
    await expect.element(screen.getByText('Imported Decision letter.pdf.')).not.toBeInTheDocument();
    await expect.element(screen.getByRole('list', { name: 'Import results' })).not.toBeInTheDocument();
    await expect.element(screen.getByRole('button', { name: 'Import files…' })).toHaveFocus();

    await userEvent.type(screen.getByLabelText('Search letters, reports and notes'), 'assessment');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await expect.element(screen.getByText('assessment', { exact: true })).toBeVisible();
    expect(await seriousViolations()).toEqual([]);
  });
});
