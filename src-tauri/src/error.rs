use casefile_core::CoreError;
use serde::Serialize;
use ts_rs::TS;

/// What every failed command returns to the UI: a stable `kind` and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub kind: String,
    pub message: String,
    /// For refused input: the field it is about, so the form can focus it.
    pub field: Option<String>,
    /// For refused input: every field refused with its message, in the form's order (the first
    /// is `field`), so a form shows each problem beside its box and lists them all.
    pub problems: Vec<FieldProblem>,
}

/// One refused field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl From<CoreError> for CommandError {
    fn from(e: CoreError) -> Self {
        CommandError {
            kind: e.kind().to_owned(),
            message: e.to_string(),
            field: e.field().map(str::to_owned),
            problems: e
                .problems()
                .into_iter()
                .map(|(field, message)| FieldProblem {
                    field: field.to_owned(),
                    message,
                })
                .collect(),
        }
    }
}

impl CommandError {
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        CommandError {
            kind: "internal".into(),
            message: message.into(),
            field: None,
            problems: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_cross_ipc_as_kind_and_message() {
        let e: CommandError = CoreError::NotFound {
            what: "case",
            id: 7,
        }
        .into();
        assert_eq!(e.kind, "not_found");
        assert!(e.message.contains("no case with number 7"));
        let json = serde_json::to_value(&e).expect("serialise");
        assert_eq!(json["kind"], "not_found");
        assert!(json["field"].is_null());
    }

    #[test]
    fn refused_input_names_its_field() {
        let e: CommandError = casefile_core::CoreError::Invalid {
            field: "child_name",
            message: "Enter the child's name.".into(),
        }
        .into();
        assert_eq!(e.field.as_deref(), Some("child_name"));
    }
}
