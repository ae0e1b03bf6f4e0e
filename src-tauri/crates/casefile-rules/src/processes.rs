//! The statutory processes a family can start a clock for, as data: each step's rule, who must act,
//! and the source it comes from. Rules not yet checked against the text of the law carry
//! `unconfirmed: true`, and the app says so ("not yet confirmed") wherever it shows them.

use serde::Serialize;
use ts_rs::TS;

use crate::calendar::WorkingDays as Wd;
use crate::exceptions::{self as ex, StepExceptions};
use crate::period::{Period, Roll};

/// Who must act by the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Actor {
    Council,
    School,
    Professionals,
    HealthBody,
    MediationAdviser,
    Parent,
    Tribunal,
    Organisation,
}

impl Actor {
    /// Whether a missed deadline by this actor is a breach the family can complain about.
    pub fn owes_the_family(self) -> bool {
        !matches!(self, Actor::Parent)
    }

    pub fn label(self) -> &'static str {
        match self {
            Actor::Council => "Council",
            Actor::School => "School or setting",
            Actor::Professionals => "Professionals giving advice",
            Actor::HealthBody => "Health body",
            Actor::MediationAdviser => "Mediation adviser",
            Actor::Parent => "You",
            Actor::Tribunal => "Tribunal",
            Actor::Organisation => "The organisation",
        }
    }
}

/// What a step's period is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "from", content = "key", rename_all = "kebab-case")]
#[ts(export)]
pub enum Anchor {
    /// The date the clock was started from.
    Start,
    /// A date the family records later (e.g. when the draft plan was served).
    Event(&'static str),
    /// When an earlier step was done (its recorded date; until then, its due date).
    Step(&'static str),
    /// An event's date once recorded; until then, an earlier step's date, provisionally (the
    /// amendments are presumed sent with the decision until their own date is known).
    EventOrStep(&'static str, &'static str),
    /// An event's date once recorded; until then, the start date, provisionally (the council's
    /// receipt of the appeal, until known, is taken as the day the Tribunal sent it).
    EventOrStart(&'static str),
}

/// One way of counting a deadline: a period from an anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Term {
    pub anchor: Anchor,
    pub period: Period,
}

/// A date the family records for a clock after starting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EventDef {
    pub key: &'static str,
    /// "Date the draft plan was served".
    pub label: &'static str,
}

/// What the council refusing at a step means: the steps that will then not come, and the clock
/// that matters now, counted from the date of the refusal letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Refusal {
    /// What the council did, to follow "The council": "refused to carry out an EHC needs assessment".
    pub what: &'static str,
    /// The steps of this process that no longer apply once it has refused.
    pub ends: &'static [&'static str],
    /// The process whose clock matters now, started from the refusal letter's date.
    pub next: &'static str,
    /// What the family can do now, in plain words.
    pub advice: &'static str,
    /// Where the right to do it comes from.
    pub source: &'static str,
    /// True when the step being done is itself the refusal (a notice that no plan will be
    /// issued); otherwise the family records the refusal as the step's outcome.
    pub done_is_refusal: bool,
}

const APPEAL_ADVICE: &str = "You can appeal to the SEND Tribunal. First contact a mediation adviser (you need their certificate to appeal); the appeal must reach the Tribunal within 2 months of the date of the letter, or 1 month from the mediation certificate if that is later. The mediation and appeal clock counts it for you.";

/// "The council refused to assess" (s.36(8)): the assessment, plan and comments will not come.
const REFUSED_TO_ASSESS: Refusal = Refusal {
    what: "refused to carry out an EHC needs assessment",
    ends: &[
        "advice-returned",
        "decide-not-to-issue",
        "draft-comments",
        "final-plan",
    ],
    next: "appeal",
    advice: APPEAL_ADVICE,
    source: "CFA 2014 s.51(2)(a), s.55; HESC Rules 2008 r.20(1)(c)",
    done_is_refusal: false,
};

/// A notice, after assessing, that no plan will be issued (s.36(9)): no draft, no final plan.
const REFUSED_TO_ISSUE: Refusal = Refusal {
    what: "decided not to issue an EHC plan",
    ends: &["draft-comments", "final-plan"],
    next: "appeal",
    advice: APPEAL_ADVICE,
    source: "CFA 2014 s.51(2)(b), s.55; HESC Rules 2008 r.20(1)(c)",
    done_is_refusal: true,
};

/// The same notice after a Tribunal order or a conceded appeal: the plan will not come.
const REFUSED_TO_ISSUE_AFTER_ORDER: Refusal = Refusal {
    ends: &["issue-plan"],
    ..REFUSED_TO_ISSUE
};

/// A refusal to reassess (s.44(2)): no amended or replacement plan follows.
const REFUSED_TO_REASSESS: Refusal = Refusal {
    what: "refused to carry out a reassessment",
    ends: &["amended-plan"],
    next: "appeal",
    advice: APPEAL_ADVICE,
    source: "CFA 2014 s.51(2)(d), s.55; HESC Rules 2008 r.20(1)(c)",
    done_is_refusal: false,
};

/// A decision after a review to keep the plan as it is: no amendments follow.
const REFUSED_TO_AMEND: Refusal = Refusal {
    what: "decided not to amend the plan after the review",
    ends: &[
        "amendments-with-decision",
        "amendment-comments",
        "final-amended-plan",
    ],
    next: "appeal",
    advice: "You can appeal a decision not to amend the plan to the SEND Tribunal. First contact a mediation adviser (you need their certificate to appeal); the appeal must reach the Tribunal within 2 months of the date of the decision letter, or 1 month from the mediation certificate if that is later. (If the council decided to end the plan instead, start the clock for ceasing to maintain a plan: the plan stays in force while you can appeal.)",
    source: "CFA 2014 s.51(2)(e), s.55; HESC Rules 2008 r.20(1)(c)",
    done_is_refusal: false,
};

