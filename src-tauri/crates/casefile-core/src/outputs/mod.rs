//! What Casefile makes from the case for the family to send or keep: calendar files, chasing
//! letters, desktop reminders, a plan comparison report and its letter.

pub mod complaint_letters;
pub mod files;
pub mod ics;
pub mod letters;
pub mod plan_changes;
pub mod reminders;
pub mod working_docx;
