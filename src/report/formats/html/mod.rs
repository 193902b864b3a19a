//! The HTML report (`--format html`), for people who govern a set of repositories: one
//! self-contained page (inline CSS, inline script, inline SVG plots; nothing fetched, so it
//! works from `file://` and its Content-Security-Policy forbids every request), written as a
//! stream like the other formats and readable with scripting off.
//!
//! The files come first in the document, each outcome a block written as it is checked
//! (`file.rs`); the summary — totals, the matrix of packs by levels, the rules, the audit of
//! suppressed findings, what made the report — needs every count, so it is written at the end
//! (`summary.rs`) and the stylesheet shows it first. The script only filters: by severity,
//! pack, rule and a search, mirrored in the address's `#` part so that a filtered view can be
//! linked (`report.html#severity=ERROR&pack=NAME&rule=PACK:RULE&q=TEXT`).

mod file;
mod markup;
mod plot;
mod summary;

use std::io::{self, Write};

use crate::engine::Outcome;
use crate::report::{Printer, Report, Summary};

/// The page's stylesheet.
const STYLE: &str = include_str!("report.css");
/// The page's script: the filters.
const SCRIPT: &str = include_str!("report.js");
/// What the page may load: nothing but its own inline style and script.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";
/// Records script errors on the page (`data-errors` on the root element), before the page's
/// own script runs, so a test can see them in the DOM.
const ERROR_RECORDER: &str = "window.addEventListener('error',function(e){var r=document.\
documentElement;r.dataset.errors=(r.dataset.errors||'')+e.message+'\\n';});\
document.addEventListener('securitypolicyviolation',function(e){var r=document.\
documentElement;r.dataset.blocked=(r.dataset.blocked||'')+e.blockedURI+'\\n';});";

/// The HTML format.
pub struct Html;

impl Printer for Html {
    /// The page's head, and the files section up to its first block.
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">\n\
             <title>rulecheck report</title>\n<style>\n{STYLE}</style>\n\
             <script>{ERROR_RECORDER}</script>\n</head>\n<body>\n<div id=\"page\">\n\
             <section id=\"files\">\n<h2>Files</h2>\n\
             <form id=\"filters\" hidden>\
             <fieldset><legend>Severity</legend>\
             <label><input type=\"checkbox\" name=\"severity\" value=\"ERROR\" checked> ERROR</label>\
             <label><input type=\"checkbox\" name=\"severity\" value=\"WARNING\" checked> WARNING</label>\
             <label><input type=\"checkbox\" name=\"severity\" value=\"INFO\" checked> INFO</label>\
             <label><input type=\"checkbox\" name=\"severity\" value=\"suppressed\" checked> suppressed</label>\
             </fieldset>\
             <label>Pack <select name=\"pack\"><option value=\"\">all</option></select></label>\
             <label>Rule <select name=\"rule\"><option value=\"\">all</option></select></label>\
             <label>Search <input type=\"search\" name=\"q\" placeholder=\"path, rule or message\"></label>\
             <output id=\"shown\"></output></form>\n\
             <input type=\"checkbox\" id=\"show-clean\"><label for=\"show-clean\"> also list the \
             files checked without findings</label>\n<div id=\"file-list\">\n"
        )
    }

    fn outcome(&self, report: &Report, pack: usize, outcome: &Outcome) -> Vec<u8> {
        file::block(&report.packs[pack], outcome)
    }

    /// The outcome's suppressed findings, as rows of the audit table.
    fn deferred(&self, report: &Report, pack: usize, outcome: &Outcome) -> Vec<u8> {
        file::audit_rows(&report.packs[pack], outcome)
    }

    /// The files section's end, the summary, the script, and the page's end.
    fn end(&self, out: &mut dyn Write, report: &Report, summary: &Summary) -> io::Result<()> {
        out.write_all(b"</div>\n")?;
        if !summary.any {
            out.write_all(b"<p>No file was checked.</p>\n")?;
        }
        out.write_all(b"</section>\n")?;
        out.write_all(&summary::section(report, summary))?;
        write!(out, "</div>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n")
    }
}
