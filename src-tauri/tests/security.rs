//! The window's security settings, read from the files Tauri builds from: the content security
//! policy lets the page load only Casefile's own files and talk only to Casefile's own commands
//! (nothing from the internet: no CDN, fonts or scripts elsewhere, no fetch to a server), and
//! the capabilities grant the window nothing beyond events and the Open and Save dialogs.

use serde_json::Value;

fn json(path: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .expect("read config");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn the_page_may_load_only_its_own_files_and_talk_only_to_casefile() {
    let config = json("tauri.conf.json");
    let csp = config["app"]["security"]["csp"]
        .as_object()
        .expect("a CSP is set (null would allow everything)");
    let sources = |name: &str| -> Vec<String> {
        csp.get(name)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{name} is set"))
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(sources("default-src"), ["'self'"]);
    assert_eq!(
        sources("script-src"),
        ["'self'"],
        "no inline or remote scripts"
    );
    assert_eq!(
        sources("connect-src"),
        ["ipc:", "http://ipc.localhost"],
        "only Casefile's own commands"
    );
    for directive in ["object-src", "frame-src", "base-uri", "form-action"] {
        assert_eq!(sources(directive), ["'none'"], "{directive}");
    }
    for (directive, value) in csp {
        let value = value.as_str().unwrap_or_default();
        for source in value.split_whitespace() {
            let allowed = matches!(
                source,
                "'self'" | "'none'" | "data:" | "blob:" | "ipc:" | "http://ipc.localhost"
            );
            assert!(
                allowed,
                "{directive} allows {source}: nothing outside the app may be loaded"
            );
        }
        assert!(!value.contains("unsafe-eval"), "{directive} allows eval");
    }
    assert_eq!(config["app"]["withGlobalTauri"], false);
    assert!(
        config
            .get("plugins")
            .and_then(|p| p.get("updater"))
            .is_none(),
        "no updater"
    );
}

#[test]
fn the_window_is_granted_only_events_and_the_open_and_save_dialogs() {
    let dir = format!("{}/capabilities", env!("CARGO_MANIFEST_DIR"));
    let mut granted = Vec::new();
    for entry in std::fs::read_dir(dir).expect("capabilities").flatten() {
        let capability: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.path()).expect("read"))
                .expect("JSON");
        assert!(
            capability.get("remote").is_none(),
            "no remote URL may call the commands"
        );
        for permission in capability["permissions"].as_array().expect("permissions") {
            granted.push(permission.as_str().expect("a named permission").to_owned());
        }
    }
    granted.sort();
    assert_eq!(
        granted,
        [
            "core:event:default",
            "dialog:allow-open",
            "dialog:allow-save"
        ]
    );
}
