//! The shell's commands, checked by reading their source: each reaches the store only through
//! `commands::run` (which holds the store for one call, on the blocking pool, after visit mode's
//! check), and every command that names a record by its number tells visit mode which record it
//! is (`Scope::Of(Record::…)`), so visit mode is enforced in one place for all of them.

use std::fs;
use std::path::Path;

struct Command {
    file: String,
    name: String,
    params: String,
    body: String,
}

fn commands() -> Vec<Command> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut found = Vec::new();
    for entry in fs::read_dir(&folder).expect("src/commands").flatten() {
        let text = fs::read_to_string(entry.path()).expect("source");
        let file = entry.file_name().to_string_lossy().into_owned();
        for piece in text.split("#[tauri::command]").skip(1) {
            let Some(rest) = piece.split("pub async fn ").nth(1) else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let open = rest.find('(').expect("parameters");
            let close = rest.find(") ->").expect("return type");
            let params = rest[open + 1..close].to_owned();
            // The body runs to the next item at the left margin.
            let body_start = rest.find('{').expect("body");
            let body_end = rest[body_start..]
                .find("\n}\n")
                .map_or(rest.len(), |e| body_start + e);
            found.push(Command {
                file: file.clone(),
                name,
                params,
                body: rest[body_start..body_end].to_owned(),
            });
        }
    }
    found
}

/// Commands that name a record but check it another way, and why.
const CHECKED_ELSEWHERE: &[(&str, &str)] = &[(
    "start_visit",
    "AppState::start_visit checks the case with Scope::Of itself",
)];

#[test]
fn every_command_reaches_the_store_only_through_run() {
    let commands = commands();
    assert!(
        commands.len() >= 80,
        "found only {} commands",
        commands.len()
    );
    for c in &commands {
        assert!(
            !c.body.contains("with_store"),
            "{} in commands/{} reaches the store directly; use commands::run",
            c.name,
            c.file
        );
    }
}

#[test]
fn every_command_that_names_a_record_tells_visit_mode_which() {
    let mut checked = 0;
    for c in commands() {
        let names_a_record =
            c.params
                .split(',')
                .filter_map(|p| p.split_once(':'))
                .any(|(name, ty)| {
                    let name = name.trim();
                    (name == "id" || name.ends_with("_id")) && ty.trim() == "i64"
                });
        if !names_a_record || CHECKED_ELSEWHERE.iter().any(|(n, _)| *n == c.name) {
            continue;
        }
        checked += 1;
        assert!(
            c.body.contains("Scope::Of(Record::"),
            "{} in commands/{} takes a record's number but does not name it to visit mode (Scope::Of(Record::…))",
            c.name,
            c.file
        );
        assert!(
            !c.body.contains("Scope::Any"),
            "{} in commands/{} takes a record's number but runs with Scope::Any",
            c.name,
            c.file
        );
    }
    assert!(checked >= 50, "checked only {checked} commands");
}
