//! The report's end, written once every file is: the totals, the matrix of step types by
//! validation levels (with a bar per level), the rules with their counts, descriptions and
//! explain pages, the audit of suppressed findings, the run's notices, and what produced the
//! report (packs with their sha256, the configuration file, rulecheck's version, the date).
//! The page's stylesheet puts this section above the files, where people look first.

use std::io::Write as _;

use sha2::{Digest, Sha256};

use super::markup::{badge, count, escape, report_date, rule_label};
use super::plot;
use crate::engine::outcome::SuppressionProblem;
use crate::pack::explain::{explain, origin};
use crate::pack::locate;
use crate::report::tally::RuleKey;
use crate::report::{Counts, Report, Summary};

/// The summary section.
pub fn section(report: &Report, summary: &Summary) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(b"<section id=\"summary\">\n<header><h1>rulecheck report</h1><p>");
    let _ = writeln!(
        out,
        "Made {} by rulecheck {}.</p></header>",
        report_date(),
        env!("CARGO_PKG_VERSION")
    );
    totals(&mut out, summary);
    matrix(&mut out, report, summary);
    rules(&mut out, report, summary);
    audit(&mut out, summary);
    notices(&mut out, summary);
    provenance(&mut out, report, summary);
    out.extend_from_slice(b"</section>\n");
    out
}

fn totals(out: &mut Vec<u8>, summary: &Summary) {
    let c = summary.counts;
    let mut cards = vec![
        ("scripts", "files checked", summary.scripts, ""),
        ("issues", "issues", c.total(), ""),
        ("error", "ERROR", c.error, " e"),
        ("warning", "WARNING", c.warning, " w"),
        ("info", "INFO", c.info, " i"),
        ("suppressed", "suppressed", c.suppressed, " s"),
    ];
    if c.unchanged > 0 {
        cards.push(("unchanged", "in the baseline, not reported", c.unchanged, ""));
    }
    out.extend_from_slice(b"<div id=\"totals\">");
    for (key, label, n, class) in cards {
        let _ = write!(
            out,
            "<div class=\"card{class}\" data-total=\"{key}\" data-value=\"{n}\"><b>{}</b> {label}</div>",
            count(n)
        );
    }
    out.extend_from_slice(b"</div>\n");
}

/// The counts of each level of each pack that checked something (and of rulecheck's own
/// suppression issues in that pack's results), from the tally.
fn level_rows(report: &Report, summary: &Summary) -> Vec<(usize, String, Counts)> {
    let mut rows = Vec::new();
    for (index, compiled) in report.packs.iter().enumerate() {
        if !summary.used.get(index).copied().unwrap_or(false) {
            continue;
        }
        let pack = &compiled.pack;
        for (level, name) in pack.levels.iter().enumerate() {
            if !report.ran(index, level) {
                continue;
            }
            let mut counts = Counts::default();
            for (rule_index, rule) in pack.rules.iter().enumerate() {
                if rule.level == level {
                    counts += summary.tally.get(index, RuleKey::Pack(rule_index));
                }
            }
            rows.push((index, name.clone(), counts));
        }
        let mut own = Counts::default();
        for problem in SuppressionProblem::ALL {
            own += summary.tally.get(index, RuleKey::Own(problem));
        }
        if own != Counts::default() {
            rows.push((index, crate::report::issue::SUPPRESSION_LEVEL.to_owned(), own));
        }
    }
    rows
}

