// The window and the core agree on every command: its name, and the names of its arguments.
// Tauri matches both by string at run time, so a renamed command or argument on either side
// would otherwise only show as a failure in use. The Rust side is read from its source.
import { describe, expect, it } from 'vitest';
import libRs from '../../../src-tauri/src/lib.rs?raw';
import apiTs from './api.ts?raw';
import fakeBackendTs from '../test/fake-backend.ts?raw';
import { apiCalls, camelCase, fakeArgumentReads, fakeCommandNames, handlerNames, rustCommands, stripRust, type RustCommand } from '../test/ipc-contract';

const rustSources = import.meta.glob<string>('../../../src-tauri/src/**/*.rs', { query: '?raw', import: 'default', eager: true });
const uiSources = import.meta.glob<string>(['../**/*.ts', '../**/*.svelte', '!../**/*.test.ts', '!./bindings/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const testSources = import.meta.glob<string>('../**/*.test.ts', { query: '?raw', import: 'default', eager: true });

const registered = handlerNames(libRs);
const registeredSet = new Set(registered);
const calls = apiCalls(apiTs);
const definitions = new Map<string, RustCommand[]>();
for (const [file, src] of Object.entries(rustSources)) {
  for (const command of rustCommands(src, file.replace(/^(\.\.\/)+/, ''))) {
    definitions.set(command.name, [...(definitions.get(command.name) ?? []), command]);
  }
}
// Plugin commands (the Open and Save dialogs) belong to the plugins, not to Casefile's core.
const isPlugin = (name: string) => name.startsWith('plugin:');
const list = (names: Iterable<string>) => [...names].sort().join(', ') || '(none)';

/** The Rust definition of a registered command; a problem line when there is not exactly one. */
function definitionOf(name: string): RustCommand | string {
  const found = definitions.get(name) ?? [];
  if (found.length === 1) return found[0]!;
  if (found.length === 0) return `${name}: registered in lib.rs, but no #[tauri::command] fn ${name} was found under src-tauri/src`;
  return `${name}: defined more than once (${found.map((f) => f.file).join(', ')}); the check cannot tell which one is registered`;
}

describe('the IPC contract between api.ts and the Rust commands', () => {
  it('reads both sides', () => {
    // Guards against the check passing because it found nothing to compare.
    expect(registered.length, 'commands found in generate_handler!').toBeGreaterThan(50);
    expect(calls.length, 'call(…) sites found in api.ts').toBeGreaterThan(50);
    expect(new Set(registered).size, `lib.rs registers a command twice: ${registered.filter((n, i) => registered.indexOf(n) !== i)}`).toBe(registered.length);
  });

  it('calls exactly the commands lib.rs registers', () => {
    const called = new Set(calls.map((c) => c.command));
    const problems = [
      ...[...called].filter((n) => !registeredSet.has(n)).map((n) => `${n}: api.ts calls it, but lib.rs does not register it (renamed or removed in Rust?)`),
      ...registered.filter((n) => !called.has(n)).map((n) => `${n}: lib.rs registers it, but api.ts has no call('${n}', …) for it`),
    ];
    expect(problems).toEqual([]);
  });

  it('passes each command exactly the arguments its Rust function takes', () => {
    const problems: string[] = [];
    for (const call of calls) {
      if (!registeredSet.has(call.command)) continue; // reported by the test above
      const rust = definitionOf(call.command);
      if (typeof rust === 'string') {
        problems.push(rust);
        continue;
      }
      const sent = new Set(call.args ?? []);
      const wanted = new Set(rust.args);
      const missing = [...wanted].filter((a) => !sent.has(a));
      const unknown = [...sent].filter((a) => !wanted.has(a));
      if (missing.length > 0 || unknown.length > 0) {
        problems.push(
          `${call.command} (api.ts line ${call.line}): sends {${list(sent)}} but ${rust.file} takes {${list(wanted)}}` +
            (missing.length ? `; missing: ${list(missing)}` : '') +
            (unknown.length ? `; not a parameter: ${list(unknown)}` : ''),
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it('has the test stand-ins answer only commands that exist, reading only their real arguments', () => {
    const problems: string[] = [];
    const standIns = { 'test/fake-backend.ts': fakeBackendTs, ...testSources };
    for (const [file, src] of Object.entries(standIns)) {
      if (file.endsWith('/api.contract.test.ts') || !/\bmockIPC\s*\(/.test(src)) continue;
      const where = file.replace(/^(\.\.?\/)+/, '');
      for (const name of fakeCommandNames(src)) {
        if (!isPlugin(name) && !registeredSet.has(name)) problems.push(`${name}: ${where} answers it, but lib.rs registers no such command`);
      }
    }
    for (const { commands, reads } of fakeArgumentReads(fakeBackendTs)) {
      const real = commands.filter((c) => !isPlugin(c) && registeredSet.has(c));
      if (real.length === 0) continue;
      const taken = new Set(real.flatMap((c) => definitions.get(c)?.[0]?.args ?? []));
      for (const read of reads.filter((r) => !taken.has(r))) {
        problems.push(`${list(real)}: test/fake-backend.ts reads args.${read}, which the Rust command does not take (it takes {${list(taken)}})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('sends commands only through api.ts', () => {
    const bypassing = Object.entries(uiSources)
      .filter(([file, src]) => !file.endsWith('/api.ts') && /from\s+'@tauri-apps\/api\/core'/.test(src) && /\binvoke\b/.test(src))
      .map(([file]) => file);
    expect(bypassing, 'these files call invoke() themselves instead of going through api.ts').toEqual([]);
    expect(apiTs.match(/\binvoke\s*(<[^>]*>)?\s*\(/g), 'api.ts should invoke the core in one place only, inside call()').toHaveLength(1);
  });
});

describe('reading Rust command signatures', () => {
  it('handles signatures over several lines, generic types with commas, comments and injected parameters', () => {
    const src = `
      /// Saves it. Not a real fn here: #[tauri::command] pub fn decoy(x: i64)
      #[tauri::command]
      #[allow(clippy::too_many_arguments)]
      pub async fn save_things<R: tauri::Runtime>(
          app: tauri::AppHandle<R>,
          state: State<'_, AppState>, // the store
          case_id: i64,
          tags: Option<Vec<String>>,
          pairs: HashMap<String, (i64, char)>,
          /* a block /* nested */ comment */ keep_references: bool,
          window: tauri::Window,
          label: &'static str,
          sep: char,
      ) -> CommandResult<()> {
          let _ = ('(', "a, b) {", r#"x")"#);
          Ok(())
      }

      #[tauri::command(rename_all = "snake_case")]
      pub fn plain(mut page_count: u32, webview: Webview) {}
    `;
    expect(rustCommands(src, 'test.rs')).toEqual([
      { name: 'save_things', file: 'test.rs', args: ['caseId', 'tags', 'pairs', 'keepReferences', 'label', 'sep'] },
      { name: 'plain', file: 'test.rs', args: ['page_count'] },
    ]);
  });

  it('reads the handler list with module paths, and api.ts calls with and without arguments', () => {
    expect(handlerNames('tauri::generate_handler![commands::a, commands::cases::list_cases, // b\n other::c,]')).toEqual(['a', 'list_cases', 'c']);
    expect(apiCalls("x = { a: () => call<Foo<Bar>[]>('a_b', { caseId, path: p }), b: () => call('c') };")).toEqual([
      { command: 'a_b', args: ['caseId', 'path'], line: 1 },
      { command: 'c', args: null, line: 1 },
    ]);
    expect(camelCase('new_passphrase')).toBe('newPassphrase');
    expect(stripRust('let s = "// not a comment"; // a comment')).toBe(`let s = "__ not a comment"; ${' '.repeat(12)}`);
  });
});