/// One deadline of a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StepDef {
    pub key: &'static str,
    /// What must happen, in plain English.
    pub title: &'static str,
    pub who: Actor,
    /// The due date is the latest of these (usually one), or the earliest when `earliest`.
    pub terms: &'static [Term],
    /// "whichever is the earlier": the due date is the earliest of the terms, and is known only
    /// when all of them are.
    pub earliest: bool,
    pub roll: Roll,
    /// The rule in our own words.
    pub rule: &'static str,
    pub source: &'static str,
    pub unconfirmed: bool,
    /// When the step applies only in some cases ("Only if the council decides not to issue a plan").
    pub only_if: Option<&'static str>,
    /// The exceptions the law allows for this time limit, if any (`exceptions.rs`).
    pub exceptions: Option<&'static StepExceptions>,
    /// A step whose being done means this one does not apply (the council issued the plan, so
    /// no notice that it will not is due).
    pub excluded_by: Option<&'static str>,
    /// An event whose recorded date is this step done on that date (the date the proposed
    /// amendments were sent).
    pub met_by_event: Option<&'static str>,
    /// Two events between which the time stands still (a subject access request waiting for a
    /// clarification the organisation asked for): the days from the first to the second are
    /// added to the period, once both are recorded.
    pub paused_between: Option<(&'static str, &'static str)>,
    /// What a refusal at this step means, when the council can refuse here.
    pub refusal: Option<&'static Refusal>,
}

/// A statutory process: what starts it and the deadlines it generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProcessDef {
    /// Stable name used on the command line and in stored clocks.
    pub key: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    /// What the start date is: "Date the council received the request".
    pub start_label: &'static str,
    pub events: &'static [EventDef],
    pub steps: &'static [StepDef],
}

macro_rules! terms {
    ($($anchor:expr => $period:expr),+ $(,)?) => {
        &[$(Term { anchor: $anchor, period: $period }),+]
    };
}

macro_rules! step {
    ($key:literal, $title:literal, $who:expr, $terms:expr, $rule:literal, $source:literal $(, $field:ident : $value:expr)* $(,)?) => {
        StepDef {
            key: $key,
            title: $title,
            who: $who,
            terms: $terms,
            rule: $rule,
            source: $source,
            $($field: $value,)*
            ..STEP_DEFAULTS
        }
    };
}

/// What a step is unless it says otherwise.
const STEP_DEFAULTS: StepDef = StepDef {
    key: "",
    title: "",
    who: Actor::Council,
    terms: &[],
    earliest: false,
    roll: Roll::None,
    rule: "",
    source: "",
    unconfirmed: false,
    only_if: None,
    exceptions: None,
    excluded_by: None,
    met_by_event: None,
    paused_between: None,
    refusal: None,
};

use Anchor::{Event, Start};

const fn weeks(n: u32) -> Period {
    Period::Weeks { n }
}
const fn months(n: u32) -> Period {
    Period::Months { n }
}
const fn working(n: u32) -> Period {
    Period::WorkingDays {
        n,
        calendar: Wd::EnglandAndWales,
    }
}

