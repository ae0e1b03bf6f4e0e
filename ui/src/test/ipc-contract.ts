// Reads the two sides of the contract between the window and the core from their source text:
// the commands Rust registers and the arguments each takes, and the calls api.ts makes. Only
// what the contract needs is understood; anything else that looks like a command but cannot be
// read is reported, so that a change of style fails loudly instead of passing unchecked.

/** One `#[tauri::command]` function: its name, where it is, and the names the window must send. */
export interface RustCommand {
  name: string;
  file: string;
  /** The argument names as they travel over IPC (camelCase unless the command renames them). */
  args: string[];
}

/** One `call('name', { … })` in api.ts. */
export interface ApiCall {
  command: string;
  /** The object keys passed; null when the call passes no arguments object. */
  args: string[] | null;
  line: number;
}

// Parameters Tauri fills in itself; the window never sends them.
const INJECTED_TYPES = new Set(['State', 'AppHandle', 'Window', 'WebviewWindow', 'Webview', 'CommandScope', 'GlobalScope']);

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
const CLOSE = new Set([')', ']', '}', '>']);
const isIdent = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

/**
 * Rust source with comments removed and the insides of string and character literals made
 * harmless (brackets, commas and slashes in them replaced), so that brackets can be counted.
 * Lengths and line breaks are kept, so positions still point at the same lines.
 */
export function stripRust(src: string): string {
  const out: string[] = [];
  const mask = (text: string) => text.replace(/[^\n]/g, (c) => (/[()[\]{}<>,#/'"]/.test(c) ? '_' : c));
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      const end = src.indexOf('\n', i);
      const stop = end === -1 ? src.length : end;
      out.push(' '.repeat(stop - i));
      i = stop;
    } else if (c === '/' && next === '*') {
      // Rust block comments nest.
      let depth = 0;
      let j = i;
      do {
        if (src.startsWith('/*', j)) (depth++, (j += 2));
        else if (src.startsWith('*/', j)) (depth--, (j += 2));
        else j++;
      } while (depth > 0 && j < src.length);
      out.push(src.slice(i, j).replace(/[^\n]/g, ' '));
      i = j;
    } else if (!isIdent(src[i - 1]) && /^b?r#*"/.test(src.slice(i, i + 40))) {
      const head = /^b?r(#*)"/.exec(src.slice(i))!;
      const close = `"${head[1]}`;
      const end = src.indexOf(close, i + head[0].length);
      const stop = end === -1 ? src.length : end + close.length;
      out.push(head[0] + mask(src.slice(i + head[0].length, stop - close.length)) + close);
      i = stop;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out.push('"' + mask(src.slice(i + 1, j)) + '"');
      i = j + 1;
    } else if (c === "'") {
      // A character literal ('a', '\n', '\u{1F600}'), or else a lifetime ('_, 'a) left as it is.
      const literal = /^'(?:\\(?:u\{[0-9A-Fa-f]+\}|x[0-9A-Fa-f]{2}|.)|[^'\\\n])'/u.exec(src.slice(i, i + 16));
      if (literal) {
        out.push("'" + mask(literal[0].slice(1, -1)) + "'");
        i += literal[0].length;
      } else {
        out.push(c);
        i++;
      }
    } else {
      out.push(c);
      i++;
    }
  }
  return out.join('');
}

/** The index just after the bracket that closes the one at `start`; `->` and `=>` are not brackets. */
function matching(text: string, start: number): number {
  const stack: string[] = [];
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if ((c === '-' || c === '=') && text[i + 1] === '>') {
      i++;
    } else if (c in OPEN) {
      stack.push(OPEN[c]!);
    } else if (CLOSE.has(c)) {
      if (stack.pop() !== c) throw new Error(`unbalanced "${c}" near: ${text.slice(start, i + 1).slice(-80)}`);
      if (stack.length === 0) return i + 1;
    }
  }
  throw new Error(`unclosed "${text[start]}" near: ${text.slice(start, start + 80)}`);
}

/** `text` split at the commas outside any brackets, each part trimmed, empty parts dropped. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ((c === '-' || c === '=') && text[i + 1] === '>') i++;
    else if (c in OPEN) depth++;
    else if (CLOSE.has(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.map((p) => p.trim()).filter(Boolean);
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** `case_id` → `caseId`, as Tauri renames command arguments by default. */
export function camelCase(name: string): string {
  const words = name.split('_').filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
}

