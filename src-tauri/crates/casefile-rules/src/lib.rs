//! Casefile's rules: the UK bank-holiday calendar, how the law counts time, the England SEND
//! statutory processes as data, and the deadlines a clock generates.
//!
//! Pure: no I/O, no clock reads, no Tauri. Every function takes the dates it needs, so each rule
//! is tested with worked examples computed by hand from the text of the law.

pub mod calendar;
pub mod clock;
pub mod exceptions;
pub mod ledger;
pub mod period;
pub mod processes;
pub mod wording;

pub use calendar::{BankHoliday, Region, WorkingDays, bank_holidays, bank_holidays_between};
pub use clock::{
    ClockFacts, Deadline, DeadlineStatus, RefusalNotice, StepOutcome, StepRecord, deadlines,
};
pub use exceptions::{
    EXCEPTIONS, ExceptionDef, ExceptionFinding, ExceptionKind, ExceptionRecord, ExceptionVerdict,
    StepExceptions,
};
pub use period::{Period, Roll};
pub use processes::{Actor, PROCESSES, ProcessDef, Refusal, process};
pub use wording::{event_sentence, speaks_to_the_reader, third_person};
