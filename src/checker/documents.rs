//! The structured files a plan's rules read ([`crate::engine::DocumentQuery`]): the file the
//! run's [`Index`] has for the script, or the files found upward from the script's folder
//! through the [`Companions`] provider, parsed.

use std::path::Path;
use std::sync::Arc;

use globset::GlobMatcher;

use super::companions::{Companions, Contents, folders_up, join_rel};
use super::index::{Index, parse_document};
use crate::engine::{CompiledPack, Document, DocumentAnswer, DocumentSource, Plan};
use crate::error::Result;
use crate::structured::Format;

/// The files found for each rule of `plan` that reads structured files, and notices about
/// files that did not parse or were left unread. `pack` is the pack's index in the run.
pub fn answer(
    compiled: &CompiledPack,
    pack: usize,
    plan: &Plan,
    script: &Path,
    index: &Index,
    files: &dyn Companions,
) -> Result<(Vec<DocumentAnswer>, Vec<String>)> {
    let name = script
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut notices = Vec::new();
    let mut answers = Vec::with_capacity(plan.documents.len());
    for &rule in &plan.documents {
        let mut found = Vec::new();
        for query in compiled.pack.rules[rule].check.documents() {
            found.push(match &query.from {
                DocumentSource::Index(table) => index
                    .lookup(pack, *table, &name)
                    .cloned()
                    .into_iter()
                    .collect(),
                DocumentSource::Upward { glob, format, .. } => {
                    upward(script, glob, *format, index, files, &mut notices)?
                }
            });
        }
        answers.push(DocumentAnswer { rule, files: found });
    }
    Ok((answers, notices))
}

/// Every file whose name `glob` matches in the script's folder and each folder above it, up to
/// the root (nearest first), parsed as `format` or as its name says; each file is read once per
/// run (through the run's index), so its notice is given once.
fn upward(
    script: &Path,
    glob: &GlobMatcher,
    format: Option<Format>,
    index: &Index,
    files: &dyn Companions,
    notices: &mut Vec<String>,
) -> Result<Vec<Arc<Document>>> {
    let mut documents = Vec::new();
    for folder in folders_up(files.relative(script)) {
        for file_name in files.list(&folder) {
            let format = format.or_else(|| Format::from_path(Path::new(&file_name)));
            let Some(format) = format.filter(|_| glob.is_match(&file_name)) else {
                continue;
            };
            let rel = join_rel(&folder, &file_name);
            let read = index.read_once(&rel, format, || read(&rel, format, files, notices))?;
            documents.extend(read);
        }
    }
    Ok(documents)
}

/// Reads and parses `rel`, or `None` after a notice saying why not.
fn read(
    rel: &str,
    format: Format,
    files: &dyn Companions,
    notices: &mut Vec<String>,
) -> Result<Option<Document>> {
    let Some(shown) = files.find(rel, notices) else {
        return Ok(None);
    };
    match files.read(rel)? {
        Contents::Bytes(bytes) => match parse_document(rel, shown, bytes, format) {
            Ok(document) => Ok(Some(document)),
            Err(notice) => {
                notices.push(format!(
                    "{notice}; the rules that read it compared nothing from it"
                ));
                Ok(None)
            }
        },
        Contents::Unread(notice) => {
            notices.push(notice);
            Ok(None)
        }
    }
}