/** The command names in `tauri::generate_handler![ … ]`, each the last segment of its path. */
export function handlerNames(libRs: string): string[] {
  const text = stripRust(libRs);
  const found = /generate_handler!\s*\[/.exec(text);
  if (!found) throw new Error('lib.rs has no tauri::generate_handler![ … ] list');
  const open = found.index + found[0].length - 1;
  const body = text.slice(open + 1, matching(text, open) - 1);
  return splitTopLevel(body).map((entry) => {
    const path = entry.replace(/#\[[^\]]*\]/g, '').replace(/\s+/g, '');
    if (!/^[A-Za-z_][\w]*(::[A-Za-z_]\w*)*$/.test(path)) throw new Error(`cannot read the handler entry "${entry}" in lib.rs`);
    return path.split('::').at(-1)!;
  });
}

/** Every `#[tauri::command]` function in `src` (one file), with the argument names the window must send. */
export function rustCommands(src: string, file: string): RustCommand[] {
  const text = stripRust(src);
  const commands: RustCommand[] = [];
  const attribute = /#\[\s*(?:tauri\s*::\s*)?command\b\s*(\([^\]]*\))?\s*\]/g;
  for (const m of text.matchAll(attribute)) {
    const after = text.slice(m.index + m[0].length);
    // Further attributes and doc comments (already blanked) may sit between it and the function.
    const head = /^(?:\s*#\[[^\]]*\])*\s*(?:pub(?:\s*\([^)]*\))?\s+)?(?:async\s+)?fn\s+([A-Za-z_]\w*)\s*/.exec(after);
    if (!head) {
      if (/^\s*(?:#\[[^\]]*\]\s*)*(?:pub\s+)?(?:struct|enum)\b/.test(after)) continue; // another crate's `#[command]` on a type
      throw new Error(`${file}:${lineOf(text, m.index)}: cannot read the function after ${m[0]}`);
    }
    const name = head[1]!;
    let at = m.index + m[0].length + head[0].length;
    if (text[at] === '<') at = matching(text, at);
    while (/\s/.test(text[at] ?? '')) at++;
    if (text[at] !== '(') throw new Error(`${file}:${lineOf(text, at)}: cannot find the parameters of ${name}`);
    const params = text.slice(at + 1, matching(text, at) - 1);

    const renameAll = /rename_all\s*=\s*"(\w+)"/.exec(m[1] ?? '')?.[1] ?? 'camelCase';
    if (renameAll !== 'camelCase' && renameAll !== 'snake_case') {
      throw new Error(`${file}: ${name} uses rename_all = "${renameAll}", which this check does not know`);
    }
    const args: string[] = [];
    for (const param of splitTopLevel(params)) {
      const p = /^(?:#\[[^\]]*\]\s*)*(?:mut\s+)?([A-Za-z_]\w*)\s*:\s*([\s\S]+)$/.exec(param);
      if (!p) throw new Error(`${file}: cannot read the parameter "${param}" of ${name}`);
      const type = p[2]!.replace(/\s+/g, ' ').trim();
      const typeName = /^(?:&\s*(?:'\w+\s*)?(?:mut\s+)?)?(?:[A-Za-z_]\w*\s*::\s*)*([A-Za-z_]\w*)/.exec(type)?.[1] ?? '';
      if (INJECTED_TYPES.has(typeName) || /\bipc\s*::\s*Request\b/.test(type)) continue;
      args.push(renameAll === 'snake_case' ? p[1]! : camelCase(p[1]!));
    }
    commands.push({ name, file, args });
  }
  return commands;
}

/** Every call the window makes through api.ts's `call` helper, with the keys of its arguments object. */
export function apiCalls(apiTs: string): ApiCall[] {
  const text = apiTs.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, (c) => ' '.repeat(c.length));
  const calls: ApiCall[] = [];
  const site = /(?<![\w.])call\s*(<(?:[^<>()]|<(?:[^<>()]|<[^<>()]*>)*>)*>)?\s*\(/g;
  for (const m of text.matchAll(site)) {
    if (/function\s+$/.test(text.slice(0, m.index))) continue; // the helper's own definition
    const open = m.index + m[0].length - 1;
    const inner = text.slice(open + 1, matching(text, open) - 1);
    const [first, second, ...rest] = splitTopLevel(inner);
    const line = lineOf(text, m.index);
    const name = /^'([^']+)'$|^"([^"]+)"$/.exec(first ?? '');
    if (!name) throw new Error(`api.ts:${line}: a call whose command name is not written out (${first}); the contract check cannot follow it`);
    const command = name[1] ?? name[2]!;
    if (rest.length > 0) throw new Error(`api.ts:${line}: ${command} is called with more than a name and an arguments object`);
    if (second === undefined) {
      calls.push({ command, args: null, line });
      continue;
    }
    if (!second.startsWith('{') || matching(second, 0) !== second.length) {
      throw new Error(`api.ts:${line}: ${command} is called with arguments that are not an object written out ({ … })`);
    }
    const args = splitTopLevel(second.slice(1, -1)).map((entry) => {
      if (entry.startsWith('...')) throw new Error(`api.ts:${line}: ${command} spreads "${entry}" into its arguments; write each key out`);
      const key = /^(?:'([^']+)'|"([^"]+)"|([A-Za-z_$][\w$]*))\s*(?::|$)/.exec(entry);
      if (!key) throw new Error(`api.ts:${line}: cannot read the argument "${entry}" of ${command}`);
      return key[1] ?? key[2] ?? key[3]!;
    });
    calls.push({ command, args, line });
  }
  return calls;
}

/** The command names a stand-in for the core answers: `case 'name':` and `command === 'name'`. */
export function fakeCommandNames(src: string): string[] {
  const names = new Set<string>();
  for (const m of src.matchAll(/\bcase\s+'([^']+)'\s*:|\bcommand\s*===\s*'([^']+)'/g)) names.add(m[1] ?? m[2]!);
  return [...names];
}

/**
 * For each group of `case 'name':` labels in a stand-in's switch, the argument names its branch
 * reads (`args.caseId`), so they can be checked against what the commands really take.
 */
export function fakeArgumentReads(src: string): { commands: string[]; reads: string[] }[] {
  const labels = [...src.matchAll(/\bcase\s+'([^']+)'\s*:|\bdefault\s*:/g)];
  const groups: { commands: string[]; reads: string[] }[] = [];
  let pending: string[] = [];
  labels.forEach((label, i) => {
    const end = labels[i + 1]?.index ?? src.length;
    const body = src.slice(label.index + label[0].length, end);
    if (label[1]) pending.push(label[1]);
    if (body.trim() === '' && label[1]) return; // falls through to the next label
    if (pending.length > 0) {
      const reads = new Set<string>();
      for (const r of body.matchAll(/\bargs\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*'([^']+)'\s*\])/g)) reads.add(r[1] ?? r[2]!);
      groups.push({ commands: pending, reads: [...reads] });
    }
    pending = [];
  });
  return groups;
}
