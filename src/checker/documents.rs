//! The structured files a plan's rules read ([`crate::engine::DocumentQuery`]): the file the
//! run's [`Index`] has for the script, or the files found upward from the script's folder
//! through the [`Companions`] provider, parsed.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

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
    let mut upward: HashMap<(String, Option<Format>), Vec<Arc<Document>>> = HashMap::new();
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
                DocumentSource::Upward {
                    pattern,
                    glob,
                    format,
                } => {
                    let key = (pattern.clone(), *format);
                    if let Some(documents) = upward.get(&key) {
                        documents.clone()
                    } else {
                        let mut documents = Vec::new();
                        for folder in folders_up(files.relative(script)) {
                            for file_name in files.list(&folder) {
                                if !glob.is_match(&file_name) {
                                    continue;
                                }
                                let rel = join_rel(&folder, &file_name);
                                let format =
                                    format.or_else(|| Format::from_path(Path::new(&file_name)));
                                if let Some(format) = format
                                    && let Some(document) = read(&rel, format, files, &mut notices)?
                                {
                                    documents.push(Arc::new(document));
                                }
                            }
                        }
                        upward.insert(key, documents.clone());
                        documents
                    }
                }
            });
        }
        answers.push(DocumentAnswer { rule, files: found });
    }
    Ok((answers, notices))
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
