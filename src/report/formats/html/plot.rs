//! The report's plots, drawn as inline SVG (no script, no image files): a stacked bar of a
//! level's issues by severity, and the rules that reported most, as horizontal bars. Colours
//! come from the page's stylesheet (classes `e`, `w`, `i`, `s`).

use std::io::Write as _;

use super::markup::{count, escape, rule_label, severity_class};
use crate::report::tally::RuleKey;
use crate::report::{Counts, Report};

/// The width of a level's bar, in pixels, when it has the most issues.
const BAR_WIDTH: usize = 160;
/// How many rules the rules plot shows.
const TOP_RULES: usize = 10;

/// A bar of `counts`' issues split by severity (errors first), scaled so that `widest` issues
/// fill [`BAR_WIDTH`].
pub fn stacked_bar(out: &mut Vec<u8>, counts: &Counts, widest: usize) {
    let total = counts.total();
    let _ = write!(
        out,
        "<svg class=\"plot\" width=\"{BAR_WIDTH}\" height=\"14\" role=\"img\" \
         aria-label=\"issues: {total}\"><title>{} errors, {} warnings, {} info</title>",
        counts.error, counts.warning, counts.info
    );
    let mut x = 0;
    for (class, n) in [("e", counts.error), ("w", counts.warning), ("i", counts.info)] {
        let width = scaled(n, widest, BAR_WIDTH);
        if width > 0 {
            let _ = write!(
                out,
                "<rect class=\"{class}\" x=\"{x}\" y=\"1\" width=\"{width}\" height=\"12\"/>"
            );
        }
        x += width;
    }
    out.extend_from_slice(b"</svg>");
}

/// `n` of `of` on a scale of `width` pixels: at least one pixel for anything above zero.
fn scaled(n: usize, of: usize, width: usize) -> usize {
    if n == 0 || of == 0 {
        0
    } else {
        (n * width / of).max(1)
    }
}

/// The rules that reported most issues (at most [`TOP_RULES`], in the order given), as
/// horizontal bars coloured by severity; nothing when no rule reported an issue.
pub fn top_rules(out: &mut Vec<u8>, report: &Report, listed: &[(usize, RuleKey, Counts)]) {
    let shown: Vec<_> = listed
        .iter()
        .filter(|(_, _, counts)| counts.total() > 0)
        .take(TOP_RULES)
        .collect();
    let Some(widest) = shown.iter().map(|(_, _, c)| c.total()).max() else {
        return;
    };
    let (label_width, bar_width, row) = (300, 340, 22);
    let height = shown.len() * row;
    let _ = write!(
        out,
        "<svg id=\"top-rules\" class=\"plot\" width=\"{}\" height=\"{height}\" role=\"img\" \
         aria-label=\"Issues of the {} rules that reported most\"><title>Issues per rule</title>",
        label_width + bar_width + 60,
        shown.len()
    );
    for (i, (index, key, counts)) in shown.iter().enumerate() {
        let pack = &report.packs[*index].pack;
        let (name, severity) = rule_label(pack, *key);
        let class = severity_class(severity);
        let y = i * row;
        let width = scaled(counts.total(), widest, bar_width);
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">",
            label_width - 6,
            y + 15
        );
        escape(out, &name);
        let _ = write!(
            out,
            "</text><rect class=\"{class}\" x=\"{label_width}\" y=\"{}\" width=\"{width}\" \
             height=\"16\"/><text x=\"{}\" y=\"{}\">{}</text>",
            y + 3,
            label_width + width + 6,
            y + 15,
            count(counts.total())
        );
    }
    out.extend_from_slice(b"</svg>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_is_scaled_to_the_widest_and_never_hides_a_count() {
        assert_eq!(scaled(0, 10, 160), 0);
        assert_eq!(scaled(10, 10, 160), 160);
        assert_eq!(scaled(1, 10_000, 160), 1);
        assert_eq!(scaled(5, 0, 160), 0);
    }

    #[test]
    fn a_level_bar_draws_one_rect_per_severity_present() {
        let counts = Counts {
            error: 2,
            info: 2,
            ..Counts::default()
        };
        let mut out = Vec::new();
        stacked_bar(&mut out, &counts, 4);
        let svg = String::from_utf8(out).unwrap();
        assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
        assert!(svg.contains("class=\"e\" x=\"0\" y=\"1\" width=\"80\""), "{svg}");
        assert!(svg.contains("class=\"i\" x=\"80\" y=\"1\" width=\"80\""), "{svg}");
    }
}
