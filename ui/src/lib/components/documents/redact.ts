// What the family chose in a redaction review, as the request the core takes.
import type { FoundToRedact, RedactRequest } from '../../api';

export type PageArea = RedactRequest['areas'][number];

/** The key of one place found: its document and its place in the list. */
export const placeKey = (documentId: number, index: number) => `${documentId}:${index}`;

/** Every place found in `found`, as keys: all are chosen until the family says otherwise. */
export const allPlaces = (found: FoundToRedact[]) => found.flatMap((f) => f.occurrences.map((_, i) => placeKey(f.document.id, i)));

/**
 * The request for one document: a name every place of which is chosen goes as the name (so the
 * copy is also checked for it, and its forms, when read back); the places of a name only some of
 * which are chosen go as their boxes, so the others are kept. `marked` are areas drawn on the
 * page. `null` when nothing in it is chosen.
 */
export function requestFor(found: FoundToRedact, chosen: ReadonlySet<string>, marked: PageArea[], reason: string, dropSignatures: boolean): RedactRequest | null {
  const picked = found.occurrences.map((_, i) => chosen.has(placeKey(found.document.id, i)));
  const names = [...new Set(found.occurrences.map((o) => o.asked))];
  const words = names.filter((n) => found.occurrences.every((o, i) => o.asked !== n || picked[i]));
  const areas = [...found.occurrences.filter((o, i) => picked[i] && !words.includes(o.asked)).flatMap((o) => o.areas), ...marked];
  if (words.length === 0 && areas.length === 0) return null;
  return { words, areas, reason, drop_signatures: dropSignatures };
}

/** `context` in three parts around the first place `found` stands in it, to show it marked. */
export function around(context: string, found: string): [string, string, string] {
  const at = context.toLowerCase().indexOf(found.toLowerCase());
  if (at < 0) return [context, '', ''];
  return [context.slice(0, at), context.slice(at, at + found.length), context.slice(at + found.length)];
}
