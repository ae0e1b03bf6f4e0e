//! The shortfall report: what each provision owed against what was delivered, by month and by
//! term, with the total, and as a spreadsheet.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::*;
use crate::error::{CoreError, Result};
use crate::ledger::{self, SchoolCalendar, Tally};
use crate::store::Store;

impl Store {
    /// The shortfall report of a case from `from` to `to` (default: the earliest provision start
    /// to `today`).
    pub fn provision_report(
        &self,
        case_id: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<ProvisionReport> {
        let provisions = self.list_provisions(case_id)?;
        let calendar = self.school_calendar(case_id)?;
        let from = from.unwrap_or_else(|| {
            provisions
                .iter()
                .flat_map(|p| p.schedules.first())
                .map(|s| s.from)
                .min()
                .unwrap_or(today)
        });
        let to = to.unwrap_or(today);
        if to < from {
            return Err(CoreError::invalid(
                "to",
                "The report ends before it starts. Check the dates.",
            ));
        }
        let mut total = Tally::default();
        let mut lines = Vec::new();
        for provision in provisions {
            let logs = self.session_logs(provision.id)?;
            let t = ledger::tally(&provision.schedules, &calendar, &logs, from, to);
            let by_month = months(from, to)
                .into_iter()
                .map(|(label, a, b)| PeriodTally {
                    tally: ledger::tally(&provision.schedules, &calendar, &logs, a, b),
                    label,
                    from: a,
                    to: b,
                })
                .filter(|p| p.tally.expected_sessions > 0 || p.tally.catch_up_sessions > 0)
                .collect();
            let by_term: Vec<PeriodTally> = terms(&calendar, from, to)
                .into_iter()
                .map(|(label, a, b)| PeriodTally {
                    tally: ledger::tally(&provision.schedules, &calendar, &logs, a, b),
                    label,
                    from: a,
                    to: b,
                })
                .filter(|p| p.tally.expected_sessions > 0)
                .collect();
            let terms_affected = by_term
                .iter()
                .filter(|p| p.tally.missed_by_provider > 0)
                .map(|p| p.label.clone())
                .collect();
            total.add(&t);
            lines.push(ProvisionLine {
                percent_delivered: t.percent_delivered(),
                provision,
                tally: t,
                by_month,
                by_term,
                terms_affected,
            });
        }
        Ok(ProvisionReport {
            from,
            to,
            lines,
            total,
        })
    }
}

impl ProvisionReport {
    /// The shortfall table as CSV (RFC 4180), one row per provision and a total row, for
    /// spreadsheets and complaint letters.
    pub fn to_csv(&self) -> String {
        fn field(text: &str) -> String {
            if text.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", text.replace('"', "\"\""))
            } else {
                text.to_owned()
            }
        }
        fn hours(minutes: u32) -> String {
            format!("{:.2}", f64::from(minutes) / 60.0)
        }
        let mut out = String::from(
            "Section,Provision,Provider,From,To,Expected sessions,Expected hours,Delivered sessions,Delivered hours,Missed by provider or school,Missed because of the child,Not yet recorded,Catch-up sessions,Shortfall hours,Delivered %,Terms affected\r\n",
        );
        let mut row = |section: &str,
                       name: &str,
                       provider: &str,
                       t: &Tally,
                       percent: Option<u32>,
                       terms: &str| {
            let cells = [
                field(section),
                field(name),
                field(provider),
                self.from.to_string(),
                self.to.to_string(),
                t.expected_sessions.to_string(),
                hours(t.expected_minutes),
                t.delivered_sessions.to_string(),
                hours(t.delivered_minutes),
                t.missed_by_provider.to_string(),
                t.missed_by_child.to_string(),
                t.unrecorded.to_string(),
                t.catch_up_sessions.to_string(),
                hours(t.shortfall_minutes),
                percent.map(|p| p.to_string()).unwrap_or_default(),
                field(terms),
            ];
            out += &cells.join(",");
            out += "\r\n";
        };
        for line in &self.lines {
            let p = &line.provision;
            row(
                p.section.as_str(),
                &p.title,
                p.provider.as_deref().unwrap_or(""),
                &line.tally,
                line.percent_delivered,
                &line.terms_affected.join("; "),
            );
        }
        row(
            "",
            "Total",
            "",
            &self.total,
            self.total.percent_delivered(),
            "",
        );
        out
    }
}

