//! The EHC plan itself, as text: read into its sections A to K by their headings, whatever the
//! council's template calls them ([`sections`]), and its provision in Sections F, G and H checked
//! for what the law asks a plan to say ([`check`]). Pure: the text comes in, the findings go out;
//! reading the document and storing anything is the core's work.

mod amount;
mod check;
mod compare;
mod ledger;
mod reply;
mod sections;
mod working;

pub use check::{Finding, FindingKind, Vague, check, vague_words};
pub use compare::{
    Change, ChangeKind, Comparison, Concern, ConcernKind, Presence, SectionChanges, Side, Words,
    compare, compare_with_order,
};
pub use ledger::{Provision, ledger_provisions};
pub use reply::{
    CopyParagraph, Look, Reply, ReplyParagraph, UnmarkedChange, UnmarkedKind, paragraph_label,
    read_reply,
};
pub use sections::{
    BadStarts, Letter, Line, NoHeadings, Section, lines, order_sections, sections, sections_at,
};
pub use working::{
    Evidence, Footnote, Mark, Paragraph, Party, ProposalError, Run, WorkingDocument, WorkingSection,
};
