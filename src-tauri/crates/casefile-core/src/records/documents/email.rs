//! Reading `.eml` emails with mail-parser: the headers a family needs to show (from, to, cc,
//! date, subject), the body as text (an HTML-only email is turned into text), and attachments
//! with their names, so each can become a document of its own.

use chrono::NaiveDate;
use mail_parser::{Address, MessageParser, MimeHeaders};

/// What was read from an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Email {
    pub subject: Option<String>,
    pub date: Option<NaiveDate>,
    /// The sender's name (or address when it has none), for the register.
    pub from_name: Option<String>,
    /// The headers as lines, then a blank line, then the body.
    pub text: String,
    /// Attachments: a file name (cleaned) and the decoded bytes.
    pub attachments: Vec<(String, Vec<u8>)>,
}

fn addresses(address: Option<&Address<'_>>) -> Option<String> {
    let list = address?.as_list()?;
    let people: Vec<String> = list
        .iter()
        .map(|a| match (a.name.as_deref(), a.address.as_deref()) {
            (Some(name), Some(addr)) if !name.trim().is_empty() => {
                format!("{} <{addr}>", name.trim())
            }
            (_, Some(addr)) => addr.to_owned(),
            (Some(name), None) => name.trim().to_owned(),
            (None, None) => String::new(),
        })
        .filter(|p| !p.is_empty())
        .collect();
    (!people.is_empty()).then(|| people.join(", "))
}

/// A file name safe to store and show: no folders, no control characters.
fn clean_name(name: &str, index: usize) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim().trim_start_matches('.').to_owned();
    if clean.is_empty() {
        format!("attachment {}", index + 1)
    } else {
        clean
    }
}

/// Reads an email; `None` when the bytes are not an email at all.
pub(crate) fn read_email(bytes: &[u8]) -> Option<Email> {
    let message = MessageParser::default().parse(bytes)?;
    // mail-parser accepts almost anything; an email has at least one header it knows.
    let has_headers = message.from().is_some()
        || message.subject().is_some()
        || message.date().is_some()
        || message.to().is_some()
        || message.message_id().is_some();
    if !has_headers {
        return None;
    }
    let date = message.date().and_then(|d| {
        NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
    });
    let subject = message
        .subject()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    let mut text = String::new();
    if let Some(from) = addresses(message.from()) {
        text += &format!("From: {from}\n");
    }
    if let Some(to) = addresses(message.to()) {
        text += &format!("To: {to}\n");
    }
    if let Some(cc) = addresses(message.cc()) {
        text += &format!("Cc: {cc}\n");
    }
    if let Some(d) = message.date() {
        text += &format!(
            "Date: {:04}-{:02}-{:02} {:02}:{:02} ({}{:02}:{:02})\n",
            d.year,
            d.month,
            d.day,
            d.hour,
            d.minute,
            if d.tz_before_gmt { '-' } else { '+' },
            d.tz_hour,
            d.tz_minute
        );
    }
    if let Some(subject) = &subject {
        text += &format!("Subject: {subject}\n");
    }
    let body = message
        .body_text(0)
        .map(|b| b.replace("\r\n", "\n"))
        .unwrap_or_default();
    let attachments: Vec<(String, Vec<u8>)> = message
        .attachments()
        .enumerate()
        .filter(|(_, part)| !part.is_message())
        .map(|(i, part)| {
            (
                clean_name(part.attachment_name().unwrap_or(""), i),
                part.contents().to_vec(),
            )
        })
        .filter(|(_, bytes)| !bytes.is_empty())
        .collect();
    if !attachments.is_empty() {
        text += &format!(
            "Attachments: {}\n",
            attachments
                .iter()
                .map(|(name, _)| name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    text += "\n";
    text += body.trim_end();
    text += "\n";
    let from_name = message.from().and_then(|a| a.first()).and_then(|a| {
        a.name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .or(a.address.as_deref())
            .map(str::to_owned)
    });
    Some(Email {
        subject,
        date,
        from_name,
        text,
        attachments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_a_quoted_printable_body_in_iso_8859_1_are_read() {
        let raw = b"From: =?ISO-8859-1?Q?Zo=EB_Hill?= <zoe@northshire.example>\r\nTo: parent@example.org\r\nDate: Tue, 14 Oct 2025 09:12:00 +0100\r\nSubject: =?ISO-8859-1?Q?Therapy_=96_update?=\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nThe therapist will not be in school this week. Caf=E9 meeting moved.\r\n";
        let email = read_email(raw).expect("an email");
        assert_eq!(email.date, NaiveDate::from_ymd_opt(2025, 10, 14));
        assert_eq!(email.subject.as_deref(), Some("Therapy – update"));
        assert!(
            email
                .text
                .contains("From: Zoë Hill <zoe@northshire.example>"),
            "{}",
            email.text
        );
        assert!(email.text.contains("Café meeting moved."), "{}", email.text);
    }

    #[test]
    fn an_html_only_email_becomes_text_and_attachments_are_listed() {
        let raw = b"From: school@example.org\r\nSubject: Report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Please find the <b>annual review</b> report attached.</p></body></html>\r\n--XX\r\nContent-Type: text/plain; name=\"../../etc/review.txt\"\r\nContent-Disposition: attachment; filename=\"../../etc/review.txt\"\r\nContent-Transfer-Encoding: base64\r\n\r\nUmV2aWV3IG5vdGVz\r\n--XX--\r\n";
        let email = read_email(raw).expect("an email");
        assert!(
            email
                .text
                .contains("Please find the annual review report attached."),
            "{}",
            email.text
        );
        assert!(!email.text.contains("<b>"));
        assert_eq!(
            email.attachments,
            vec![("review.txt".to_owned(), b"Review notes".to_vec())]
        );
        assert!(email.date.is_none(), "no Date header, no date");
    }

    #[test]
    fn bytes_that_are_not_an_email_are_refused() {
        assert!(read_email(b"").is_none());
        assert!(read_email(b"\x00\x01\x02 binary junk").is_none());
    }
}
