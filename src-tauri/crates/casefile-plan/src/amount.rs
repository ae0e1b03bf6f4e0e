//! The amounts a provision states, read from its words: minutes a session, how often, and
//! whether a qualified person is named. Code of Practice 9.69 asks that provision be "quantified,
//! for example, in terms of the type, hours and frequency of support and level of expertise";
//! these are those slots. The comparison reads them to find provision weakened, and the provision
//! ledger's draft reads them to count what is owed.
//!
//! A term is 13 of the school year's 39 weeks, a half term 6.5, a month 39/12.

/// How often something happens, read from a provision's words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Often {
    /// Sessions a school week (a term is 13 weeks, a year 39: the school year).
    pub(crate) per_week: f64,
    /// The words it was read from, as the plan writes them.
    pub(crate) words: String,
    /// Sessions in each period ("three times a week": 3).
    pub(crate) count: f64,
    pub(crate) period: Period,
}

/// A period a plan counts provision in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    Day,
    Week,
    Fortnight,
    Month,
    HalfTerm,
    Term,
    Year,
}

impl Period {
    /// How many of this period a school week holds: five school days; a school year of 39
    /// weeks holds 12 months, 6 half terms and 3 terms.
    fn per_week(self) -> f64 {
        match self {
            Period::Day => 5.0,
            Period::Week => 1.0,
            Period::Fortnight => 0.5,
            Period::Month => 12.0 / 39.0,
            Period::HalfTerm => 6.0 / 39.0,
            Period::Term => 3.0 / 39.0,
            Period::Year => 1.0 / 39.0,
        }
    }
}

/// The amounts a provision states.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Amount {
    /// Minutes a session (the least, where a range is given).
    pub(crate) minutes: Option<f64>,
    pub(crate) often: Option<Often>,
    /// The words naming a qualified person, as the plan writes them.
    pub(crate) expert: Option<String>,
    /// The words stating the minutes, as the plan writes them.
    pub(crate) minutes_words: Option<String>,
}

/// The words for each period.
const PERIODS: &[(&[&str], Period)] = &[
    (
        &["daily", "every day", "each day", "per day", "a day"],
        Period::Day,
    ),
    (
        &["weekly", "every week", "each week", "per week", "a week"],
        Period::Week,
    ),
    (
        &[
            "fortnightly",
            "every fortnight",
            "each fortnight",
            "a fortnight",
            "every two weeks",
        ],
        Period::Fortnight,
    ),
    (
        &[
            "monthly",
            "every month",
            "each month",
            "per month",
            "a month",
        ],
        Period::Month,
    ),
    (
        &[
            "half-termly",
            "half termly",
            "every half term",
            "each half term",
            "per half term",
            "a half term",
        ],
        Period::HalfTerm,
    ),
    (
        &["termly", "every term", "each term", "per term", "a term"],
        Period::Term,
    ),
    (
        &[
            "annually",
            "yearly",
            "every year",
            "each year",
            "per year",
            "a year",
        ],
        Period::Year,
    ),
];

/// Words naming a qualified person: what para. 9.69 calls the level of expertise.
const EXPERTS: &[&str] = &[
    "qualified",
    "specialist",
    "therapist",
    "physiotherapist",
    "psychologist",
    "hcpc",
    "teacher of the deaf",
    "teacher of the visually impaired",
    "paediatrician",
    "audiologist",
    "clinician",
];