/// Calendar months overlapping `from..=to`, clipped to it.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<(String, NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let first_next = NaiveDate::from_ymd_opt(start.year(), start.month(), 1)
            .and_then(|d| d.checked_add_months(Months::new(1)))
            .unwrap_or(NaiveDate::MAX);
        let end = (first_next - Days::new(1)).min(to);
        out.push((start.format("%b %Y").to_string(), start, end));
        start = first_next;
    }
    out
}

/// Terms (autumn, spring, summer) overlapping `from..=to`: from each term's first half-term start
/// to the day before the next term starts, clipped to the period.
fn terms(
    calendar: &SchoolCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(String, NaiveDate, NaiveDate)> {
    let mut groups: Vec<(String, NaiveDate)> = Vec::new();
    for block in &calendar.blocks {
        let year = if block.starts.month() >= 9 {
            block.starts.year()
        } else {
            block.starts.year() - 1
        };
        let label = format!(
            "{} {}",
            block.term_name(),
            if block.starts.month() >= 9 {
                year
            } else {
                year + 1
            }
        );
        if groups.last().is_none_or(|(l, _)| *l != label) {
            groups.push((label, block.starts));
        }
    }
    let mut out = Vec::new();
    for (i, (label, start)) in groups.iter().enumerate() {
        let end = groups
            .get(i + 1)
            .map_or(NaiveDate::MAX, |(_, next)| *next - Days::new(1));
        let (a, b) = ((*start).max(from), end.min(to));
        if a <= b {
            out.push((label.clone(), a, b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::provision::testkit::*;

    #[test]
    fn a_term_time_provision_reports_its_shortfall_by_month_and_term() {
        let (_dir, mut store, case) = setup();
        let p = store.add_provision(case, &salt()).expect("provision");
        assert!(p.vague.is_empty());
        let today = d("2026-11-30");
        store
            .log_session(p.id, &session("2026-11-03", "delivered", None), today)
            .expect("log");
        store
            .log_session(
                p.id,
                &session("2026-11-10", "missed", Some("provider")),
                today,
            )
            .expect("log");
        store
            .log_session(p.id, &session("2026-11-17", "missed", Some("child")), today)
            .expect("log");
        let report = store
            .provision_report(case, Some(d("2026-11-02")), Some(d("2026-11-29")), today)
            .expect("report");
        let line = &report.lines[0];
        assert_eq!(line.tally.expected_sessions, 4);
        assert_eq!(line.tally.delivered_sessions, 1);
        assert_eq!(line.tally.missed_by_provider, 1);
        assert_eq!(line.tally.missed_by_child, 1);
        assert_eq!(line.tally.unrecorded, 1);
        assert_eq!(line.tally.shortfall_minutes, 45);
        assert_eq!(line.terms_affected, ["Autumn 2026"]);
        assert_eq!(
            line.by_month
                .iter()
                .map(|m| m.label.as_str())
                .collect::<Vec<_>>(),
            ["Nov 2026"]
        );
        assert_eq!(report.total.expected_minutes, 180);
    }

    #[test]
    fn the_report_exports_as_csv_with_a_total_row() {
        let (_dir, mut store, case) = setup();
        let p = store
            .add_provision(
                case,
                &ProvisionDetails {
                    title: "Speech, language \"and\" communication".into(),
                    ..salt()
                },
            )
            .expect("provision");
        let today = d("2026-11-30");
        store
            .log_session(
                p.id,
                &session("2026-11-10", "missed", Some("provider")),
                today,
            )
            .expect("log");
        let csv = store
            .provision_report(case, Some(d("2026-11-02")), Some(d("2026-11-29")), today)
            .expect("report")
            .to_csv();
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("Section,Provision,Provider,From,To,Expected sessions"));
        assert!(lines[1].starts_with("F,\"Speech, language \"\"and\"\" communication\",NHS SaLT service,2026-11-02,2026-11-29,4,3.00,0,0.00,1,0,3,0,0.75,0,Autumn 2026"), "{}", lines[1]);
        assert!(lines[2].starts_with(",Total,,"));
    }
}
