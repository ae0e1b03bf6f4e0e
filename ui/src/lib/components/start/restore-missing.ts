// Putting back a database that went missing, from the start screens: the problem screen of a
// plain case file and the locked screen of a protected one share it.
import { api } from '../../api';

/**
 * Asks for a backup file and puts the missing database back from it (a protected case file's
 * with its `passphrase`), then takes back the documents stored after that backup when there is
 * one case to give them to. Returns what happened, to be announced; null when the person
 * closed the Open dialog.
 */
export async function restoreMissingDatabase(passphrase: string | null): Promise<string | null> {
  const path = await api.chooseBackupFile();
  if (!path) return null;
  const report = await api.restoreMissingDatabase(path, passphrase);
  let what = 'The database is back from the backup; the case files are open.';
  const newer = report.orphans.length;
  if (newer > 0) {
    // Documents stored after that backup: with one case, they are its; otherwise the family
    // chooses (they stay safely in the folder until then).
    const cases = await api.listCases('active');
    if (cases.length === 1) {
      await api.takeBackUnlistedDocuments(cases[0]!.id);
      what += ` ${newer} document${newer === 1 ? '' : 's'} stored after that backup ${newer === 1 ? 'was' : 'were'} taken back in as documents of ${cases[0]!.child_name}.`;
    } else {
      what += ` ${newer} document${newer === 1 ? '' : 's'} stored after that backup ${newer === 1 ? 'is' : 'are'} still in the folder; take them back in with casefile quarantine --case ID after casefile check --repair.`;
    }
  }
  return what;
}