/// Every process, in the order a family usually meets them.
pub const PROCESSES: &[ProcessDef] = &[
    ProcessDef {
        key: "ehc-needs-assessment",
        title: "EHC needs assessment request",
        summary: "From a request for an EHC needs assessment to the final EHC plan (20 weeks).",
        start_label: "Date the council received the request (or became responsible for the child)",
        events: &[
            EventDef {
                key: "advice-requested",
                label: "Date the council asked professionals for advice",
            },
            EventDef {
                key: "draft-served",
                label: "Date the draft plan was sent to you",
            },
        ],
        steps: &[
            step!("decide-to-assess", "Council tells you whether it will assess", Actor::Council, terms![Start => weeks(6)],
                "The council must decide whether to carry out an EHC needs assessment and tell you within 6 weeks of receiving the request, or of becoming responsible for the child (for example when a family with a request under way moves into its area).",
                "SEND Regs 2014 reg 5(1)(a)-(b); CFA 2014 s.24, s.36", exceptions: Some(&ex::REG_5_4), refusal: Some(&REFUSED_TO_ASSESS)),
            step!("advice-returned", "Professionals send their advice", Actor::Professionals, terms![Event("advice-requested") => weeks(6)],
                "People asked for advice (educational psychologist, health, social care) must give it within 6 weeks of being asked.",
                "SEND Regs 2014 reg 8(1)", exceptions: Some(&ex::REG_8_2)),
            step!("decide-not-to-issue", "Council tells you it will not issue a plan", Actor::Council, terms![Start => weeks(16)],
                "If, after assessing, the council decides not to issue an EHC plan, it must tell you within 16 weeks of the request.",
                "SEND Regs 2014 reg 10(1)", only_if: Some("Only if the council decides not to issue a plan"), exceptions: Some(&ex::REG_10_4), excluded_by: Some("final-plan"),
                refusal: Some(&REFUSED_TO_ISSUE)),
            step!(
                "draft-comments",
                "Send your comments on the draft plan",
                Actor::Parent,
                terms![Event("draft-served") => Period::DaysBeginningWith { n: 15 }],
                "You have at least 15 days, beginning with the day the draft plan was served, to comment, ask for a meeting and name a school.",
                "SEND Regs 2014 reg 13(1)(a); Code of Practice 9.77"
            ),
            step!("final-plan", "Council issues the final EHC plan", Actor::Council, terms![Start => weeks(20)],
                "The final EHC plan must be issued within 20 weeks of the council receiving the request (or becoming responsible for the child).",
                "SEND Regs 2014 reg 13(2)", exceptions: Some(&ex::REG_13_3), excluded_by: Some("decide-not-to-issue")),
        ],
    },
    ProcessDef {
        key: "annual-review",
        title: "Annual review of an EHC plan",
        summary: "From the review meeting to the council's decision and any amended plan.",
        start_label: "Date of the review meeting",
        events: &[EventDef {
            key: "amendments-sent",
            label: "Date the proposed amendments were sent to you",
        }],
        steps: &[
            step!(
                "invitations",
                "Invitations to the review meeting sent",
                Actor::School,
                terms![Start => Period::WeeksBefore { n: 2 }],
                "Everyone invited must get at least 2 weeks' notice of the meeting.",
                "SEND Regs 2014 reg 20(3)"
            ),
            step!(
                "advice-circulated",
                "Advice and information sent round",
                Actor::School,
                terms![Start => Period::WeeksBefore { n: 2 }],
                "Advice and information about the child must be sent to everyone invited at least 2 weeks before the meeting.",
                "SEND Regs 2014 reg 20(4)"
            ),
            step!(
                "review-report",
                "Review report sent to the council and everyone invited",
                Actor::School,
                terms![Start => weeks(2)],
                "A report of the meeting, with its recommendations and any disagreements, must be sent within 2 weeks of the meeting.",
                "SEND Regs 2014 reg 20(7)"
            ),
            step!(
                "council-decision",
                "Council decides to keep, amend or end the plan",
                Actor::Council,
                terms![Start => weeks(4)],
                "The council must tell you within 4 weeks of the meeting whether it will keep, amend or cease the plan; if amending, the proposed amendments and evidence go with that decision.",
                "SEND Regs 2014 reg 20(10); R (L, M & P) v Devon CC [2022] EWHC 493 (Admin)",
                refusal: Some(&REFUSED_TO_AMEND)
            ),
            step!("amendments-with-decision", "Proposed amendments sent with the decision", Actor::Council, terms![Start => weeks(4)],
                "If the council decides to amend the plan, the proposed amendments and the evidence for them must go with its decision, within 4 weeks of the meeting; amendments sent later are a breach of their own.",
                "SEND Regs 2014 reg 20(10), reg 22(2); R (L, M & P) v Devon CC [2022] EWHC 493 (Admin)",
                only_if: Some("Only if the council proposes amendments"), met_by_event: Some("amendments-sent")),
            step!("amendment-comments", "Send your comments on the proposed amendments", Actor::Parent,
                terms![Anchor::EventOrStep("amendments-sent", "council-decision") => Period::DaysBeginningWith { n: 15 }],
                "You have at least 15 days, beginning with the day the proposed amendments were sent, to comment. Until their date is recorded, Casefile counts from the decision.",
                "SEND Regs 2014 reg 22(2)(c)",
                only_if: Some("Only if the council proposes amendments")),
            step!("final-amended-plan", "Council issues the final amended plan", Actor::Council,
                terms![Anchor::EventOrStep("amendments-sent", "council-decision") => weeks(8)],
                "The final amended plan (or a notice that it will not amend after all) must follow within 8 weeks of the proposed amendments being sent: 12 weeks from the meeting when they came with the decision.",
                "SEND Regs 2014 reg 22(3)-(4)", only_if: Some("Only if the council proposes amendments"), unconfirmed: true),
            step!(
                "next-review",
                "Next annual review completed",
                Actor::Council,
                terms![Anchor::Step("council-decision") => Period::MonthsBeginningWith { n: 12 }],
                "Each review must be completed in the period of 12 months starting with the date of the last one (the date of the council's decision notice), so by the day before its anniversary.",
                "CFA 2014 s.44(1)(b); IPSEA"
            ),
        ],
    },
    ProcessDef {
        key: "phase-transfer",
        title: "Moving school phase (e.g. primary to secondary)",
        summary: "The plan must be reviewed and amended, naming the next school, well before the move.",
        start_label: "Date the child starts at the next phase (any date in that year)",
        events: &[],
        steps: &[step!(
            "amended-plan",
            "Amended plan naming the next school",
            Actor::Council,
            terms![Start => Period::BeforeDateInYear { month: 2, day: 15 }],
            "For a move into school, from infant to junior, primary to middle or secondary, or middle to secondary, the plan must be reviewed and amended before 15 February of the year of the move: by 14 February at the latest.",
            "SEND Regs 2014 reg 18(1)(b)"
        )],
    },
    ProcessDef {
        key: "phase-transfer-post-16",
        title: "Moving from secondary school to post-16",
        summary: "The plan must be reviewed and amended, naming the post-16 setting, before the move.",
        start_label: "Date the young person starts post-16 education (any date in that year)",
        events: &[],
        steps: &[step!(
            "amended-plan",
            "Amended plan naming the post-16 setting",
            Actor::Council,
            terms![Start => Period::BeforeDateInYear { month: 3, day: 31 }],
            "For a move from secondary school to post-16 education, the plan must be reviewed and amended before 31 March of the year of the move: by 30 March at the latest.",
            "SEND Regs 2014 reg 18(1)(a)"
        )],
    },
    ProcessDef {
        key: "appeal",
        title: "Disagreeing with a decision: mediation and appeal",
        summary: "From the council's decision letter to the last day to appeal to the SEND Tribunal.",
        start_label: "Date the council's decision letter was sent",
        events: &[
            EventDef {
                key: "adviser-contacted",
                label: "Date you told the mediation adviser you do not want mediation",
            },
            EventDef {
                key: "mediation-requested",
                label: "Date the council was told you want mediation",
            },
            EventDef {
                key: "mediation-held",
                label: "Date mediation ended",
            },
            EventDef {
                key: "council-cannot-mediate",
                label: "Date the council said mediation cannot take place within 30 days",
            },
            EventDef {
                key: "certificate-issued",
                label: "Date the mediation certificate was issued",
            },
        ],
        steps: &[
            step!(
                "contact-mediation-adviser",
                "Contact the mediation adviser",
                Actor::Parent,
                terms![Start => months(2)],
                "Before appealing you must contact a mediation adviser (not needed if the appeal is only about the school named in Section I), within 2 months of the decision letter.",
                "CFA 2014 s.55; SEND Regs 2014 reg 33"
            ),
            step!("certificate-declined", "Mediation adviser issues your certificate", Actor::MediationAdviser, terms![Event("adviser-contacted") => working(3)],
                "If you decide not to go to mediation, the adviser must issue a certificate within 3 working days.", "SEND Regs 2014 reg 34",
                only_if: Some("Only if you decline mediation")),
            step!("mediation-held", "Council arranges the mediation", Actor::Council, terms![Event("mediation-requested") => Period::Days { n: 30 }],
                "If you choose mediation, the council must make sure it takes place within 30 days of being told.", "SEND Regs 2014 regs 35-36",
                only_if: Some("Only if you choose mediation"), unconfirmed: true),
            step!("certificate-after-mediation", "Mediation adviser issues the certificate after mediation", Actor::MediationAdviser, terms![Event("mediation-held") => working(3)],
                "After mediation, the certificate must be issued within 3 working days.", "SEND Regs 2014 reg 37",
                only_if: Some("Only if you choose mediation"), unconfirmed: true),
            step!("certificate-when-no-mediation", "Mediation adviser issues the certificate when mediation cannot be held in time", Actor::MediationAdviser,
                terms![Event("council-cannot-mediate") => working(3)],
                "If the council tells you mediation cannot take place within 30 days, the certificate must still be issued within 3 working days, so the wait does not stop you appealing.",
                "SEND Regs 2014 regs 36-37 (paragraph not yet confirmed); legal audit 2026 row 18",
                only_if: Some("Only if the council says it cannot arrange mediation within 30 days"), unconfirmed: true),
            step!("appeal-deadline", "Last day to send your appeal to the SEND Tribunal", Actor::Parent,
                terms![Start => months(2), Event("certificate-issued") => months(1)],
                "The appeal form must reach the Tribunal by 5pm on the later of 2 months after the decision letter was sent and 1 month after the mediation certificate was issued. If that day falls between 25 December and 1 January, or in August, it moves to the first working day after 1 January or 31 August; a weekend or bank holiday moves to the next working day only, even into Christmas week.",
                "HESC Rules 2008 r.20(1)(c), r.12(1)-(3)", roll: Roll::TribunalAppealForm),
        ],
    },
    ProcessDef {
        key: "tribunal-order-assess",
        title: "Tribunal ordered an EHC needs assessment",
        summary: "What the council must do after the Tribunal orders it to assess.",
        start_label: "Date of the Tribunal's order",
        events: &[],
        steps: &[
            step!(
                "notify-assessment",
                "Council tells you it will assess",
                Actor::Council,
                terms![Start => weeks(2)],
                "The council must tell you within 2 weeks of the order that it will assess.",
                "SEND Regs 2014 reg 44(2)(b)", exceptions: Some(&ex::REG_44_3)
            ),
            step!("decide-not-to-issue", "Council tells you it will not issue a plan", Actor::Council, terms![Start => weeks(10)],
                "A decision not to issue a plan must be given within 10 weeks of the order.", "SEND Regs 2014 reg 44(2)(b)(i)",
                only_if: Some("Only if the council decides not to issue a plan"), exceptions: Some(&ex::REG_44_3), excluded_by: Some("issue-plan"),
                refusal: Some(&REFUSED_TO_ISSUE_AFTER_ORDER)),
            step!(
                "issue-plan",
                "Council issues the EHC plan",
                Actor::Council,
                terms![Start => weeks(14)],
                "If it decides to issue a plan, it must do so within 14 weeks of the order.",
                "SEND Regs 2014 reg 44(2)(b)(ii)", exceptions: Some(&ex::REG_44_3), excluded_by: Some("decide-not-to-issue")
            ),
        ],
    },
    ProcessDef {
        key: "tribunal-order-make-plan",
        title: "Tribunal ordered the council to make a plan",
        summary: "Draft and final plan deadlines after the Tribunal orders a plan.",
        start_label: "Date of the Tribunal's order",
        events: &[],
        steps: &[
            step!(
                "draft-plan",
                "Council issues the draft plan",
                Actor::Council,
                terms![Start => weeks(5)],
                "The draft plan must be issued within 5 weeks of the order.",
                "SEND Regs 2014 reg 44(2)(c)(i)", exceptions: Some(&ex::REG_44_3)
            ),
            step!(
                "final-plan",
                "Council issues the final plan",
                Actor::Council,
                terms![Start => weeks(11)],
                "The final plan must be issued within 11 weeks of the order; the provision must be in place by then.",
                "SEND Regs 2014 reg 44(2)(c)(ii); BA v Nottinghamshire CC [2021] EWHC 1348 (Admin)", exceptions: Some(&ex::REG_44_3)
            ),
        ],
    },
    ProcessDef {
        key: "tribunal-order-amend",
        title: "Tribunal ordered the plan to be amended",
        summary: "The council must issue the amended plan after the Tribunal's order.",
        start_label: "Date of the Tribunal's order",
        events: &[],
        steps: &[
            step!(
                "amended-plan",
                "Council issues the amended plan",
                Actor::Council,
                terms![Start => weeks(5)],
                "An amended plan (Sections B, F or other contents) must be issued within 5 weeks of the order.",
                "SEND Regs 2014 reg 44(2)(e)", exceptions: Some(&ex::REG_44_3)
            ),
            step!("amended-plan-section-i", "Council names the school (Section I only)", Actor::Council, terms![Start => weeks(2)],
                "If only the school or setting named in Section I changes, the amended plan is due within 2 weeks of the order.", "SEND Regs 2014 reg 44(2)(f)",
                only_if: Some("Only if the order is about Section I alone"), exceptions: Some(&ex::REG_44_3)),
        ],
    },
    ProcessDef {
        key: "unopposed-appeal",
        title: "Council stopped opposing an appeal",
        summary: "When the council concedes before its response, the regulations set its deadlines.",
        start_label: "Date the council told the Tribunal it will not oppose",
        events: &[],
        steps: &[
            step!("notify-assessment", "Council tells you it will assess", Actor::Council, terms![Start => weeks(2)],
                "If the appeal was against a refusal to assess (or reassess), the council must tell you within 2 weeks of telling the Tribunal that it will assess.", "SEND Regs 2014 reg 45(3) (as substituted by SI 2015/359 reg 8)",
                only_if: Some("Only for an appeal against a refusal to assess"), exceptions: Some(&ex::REG_45)),
            step!("no-plan-notice", "Council tells you if it will not issue a plan after all", Actor::Council, terms![Start => weeks(10)],
                "After a conceded appeal against a refusal to assess, a decision not to issue a plan must be given within 10 weeks.", "SEND Regs 2014 reg 45(3A)(a) (as substituted by SI 2015/359 reg 8)",
                only_if: Some("Only for an appeal against a refusal to assess, if the council then decides against a plan"), unconfirmed: true, exceptions: Some(&ex::REG_45), excluded_by: Some("issue-plan"),
                refusal: Some(&REFUSED_TO_ISSUE_AFTER_ORDER)),
            step!("issue-plan", "Council issues the EHC plan (after assessing)", Actor::Council, terms![Start => weeks(14)],
                "After a conceded appeal against a refusal to assess, the final plan is due within 14 weeks of the council telling the Tribunal.", "SEND Regs 2014 reg 45(3A)(b) (as substituted by SI 2015/359 reg 8)",
                only_if: Some("Only for an appeal against a refusal to assess"), exceptions: Some(&ex::REG_45), excluded_by: Some("no-plan-notice")),
            step!("draft-plan", "Council issues a draft EHC plan", Actor::Council, terms![Start => weeks(5)],
                "After a conceded appeal against a refusal to issue a plan, the draft plan is due within 5 weeks of the council telling the Tribunal.", "SEND Regs 2014 reg 45(5) (as substituted by SI 2015/359 reg 8)",
                only_if: Some("Only for an appeal against a refusal to issue a plan"), unconfirmed: true, exceptions: Some(&ex::REG_45)),
            step!("final-plan", "Council issues the final EHC plan", Actor::Council, terms![Start => weeks(11)],
                "After a conceded appeal against a refusal to issue a plan, the final plan is due within 11 weeks of the council telling the Tribunal (not 14).", "SEND Regs 2014 reg 45(5) (as substituted by SI 2015/359 reg 8)",
                only_if: Some("Only for an appeal against a refusal to issue a plan"), unconfirmed: true, exceptions: Some(&ex::REG_45)),
            step!("section-i", "Council changes the school or setting named in Section I", Actor::Council, terms![Start => weeks(2)],
                "If the appeal was only about the school or setting named in Section I, the amended plan is due within 2 weeks.", "SEND Regs 2014 reg 45(4) (as substituted by SI 2015/359 reg 8)",
                only_if: Some("Only for an appeal about Section I alone"), unconfirmed: true, exceptions: Some(&ex::REG_45)),
            step!("amended-plan", "Council issues the amended plan", Actor::Council, terms![Start => weeks(5)],
                "If the appeal was against the plan's contents or a refusal to amend, the amended plan is due within 5 weeks.", "SEND Regs 2014 reg 45(4) (as substituted by SI 2015/359 reg 8)",
                only_if: Some("Only for an appeal against the plan's contents or a refusal to amend"), exceptions: Some(&ex::REG_45)),
        ],
    },
    ProcessDef {
        key: "subject-access-request",
        title: "Subject access request (your data)",
        summary: "An organisation must give you the personal data it holds within one month.",
        start_label: "Date the organisation received your request",
        events: &[
            EventDef {
                key: "identity-received",
                label: "Date they received the proof of identity (or fee) they asked for",
            },
            EventDef {
                key: "clarification-asked",
                label: "Date they asked you to clarify the request",
            },
            EventDef {
                key: "clarification-given",
                label: "Date you sent the clarification",
            },
        ],
        steps: &[
            step!("response", "The organisation sends your data", Actor::Organisation,
                terms![Start => months(1), Event("identity-received") => months(1)],
                "One month from the day the request was received or, if the organisation reasonably asked for proof of identity, from the day it got it (whichever is later); if that day is a weekend or bank holiday, the next working day. Time also stops while it waits for a clarification it needs.",
                "UK GDPR art.12(3), art.12A (inserted by the Data (Use and Access) Act 2025); ICO guidance", roll: Roll::NextWorkingDay, unconfirmed: true,
                paused_between: Some(("clarification-asked", "clarification-given"))),
            step!("extended-response", "The organisation sends your data (extended time)", Actor::Organisation,
                terms![Start => months(3), Event("identity-received") => months(3)],
                "If the organisation told you within the first month that the request is complex, it has up to two further months.",
                "UK GDPR art.12(3); ICO guidance", roll: Roll::NextWorkingDay, only_if: Some("Only if they told you within a month that they need longer"),
                paused_between: Some(("clarification-asked", "clarification-given"))),
        ],
    },
    ProcessDef {
        key: "freedom-of-information",
        title: "Freedom of information request",
        summary: "A public body must answer within 20 working days (bank holidays anywhere in the UK do not count).",
        start_label: "Date the public body received your request",
        events: &[],
        steps: &[step!(
            "response",
            "The public body answers",
            Actor::Organisation,
            terms![Start => Period::WorkingDays { n: 20, calendar: Wd::AnyUkRegion }],
            "Promptly, and no later than the 20th working day after receipt; a bank holiday in any part of the UK is not a working day.",
            "FOIA 2000 s.10(1), s.10(6); ICO guidance"
        )],
    },
    ProcessDef {
        key: "freedom-of-information-school",
        title: "Freedom of information request to a school or academy",
        summary: "A school's governing body or an academy answers within 20 school days, or 60 working days if that is sooner. Needs the school's term dates.",
        start_label: "Date the school or academy received your request",
        events: &[],
        steps: &[step!(
            "response",
            "The school or academy answers",
            Actor::School,
            terms![
                Start => Period::SchoolWorkingDays { n: 20, calendar: Wd::AnyUkRegion },
                Start => Period::WorkingDays { n: 60, calendar: Wd::AnyUkRegion },
            ],
            "For a maintained school's governing body or an academy, the 20 working days do not count days the school is closed: the answer is due on the 20th working day that is a school day, or on the 60th working day after receipt if that comes first. Casefile counts the school days from the term dates on the Provision tab.",
            "FOIA 2000 s.10(1), s.10(4), s.10(6); Freedom of Information (Time for Compliance with Request) Regulations 2004 (SI 2004/3364) reg 3; ICO guidance",
            earliest: true,
            unconfirmed: true
        )],
    },
    ProcessDef {
        key: "pupil-record-request",
        title: "Request to see your child's school record",
        summary: "A maintained school (or a non-maintained special school) must let you see your child's educational record within 15 school days.",
        start_label: "Date the school received your written request",
        events: &[],
        steps: &[
            step!("record-available", "School lets you see the educational record", Actor::School, terms![Start => Period::SchoolDays { n: 15 }],
            "A maintained school, or a non-maintained special school, must make the educational record available to see, free of charge, within 15 school days of the written request. Academies and free schools are not covered (ask under a subject access request instead).",
            "Education (Pupil Information) (England) Regulations 2005 reg 5(2)", only_if: Some("Maintained and non-maintained special schools only")),
        ],
    },
    ProcessDef {
        key: "council-complaint",
        title: "Complaint to the council",
        summary: "The Ombudsman's complaint handling code sets each stage's deadlines.",
        start_label: "Date you made the complaint",
        events: &[EventDef {
            key: "stage-2-requested",
            label: "Date you asked for stage 2",
        }],
        steps: &[
            step!(
                "stage-1-acknowledged",
                "Council acknowledges your complaint",
                Actor::Council,
                terms![Start => working(5)],
                "Stage 1: acknowledged within 5 working days.",
                "LGSCO Complaint Handling Code (2024)"
            ),
            step!(
                "stage-1-reply",
                "Council replies at stage 1",
                Actor::Council,
                terms![Anchor::Step("stage-1-acknowledged") => working(10)],
                "Stage 1: a full reply within 10 working days of the complaint being acknowledged (it may extend by up to 10 more if it tells you why).",
                "LGSCO Complaint Handling Code (2024) para 6.3"
            ),
            step!("stage-2-acknowledged", "Council acknowledges your stage 2 request", Actor::Council, terms![Event("stage-2-requested") => working(5)],
                "Stage 2: acknowledged within 5 working days.", "LGSCO Complaint Handling Code (2024)", only_if: Some("Only if you escalate to stage 2")),
            step!("stage-2-reply", "Council replies at stage 2", Actor::Council, terms![Anchor::Step("stage-2-acknowledged") => working(20)],
                "Stage 2: a full reply within 20 working days of the stage 2 request being acknowledged.", "LGSCO Complaint Handling Code (2024)", only_if: Some("Only if you escalate to stage 2")),
        ],
    },
    ProcessDef {
        key: "ombudsman",
        title: "Complaint to the Local Government and Social Care Ombudsman",
        summary: "Complain to the Ombudsman within 12 months of becoming aware of the problem.",
        start_label: "Date you first knew about the problem",
        events: &[],
        steps: &[step!(
            "complain",
            "Last day to complain to the Ombudsman",
            Actor::Parent,
            terms![Start => Period::MonthsBeginningWith { n: 12 }],
            "The Ombudsman normally looks only at complaints made before the end of 12 months beginning with the day the person first knew of the problem (so by the day before its anniversary), after the council's own complaints procedure.",
            "Local Government Act 1974 s.26B(1); LGSCO guidance"
        )],
    },
    ProcessDef {
        key: "judicial-review",
        title: "Judicial review",
        summary: "A claim must be made promptly and within 3 months of the grounds arising.",
        start_label: "Date the grounds arose (for example, the decision)",
        events: &[],
        steps: &[step!(
            "claim",
            "Last day to file a judicial review claim",
            Actor::Parent,
            terms![Start => months(3)],
            "Promptly, and in any event within 3 months of the grounds arising; send a letter before claim first. If the last day falls when the court office is closed (a weekend or bank holiday), the claim is in time on the next day it is open.",
            "CPR 54.5(1), CPR 2.8(5); Pre-Action Protocol for Judicial Review",
            roll: Roll::NextWorkingDay
        )],
    },
    ProcessDef {
        key: "plan-transfer",
        title: "Moving to a new council area",
        summary: "The old council transfers the plan; the new one must tell you its plans and review in time.",
        start_label: "Date the old council learned of the move",
        events: &[
            EventDef {
                key: "move-date",
                label: "Date of the move",
            },
            EventDef {
                key: "transfer-date",
                label: "Date the plan was transferred",
            },
            EventDef {
                key: "last-review",
                label: "Date of the plan's last review (or when it was made)",
            },
        ],
        steps: &[
            step!(
                "transfer",
                "Old council transfers the plan",
                Actor::Council,
                terms![Start => Period::WorkingDaysBeginningWith { n: 15, calendar: Wd::EnglandAndWales }, Event("move-date") => Period::Immediately],
                "The old council transfers the plan on the day of the move if it had 15 working days' notice, otherwise within 15 working days beginning with the day it learned of the move (that day counts as the first): whichever of the two is later.",
                "SEND Regs 2014 reg 15(2)"
            ),
            step!(
                "new-council-tells-you",
                "New council tells you what it will do",
                Actor::Council,
                terms![Event("transfer-date") => weeks(6)],
                "Within 6 weeks of the transfer the new council must tell you whether it will reassess and when it will review the plan.",
                "SEND Regs 2014 reg 15(4)"
            ),
            step!(
                "new-council-review",
                "New council reviews the plan",
                Actor::Council,
                terms![Event("last-review") => Period::MonthsBeginningWith { n: 12 }, Event("transfer-date") => Period::MonthsBeginningWith { n: 3 }],
                "The new council must review the plan before the later of the end of 12 months beginning with its making or last review and the end of 3 months beginning with the transfer.",
                "SEND Regs 2014 reg 15(5)"
            ),
        ],
    },
    ProcessDef {
        key: "reassessment",
        title: "Request for a reassessment",
        summary: "The council decides on a reassessment request, then issues the amended plan.",
        start_label: "Date the council received the reassessment request",
        events: &[EventDef {
            key: "decision-notified",
            label: "Date the council told you it will reassess",
        }],
        steps: &[
            step!("decide", "Council decides whether to reassess", Actor::Council, terms![Start => Period::Days { n: 15 }],
                "The council must tell you within 15 days of the request whether it will reassess.", "SEND Regs 2014 reg 25(1)", unconfirmed: true,
                refusal: Some(&REFUSED_TO_REASSESS)),
            step!("amended-plan", "Council issues the amended or replacement plan", Actor::Council, terms![Event("decision-notified") => weeks(14)],
                "After deciding to reassess, the council must issue the amended or replacement plan (or a decision not to) within 14 weeks.",
                "SEND Regs 2014 reg 27(2)", exceptions: Some(&ex::REG_27_3)),
        ],
    },
    ProcessDef {
        key: "tribunal-directions",
        title: "Appeal registered with the SEND Tribunal",
        summary: "The council's response and the hearing bundle. The Tribunal's own directions set the real dates: enter them by hand where they differ.",
        start_label: "Date the Tribunal sent the appeal to the council (the date of its registration letter)",
        events: &[
            EventDef {
                key: "council-received",
                label: "Date the council received the appeal from the Tribunal",
            },
            EventDef {
                key: "hearing-date",
                label: "Date of the hearing",
            },
        ],
        steps: &[
            step!("council-response", "Council sends its response to the appeal", Actor::Council,
                terms![Anchor::EventOrStart("council-received") => Period::WorkingDays { n: 30, calendar: Wd::Tribunal }],
                "Within 30 working days after the council received its copy of the appeal from the Tribunal (not the day you posted it), unless the directions say otherwise; days from 25 December to 1 January and in August do not count. Until the day the council received it is recorded, Casefile counts from the day the Tribunal sent it, which may be a day or two early, so a late response is not called a breach until then.",
                "HESC Rules 2008 r.21(2), r.12(3)(b); IPSEA", unconfirmed: true),
            step!("hearing-bundle", "Council sends the hearing bundle", Actor::Council,
                terms![Event("hearing-date") => Period::WorkingDaysBefore { n: 10, calendar: Wd::Tribunal }],
                "The council sends the hearing bundle to you and the Tribunal at least 10 working days before the hearing, unless the directions give another date. A time the Tribunal sets in a special educational needs case does not count the days from 25 December to 1 January or in August, so those are skipped. Read as 10 clear working days (the hearing day and the sending day both left out), it is one working day earlier.",
                "HESC Rules 2008 r.12(3)(b); IPSEA; Practice Direction on bundles (2025)", unconfirmed: true),
        ],
    },
    ProcessDef {
        key: "first-annual-review",
        title: "First review of a new EHC plan",
        summary: "A new plan must be reviewed within 12 months of being made.",
        start_label: "Date the EHC plan was first made (the date of the final plan)",
        events: &[],
        steps: &[step!(
            "first-review",
            "First annual review completed",
            Actor::Council,
            terms![Start => Period::MonthsBeginningWith { n: 12 }],
            "The council must review a new plan within the period of 12 months starting with the date it was made: by the day before its first anniversary. Later reviews count from each review.",
            "CFA 2014 s.44(1)(a)"
        )],
    },
    ProcessDef {
        key: "post-16-transfer",
        title: "Moving from one college or post-16 setting to another",
        summary: "The plan must be reviewed and amended at least 5 months before the move.",
        start_label: "Date the young person moves to the new post-16 setting",
        events: &[],
        steps: &[step!(
            "amended-plan",
            "Amended plan naming the new post-16 setting",
            Actor::Council,
            terms![Start => Period::MonthsBefore { n: 5 }],
            "When a young person moves from one post-16 institution to another, the council must review and amend the plan at least 5 months before the move.",
            "SEND Regs 2014 reg 18(2)"
        )],
    },
    ProcessDef {
        key: "cease-to-maintain",
        title: "Council decided to stop maintaining the plan",
        summary: "You can appeal; until the time to appeal has run out, or an appeal is decided, the plan stays in place.",
        start_label: "Date the council's decision to cease the plan was sent",
        events: &[EventDef {
            key: "certificate-issued",
            label: "Date the mediation certificate was issued",
        }],
        steps: &[
            step!(
                "contact-mediation-adviser",
                "Contact the mediation adviser",
                Actor::Parent,
                terms![Start => months(2)],
                "Before appealing against the decision to cease the plan you must contact a mediation adviser, within 2 months of the decision letter.",
                "CFA 2014 s.55; SEND Regs 2014 reg 33"
            ),
            step!("appeal-deadline", "Last day to appeal the decision to cease the plan", Actor::Parent,
                terms![Start => months(2), Event("certificate-issued") => months(1)],
                "The appeal form must reach the Tribunal by 5pm on the later of 2 months after the decision was sent and 1 month after the mediation certificate. The council must keep the plan, and the provision in it, until that time has run out without an appeal, or until the appeal is decided.",
                "CFA 2014 s.45(3)-(4); SEND Regs 2014 reg 31; HESC Rules 2008 r.20(1)(c), r.12", roll: Roll::TribunalAppealForm, unconfirmed: true),
        ],
    },
    ProcessDef {
        key: "tribunal-order-continue",
        title: "Tribunal ordered the plan to continue",
        summary: "An order to continue to maintain the plan takes effect at once.",
        start_label: "Date of the Tribunal's order",
        events: &[],
        steps: &[step!(
            "continue",
            "Council keeps the plan and its provision in place",
            Actor::Council,
            terms![Start => Period::Immediately],
            "When the Tribunal orders the council to continue to maintain the plan, it must do so with immediate effect: nothing in the plan may lapse.",
            "SEND Regs 2014 reg 44(2); GOV.UK SEND18 \"Carry out an order\"",
            unconfirmed: true
        )],
    },
    ProcessDef {
        key: "mediation-agreement",
        title: "Agreement reached at mediation",
        summary: "What the council and health bodies agreed at mediation has its own time limits.",
        start_label: "Date of the mediation agreement",
        events: &[],
        steps: &[
            step!("council-acts", "Council does what it agreed", Actor::Council, terms![Start => weeks(2)],
                "For anything agreed that could not have been appealed, the council must do it within 2 weeks of the agreement. What could have been appealed is due in the times that follow a Tribunal order (for example 5 weeks to amend the plan).",
                "SEND Regs 2014 reg 42", unconfirmed: true),
            step!("health-body-tells-council", "Health body tells the council what it will do", Actor::HealthBody, terms![Start => weeks(1)],
                "A health commissioning body that agreed to do something must tell the council within 1 week of the agreement.",
                "SEND Regs 2014 reg 42", only_if: Some("Only if a health body was part of the agreement"), unconfirmed: true),
        ],
    },
    ProcessDef {
        key: "disability-discrimination",
        title: "Disability discrimination claim against a school",
        summary: "A claim to the Tribunal must be made within 6 months of what happened.",
        start_label: "Date of what you are complaining about (its last day, if it went on)",
        events: &[],
        steps: &[step!(
            "claim",
            "Last day to make a disability discrimination claim",
            Actor::Parent,
            terms![Start => Period::MonthsBeginningWith { n: 6 }],
            "The claim must be made within the period of 6 months starting with the date of the conduct: by the day before the 6-month date. Unlike an appeal about special educational needs, days in August and at Christmas count (since 2020).",
            "Equality Act 2010 Sch 17 para 4(1); HESC Rules 2008 r.12(3) as amended in 2020"
        )],
    },
    ProcessDef {
        key: "upper-tribunal-permission",
        title: "Asking permission to appeal to the Upper Tribunal",
        summary: "Ask the Tribunal for permission within 28 days of its written reasons.",
        start_label: "Date the Tribunal sent its written reasons",
        events: &[],
        steps: &[step!(
            "apply",
            "Last day to ask for permission to appeal",
            Actor::Parent,
            terms![Start => Period::DaysNotCountingTribunalBreaks { n: 28 }],
            "The application must reach the Tribunal within 28 days after it sent its written reasons. In a special educational needs case, 25 December to 1 January and every day in August are not counted; a last day that is not a working day moves to the next working day.",
            "HESC Rules 2008 r.46(2), r.12(2)-(3)", roll: Roll::NextWorkingDay, unconfirmed: true
        )],
    },
    ProcessDef {
        key: "extended-appeal-recommendations",
        title: "Tribunal recommendations on health or social care",
        summary: "After an extended appeal, the health or social care body must say what it will do.",
        start_label: "Date the Tribunal's recommendations were sent",
        events: &[],
        steps: &[step!(
            "respond",
            "The health body or council says in writing what it will do",
            Actor::HealthBody,
            terms![Start => weeks(5)],
            "A health commissioning body (or the council, for social care) given recommendations by the Tribunal must tell you and the council in writing, within 5 weeks, what it will do and, if it will not follow them, why.",
            "SEND (First-tier Tribunal Recommendations Power) Regulations 2017 (SI 2017/1306) reg 6-7",
            unconfirmed: true
        )],
    },
];