fn matrix(out: &mut Vec<u8>, report: &Report, summary: &Summary) {
    out.extend_from_slice(
        b"<h2>Step types by validation level</h2>\n<table id=\"matrix\"><thead><tr>\
          <th>Step type (pack)</th><th>Level</th><th>ERROR</th><th>WARNING</th><th>INFO</th>\
          <th>Suppressed</th><th>Issues</th><th></th></tr></thead><tbody>\n",
    );
    let rows = level_rows(report, summary);
    if rows.is_empty() {
        out.extend_from_slice(b"<tr><td colspan=\"8\">No pack checked a file.</td></tr>\n");
    }
    let widest = rows.iter().map(|(_, _, c)| c.total()).max().unwrap_or(0);
    let mut previous = None;
    for (index, level, counts) in &rows {
        let pack = &report.packs[*index].pack;
        out.extend_from_slice(b"<tr data-pack=\"");
        escape(out, &pack.name);
        out.extend_from_slice(b"\" data-level=\"");
        escape(out, level);
        out.extend_from_slice(b"\">");
        if previous != Some(*index) {
            let span = rows.iter().filter(|(i, _, _)| i == index).count();
            let _ = write!(out, "<th rowspan=\"{span}\" scope=\"rowgroup\">");
            escape(out, &pack.step_type);
            out.extend_from_slice(b" <span class=\"pack\">");
            escape(out, &pack.name);
            out.extend_from_slice(b"</span></th>");
            previous = Some(*index);
        }
        out.extend_from_slice(b"<td>");
        escape(out, level);
        out.extend_from_slice(b"</td>");
        for (sev, n) in [
            ("ERROR", counts.error),
            ("WARNING", counts.warning),
            ("INFO", counts.info),
            ("suppressed", counts.suppressed),
        ] {
            let _ = write!(
                out,
                "<td class=\"num\" data-sev=\"{sev}\" data-value=\"{n}\">{}</td>",
                count(n)
            );
        }
        let _ = write!(
            out,
            "<td class=\"num\" data-value=\"{}\">{}</td><td class=\"bar\">",
            counts.total(),
            count(counts.total())
        );
        plot::stacked_bar(out, counts, widest);
        out.extend_from_slice(b"</td></tr>\n");
    }
    out.extend_from_slice(b"</tbody></table>\n");
}

fn rules(out: &mut Vec<u8>, report: &Report, summary: &Summary) {
    // Every rule of a pack that checked something, in the levels that ran; most issues first.
    let mut listed: Vec<(usize, RuleKey, Counts)> = Vec::new();
    for (index, compiled) in report.packs.iter().enumerate() {
        if !summary.used.get(index).copied().unwrap_or(false) {
            continue;
        }
        for (rule_index, rule) in compiled.pack.rules.iter().enumerate() {
            if report.ran(index, rule.level) {
                let key = RuleKey::Pack(rule_index);
                listed.push((index, key, summary.tally.get(index, key)));
            }
        }
    }
    listed.extend(
        summary
            .tally
            .iter()
            .filter(|(_, key, _)| matches!(key, RuleKey::Own(_))),
    );
    listed.sort_by_key(|(index, _, counts)| (std::cmp::Reverse(counts.total()), *index));
    out.extend_from_slice(b"<h2>Rules</h2>\n");
    plot::top_rules(out, report, &listed);
    out.extend_from_slice(
        b"<table id=\"rules\"><thead><tr><th>Rule</th><th>Level</th><th>Severity</th>\
          <th>Issues</th><th>Suppressed</th><th>What it checks</th></tr></thead><tbody>\n",
    );
    for (index, key, counts) in &listed {
        let compiled = &report.packs[*index];
        let pack = &compiled.pack;
        let (name, severity) = rule_label(pack, *key);
        let (level, description, page) = match key {
            RuleKey::Pack(rule_index) => {
                let rule = &pack.rules[*rule_index];
                (
                    pack.levels[rule.level].as_str(),
                    rule.description.as_str(),
                    explain(pack, Some(&rule.id)).unwrap_or_default(),
                )
            }
            RuleKey::Own(problem) => (
                crate::report::issue::SUPPRESSION_LEVEL,
                problem.description(),
                problem.help().to_owned(),
            ),
        };
        out.extend_from_slice(b"<tr data-rule=\"");
        escape(out, &name);
        out.extend_from_slice(b"\"><td><code>");
        escape(out, &name);
        out.extend_from_slice(b"</code></td><td>");
        escape(out, level);
        out.extend_from_slice(b"</td><td>");
        badge(out, severity);
        let _ = write!(
            out,
            "</td><td class=\"num\" data-value=\"{}\">{}</td><td class=\"num\">{}</td><td>",
            counts.total(),
            count(counts.total()),
            count(counts.suppressed)
        );
        escape(out, description);
        out.extend_from_slice(b"<details><summary>explain</summary><pre>");
        escape(out, &page);
        out.extend_from_slice(b"</pre></details></td></tr>\n");
    }
    out.extend_from_slice(b"</tbody></table>\n");
}

