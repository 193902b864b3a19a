//! Writing HTML text: escaping for text and attribute values, numbers with thousands
//! separators, the report's date, and how a rule and a severity are shown (`PACK:RULE`, a
//! coloured badge).

use std::io::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::engine::outcome::SuppressionProblem;
use crate::pack::{Pack, Severity};
use crate::report::tally::RuleKey;

/// Appends `text` to `out`, escaped for an HTML text node or a quoted attribute value.
pub fn escape(out: &mut Vec<u8>, text: &str) {
    let mut from = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.extend_from_slice(&text.as_bytes()[from..i]);
        out.extend_from_slice(entity);
        from = i + 1;
    }
    out.extend_from_slice(&text.as_bytes()[from..]);
}

/// The colour class of a severity (`e`, `w`, `i`), for badges and bars.
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "e",
        Severity::Warning => "w",
        Severity::Info => "i",
    }
}

/// A severity's badge.
pub fn badge(out: &mut Vec<u8>, severity: Severity) {
    let _ = write!(
        out,
        "<span class=\"sev {}\">{}</span>",
        severity_class(severity),
        severity.as_str()
    );
}

/// A rule of `pack` as the page names it (`PACK:RULE`; rulecheck's own rules by their own
/// name), and its severity.
pub fn rule_label(pack: &Pack, key: RuleKey) -> (String, Severity) {
    match key {
        RuleKey::Pack(rule) => {
            let rule = &pack.rules[rule];
            (format!("{}:{}", pack.name, rule.id), rule.severity)
        }
        RuleKey::Own(problem) => (problem.rule().to_owned(), SuppressionProblem::SEVERITY),
    }
}

/// `n` with a thin separator every three digits (`12 345`), as people read counts.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// When the report is made, as `YYYY-MM-DD HH:MM UTC`: `$SOURCE_DATE_EPOCH` when it is set
/// (reproducible builds' convention, so a report can be made byte for byte again), else now.
pub fn report_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    utc(seconds)
}

/// Seconds since 1970 as a UTC date and time (the civil calendar; Howard Hinnant's
/// `civil_from_days`).
fn utc(seconds: u64) -> String {
    let days = seconds / 86_400;
    let (hour, minute) = (seconds % 86_400 / 3600, seconds % 3600 / 60);
    // Shifted so that years start on March 1st: the leap day ends the year.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_text_and_quoted_attributes() {
        let escaped = |text: &str| {
            let mut out = Vec::new();
            escape(&mut out, text);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(escaped(r#"<a href="x">&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escaped("plain ü"), "plain ü");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(7), "7");
        assert_eq!(count(1234), "1\u{202f}234");
        assert_eq!(count(1_234_567), "1\u{202f}234\u{202f}567");
    }

    #[test]
    fn utc_dates_follow_the_civil_calendar() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc(1_796_411_400), "2026-12-04 19:10 UTC");
    }
}