/// The process with `key`, if there is one.
pub fn process(key: &str) -> Option<&'static ProcessDef> {
    PROCESSES.iter().find(|p| p.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_and_step_keys_are_unique_and_anchors_point_backwards() {
        let mut keys: Vec<&str> = PROCESSES.iter().map(|p| p.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), PROCESSES.len(), "duplicate process key");
        for p in PROCESSES {
            for (i, step) in p.steps.iter().enumerate() {
                assert!(
                    !step.terms.is_empty(),
                    "{}/{} has no terms",
                    p.key,
                    step.key
                );
                assert_eq!(
                    p.steps.iter().filter(|s| s.key == step.key).count(),
                    1,
                    "{}/{}",
                    p.key,
                    step.key
                );
                for term in step.terms {
                    match term.anchor {
                        Anchor::Start => {}
                        Anchor::Event(e) => assert!(
                            p.events.iter().any(|d| d.key == e),
                            "{}/{} names unknown event {e}",
                            p.key,
                            step.key
                        ),
                        Anchor::Step(s) => assert!(
                            p.steps[..i].iter().any(|d| d.key == s),
                            "{}/{} must come after {s}",
                            p.key,
                            step.key
                        ),
                        Anchor::EventOrStart(e) => assert!(
                            p.events.iter().any(|d| d.key == e),
                            "{}/{} names unknown event {e}",
                            p.key,
                            step.key
                        ),
                        Anchor::EventOrStep(e, s) => assert!(
                            p.events.iter().any(|d| d.key == e)
                                && p.steps[..i].iter().any(|d| d.key == s),
                            "{}/{} names {e} or {s}",
                            p.key,
                            step.key
                        ),
                    }
                }
                assert!(!step.source.is_empty() && !step.rule.is_empty());
                if let Some(other) = step.excluded_by {
                    assert!(
                        p.steps.iter().any(|d| d.key == other),
                        "{}/{} excluded by {other}",
                        p.key,
                        step.key
                    );
                }
                if let Some((a, b)) = step.paused_between {
                    assert!(
                        p.events.iter().any(|d| d.key == a) && p.events.iter().any(|d| d.key == b),
                        "{}/{} paused by {a}/{b}",
                        p.key,
                        step.key
                    );
                }
                if let Some(refusal) = step.refusal {
                    assert!(process(refusal.next).is_some(), "{}/{}", p.key, step.key);
                    for ended in refusal.ends {
                        assert!(
                            p.steps[i + 1..].iter().any(|d| d.key == *ended),
                            "{}/{} ends {ended}, which must be a later step",
                            p.key,
                            step.key
                        );
                    }
                }
                if let Some(event) = step.met_by_event {
                    assert!(
                        p.events.iter().any(|d| d.key == event),
                        "{}/{} met by {event}",
                        p.key,
                        step.key
                    );
                }
            }
        }
    }
}