fn audit(out: &mut Vec<u8>, summary: &Summary) {
    out.extend_from_slice(b"<h2>Suppressed findings</h2>\n");
    if summary.deferred.is_empty() {
        out.extend_from_slice(b"<p>No finding was suppressed.</p>\n");
        return;
    }
    out.extend_from_slice(
        b"<table id=\"audit\"><thead><tr><th>Where</th><th>Rule</th><th>Severity</th>\
          <th>Finding</th><th>Suppressed by</th><th>Reason</th></tr></thead><tbody>\n",
    );
    out.extend_from_slice(summary.deferred);
    out.extend_from_slice(b"</tbody></table>\n");
    if summary.deferred_cut {
        let _ = writeln!(
            out,
            "<p class=\"note\">This list stops at {} KiB of the {} suppressed findings; each \
             one is also in its file's entry below (filter on <em>suppressed</em>).</p>",
            crate::report::stream::DEFERRED_LIMIT / 1024,
            count(summary.counts.suppressed)
        );
    }
}

fn notices(out: &mut Vec<u8>, summary: &Summary) {
    if summary.notices.is_empty() {
        return;
    }
    out.extend_from_slice(b"<h2>Notices</h2>\n<ul id=\"notices\">");
    for notice in summary.notices {
        out.extend_from_slice(b"<li>");
        escape(out, notice.trim_end());
        out.extend_from_slice(b"</li>");
    }
    out.extend_from_slice(b"</ul>\n");
}

fn provenance(out: &mut Vec<u8>, report: &Report, summary: &Summary) {
    out.extend_from_slice(
        b"<h2>What made this report</h2>\n<table id=\"packs\"><thead><tr><th>Pack</th>\
          <th>Version</th><th>Step type</th><th>Levels run</th><th>Checked files</th>\
          <th>Loaded from</th><th>sha256</th></tr></thead><tbody>\n",
    );
    for (index, compiled) in report.packs.iter().enumerate() {
        let pack = &compiled.pack;
        let levels: Vec<&str> = pack
            .levels
            .iter()
            .enumerate()
            .filter(|(level, _)| report.ran(index, *level))
            .map(|(_, name)| name.as_str())
            .collect();
        let used = summary.used.get(index).copied().unwrap_or(false);
        let digest = locate::load_source(&pack.name, &pack.origin)
            .map_or_else(|_| "unreadable".to_owned(), |s| sha256(s.text.as_bytes()));
        let cells = [
            pack.name.as_str(),
            pack.version.as_str(),
            pack.step_type.as_str(),
            &levels.join(", "),
            if used { "yes" } else { "no" },
            &origin(&pack.origin),
        ];
        out.extend_from_slice(b"<tr>");
        for cell in cells {
            out.extend_from_slice(b"<td>");
            escape(out, cell);
            out.extend_from_slice(b"</td>");
        }
        let _ = writeln!(out, "<td><code class=\"hash\">{digest}</code></td></tr>");
    }
    out.extend_from_slice(b"</tbody></table>\n");
    let unloaded: Vec<&str> = report
        .in_play
        .iter()
        .copied()
        .filter(|name| !report.packs.iter().any(|c| c.pack.name == *name))
        .collect();
    if !unloaded.is_empty() {
        out.extend_from_slice(b"<p>Also in play, not loaded (no file of this run could use them): ");
        escape(out, &unloaded.join(", "));
        out.extend_from_slice(b".</p>\n");
    }
    out.extend_from_slice(b"<p id=\"config\">Configuration: ");
    match report.config {
        Some(path) => {
            let digest =
                std::fs::read(path).map_or_else(|_| "unreadable".to_owned(), |b| sha256(&b));
            out.extend_from_slice(b"<code>");
            escape(out, &path.display().to_string());
            let _ = write!(out, "</code>, sha256 <code class=\"hash\">{digest}</code>");
        }
        None => out.extend_from_slice(b"none (defaults and command-line options)"),
    }
    let _ = writeln!(
        out,
        ". rulecheck {}.</p>",
        env!("CARGO_PKG_VERSION")
    );
}

/// The SHA-256 of `bytes`, in hex.
fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
