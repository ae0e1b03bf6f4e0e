//! What Casefile makes from the case for the family to send or keep: calendar files, chasing
//! letters, desktop reminders.

pub mod files;
pub mod ics;
pub mod letters;
pub mod reminders;