const NUMBERS: &[(&str, f64)] = &[
    ("a", 1.0),
    ("an", 1.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("forty-five", 45.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("ninety", 90.0),
];

impl Amount {
    pub(crate) fn read(text: &str) -> Amount {
        let lower = text
            .to_lowercase()
            .replace(['(', ')', ',', ';', ':'], " ")
            .replace("-min", " min")
            .replace("-hour", " hour");
        let tokens: Vec<&str> = lower.split_whitespace().collect();
        let mut amount = Amount::default();
        for i in 1..tokens.len() {
            let scale = match tokens[i].trim_end_matches('.') {
                "min" | "mins" | "minute" | "minutes" => 1.0,
                "hour" | "hours" | "hr" | "hrs" => 60.0,
                _ => continue,
            };
            // "half an hour"; "an hour and a half" is read as the hour.
            let (value, first) = if tokens[i - 1] == "an" && i >= 2 && tokens[i - 2] == "half" {
                (0.5, i - 2)
            } else if let Some(v) = quantity(tokens[i - 1]) {
                (v, i - 1)
            } else {
                continue;
            };
            if amount.minutes.is_none() {
                amount.minutes = Some(value * scale);
                amount.minutes_words = Some(tokens[first..=i].join(" "));
            }
        }
        amount.often = often(&lower);
        amount.expert = EXPERTS
            .iter()
            .find(|e| contains_words(&lower, e))
            .map(|e| (*e).to_owned());
        amount
    }

    /// Minutes a school week, when both how long and how often are stated.
    pub(crate) fn weekly_minutes(&self) -> Option<f64> {
        Some(self.minutes? * self.often.as_ref()?.per_week)
    }

    pub(crate) fn often_words(&self) -> String {
        self.often
            .as_ref()
            .map_or_else(String::new, |o| format!("“{}”", o.words))
    }

    pub(crate) fn describe(&self) -> String {
        match (&self.minutes_words, &self.often) {
            (Some(m), Some(o)) if o.words.contains(m.as_str()) => format!("“{}”", o.words),
            (Some(m), Some(o)) => format!("“{m}” “{}”", o.words),
            (Some(m), None) => format!("“{m}”"),
            (None, Some(o)) => format!("“{}”", o.words),
            (None, None) => String::new(),
        }
    }
}

/// A number as digits, a range's lower end ("30-45"), or a number word.
pub(crate) fn quantity(token: &str) -> Option<f64> {
    let token = token.trim_end_matches(['x', '×']);
    let first = token.split(['-', '–']).next().unwrap_or(token);
    if let Ok(v) = first.parse::<f64>()
        && v.is_finite()
        && v > 0.0
    {
        return Some(v);
    }
    NUMBERS.iter().find(|(w, _)| *w == token).map(|&(_, v)| v)
}

/// How often, with how many sessions each period ("three times a week", "twice weekly").
pub(crate) fn often(lower: &str) -> Option<Often> {
    let (at, phrase, per) = PERIODS
        .iter()
        .flat_map(|(phrases, per)| phrases.iter().map(move |p| (p, *per)))
        .filter_map(|(p, per)| find_word_at(lower, p).map(|at| (at, *p, per)))
        .min_by_key(|&(at, _, _)| at)?;
    // The tokens just before the period: "three times", "twice", "2 x", "3 sessions".
    let before: Vec<&str> = lower[..at].split_whitespace().collect();
    let (count, lead) = match before.as_slice() {
        [.., "once"] => (1.0, 1),
        [.., "twice"] => (2.0, 1),
        [.., "thrice"] => (3.0, 1),
        // "three 30-minute sessions a week": the count stands before the minutes.
        [
            ..,
            n,
            m,
            "minute" | "minutes" | "min" | "mins" | "hour" | "hours",
            "sessions" | "lessons" | "periods",
        ] if quantity(n).is_some() && quantity(m).is_some() => (quantity(n).unwrap_or(1.0), 4),
        [
            ..,
            n,
            "times" | "sessions" | "lessons" | "periods" | "x" | "×",
        ] if quantity(n).is_some() => (quantity(n).unwrap_or(1.0), 2),
        _ => (1.0, 0),
    };
    let words: Vec<&str> = before[before.len() - lead..]
        .iter()
        .copied()
        .chain(phrase.split_whitespace())
        .collect();
    Some(Often {
        per_week: count * per.per_week(),
        words: words.join(" "),
        count,
        period: per,
    })
}

pub(crate) fn contains_words(lower: &str, phrase: &str) -> bool {
    find_word_at(lower, phrase).is_some()
}

/// Where a phrase stands as whole words.
pub(crate) fn find_word_at(lower: &str, phrase: &str) -> Option<usize> {
    lower.match_indices(phrase).map(|(at, _)| at).find(|&at| {
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        edge(lower[..at].chars().next_back()) && edge(lower[at + phrase.len()..].chars().next())
    })
}

pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}
