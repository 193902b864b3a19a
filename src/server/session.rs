//! One client's session: the open documents, the debounce of changes, the notifications and
//! requests of the protocol, and publishing diagnostics.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeActionParams, Diagnostic, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, ExecuteCommandParams, Hover,
    HoverContents, HoverParams, LogMessageParams, MarkupContent, MarkupKind, MessageType,
    PublishDiagnosticsParams, Uri,
};
use serde::de::DeserializeOwned;

use super::DEBOUNCE;
use super::actions;
use super::packfile;
use super::workspace::Workspace;
use crate::config::Choice;
use crate::error::Result;
use crate::settings::Layer;

/// An open document.
struct Document {
    uri: Uri,
    /// Its file, for a `file:` URI.
    path: Option<PathBuf>,
    text: String,
    version: i32,
}

/// The state of one client's session.
pub struct Session<'c> {
    connection: &'c Connection,
    root: PathBuf,
    given: Layer,
    choice: Choice,
    /// `None` while the packs or the configuration do not load (the error is logged).
    workspace: Option<Workspace>,
    /// The open documents, by URI.
    documents: HashMap<String, Document>,
    /// When each changed document is due to be checked.
    due: HashMap<String, Instant>,
    /// The diagnostics last published, by document (for hovers and fixes).
    published: HashMap<String, Vec<Diagnostic>>,
    /// The number of the next request this server sends the client.
    next_request: u64,
}

impl<'c> Session<'c> {
    /// A session on `connection` for the workspace at `root`.
    pub fn new(connection: &'c Connection, root: PathBuf, given: Layer, choice: Choice) -> Self {
        Session {
            connection,
            root,
            given,
            choice,
            workspace: None,
            documents: HashMap::new(),
            due: HashMap::new(),
            published: HashMap::new(),
            next_request: 1,
        }
    }

    /// Serves messages until the client asks to exit (or goes away).
    pub fn run(mut self) -> Result<()> {
        self.reload();
        loop {
            let next = self.due.values().min().copied();
            let received = match next {
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(message) => Some(message),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => return Ok(()),
                    }
                }
                None => match self.connection.receiver.recv() {
                    Ok(message) => Some(message),
                    Err(_) => return Ok(()),
                },
            };
            match received {
                None => self.check_due(),
                Some(Message::Request(request)) => {
                    let shutdown = self
                        .connection
                        .handle_shutdown(&request)
                        .map_err(|e| super::protocol(&e))?;
                    if shutdown {
                        return Ok(());
                    }
                    self.request(request);
                }
                Some(Message::Notification(notification)) => self.notification(notification),
                Some(Message::Response(_)) => {}
            }
        }
    }

    /// Loads the workspace again (its configuration and packs), logging why when it fails.
    fn reload(&mut self) {
        match Workspace::load(&self.root, &self.given, &self.choice) {
            Ok(workspace) => self.workspace = Some(workspace),
            Err(error) => {
                self.workspace = None;
                self.log(
                    MessageType::ERROR,
                    format!("rulecheck: the packs or the configuration do not load: {error}"),
                );
            }
        }
    }

    fn notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            "textDocument/didOpen" => {
                let Some(params) = parse::<DidOpenTextDocumentParams>(notification.params) else {
                    return;
                };
                let document = params.text_document;
                let key = document.uri.as_str().to_owned();
                self.documents.insert(
                    key.clone(),
                    Document {
                        path: path_of(&document.uri),
                        uri: document.uri,
                        text: document.text,
                        version: document.version,
                    },
                );
                self.check(&key);
            }
            "textDocument/didChange" => {
                let Some(params) = parse::<DidChangeTextDocumentParams>(notification.params) else {
                    return;
                };
                let key = params.text_document.uri.as_str().to_owned();
                let Some(document) = self.documents.get_mut(&key) else {
                    return;
                };
                // Full synchronisation: the last change holds the whole text.
                if let Some(change) = params.content_changes.into_iter().last() {
                    document.text = change.text;
                }
                document.version = params.text_document.version;
                self.due.insert(key, Instant::now() + DEBOUNCE);
            }
            "textDocument/didSave" => {
                let Some(params) = parse::<DidSaveTextDocumentParams>(notification.params) else {
                    return;
                };
                let key = params.text_document.uri.as_str().to_owned();
                let settings_file = path_of(&params.text_document.uri)
                    .is_some_and(|p| p.extension().is_some_and(|e| e == "toml"));
                if settings_file {
                    // A pack or a configuration file: every open buffer is checked again.
                    self.reload();
                    let keys: Vec<String> = self.documents.keys().cloned().collect();
                    for key in keys {
                        self.check(&key);
                    }
                } else {
                    self.check(&key);
                }
            }
            "textDocument/didClose" => {
                let Some(params) = parse::<DidCloseTextDocumentParams>(notification.params) else {
                    return;
                };
                let key = params.text_document.uri.as_str();
                self.due.remove(key);
                if let Some(document) = self.documents.remove(key) {
                    self.publish(document.uri, Vec::new(), None);
                    self.published.remove(key);
                }
            }
            _ => {}
        }
    }

    fn request(&mut self, request: Request) {
        let response = match request.method.as_str() {
            "textDocument/codeAction" => match parse::<CodeActionParams>(request.params) {
                Some(params) => {
                    let key = params.text_document.uri.as_str();
                    // An action of a kind asked for (`only`), or of any kind without it.
                    let wanted = |of: &str| {
                        params.context.only.as_ref().is_none_or(|kinds| {
                            kinds.iter().any(|kind| of.starts_with(kind.as_str()))
                        })
                    };
                    let quick_fixes = self.documents.get(key).filter(|_| wanted("quickfix"));
                    let mut found = quick_fixes.map_or_else(Vec::new, |document| {
                        actions::for_diagnostics(
                            &document.uri,
                            &document.text,
                            &params.context.diagnostics,
                        )
                    });
                    let published = self.published.get(key).filter(|_| wanted(actions::FIX_ALL));
                    found.extend(published.and_then(|diagnostics| {
                        actions::fix_all(&params.text_document.uri, diagnostics)
                    }));
                    Response::new_ok(request.id, found)
                }
                None => Response::new_err(
                    request.id,
                    ErrorCode::InvalidParams as i32,
                    "the codeAction parameters do not parse".into(),
                ),
            },
            "workspace/executeCommand" => match parse::<ExecuteCommandParams>(request.params) {
                Some(params) if params.command == actions::FIX_ALL_COMMAND => {
                    let uri = params.arguments.first().and_then(|a| a.as_str());
                    match uri.and_then(|uri| self.fix_all_edit(uri)) {
                        Some(edit) => {
                            self.apply(edit);
                            Response::new_ok(request.id, serde_json::Value::Null)
                        }
                        None => Response::new_ok(request.id, serde_json::Value::Null),
                    }
                }
                Some(params) => Response::new_err(
                    request.id,
                    ErrorCode::InvalidParams as i32,
                    format!(
                        "rulecheck has no command `{}`; it has `{}`",
                        params.command,
                        actions::FIX_ALL_COMMAND
                    ),
                ),
                None => Response::new_err(
                    request.id,
                    ErrorCode::InvalidParams as i32,
                    "the executeCommand parameters do not parse".into(),
                ),
            },
            "textDocument/hover" => match parse::<HoverParams>(request.params) {
                Some(params) => Response::new_ok(request.id, self.hover(&params)),
                None => Response::new_err(
                    request.id,
                    ErrorCode::InvalidParams as i32,
                    "the hover parameters do not parse".into(),
                ),
            },
            method => Response::new_err(
                request.id,
                ErrorCode::MethodNotFound as i32,
                format!("rulecheck does not serve `{method}`"),
            ),
        };
        self.send(Message::Response(response));
    }

    /// The edit applying every safe fix published for the document `uri`, if there is one.
    fn fix_all_edit(&self, uri: &str) -> Option<lsp_types::WorkspaceEdit> {
        let document = self.documents.get(uri)?;
        match actions::fix_all(&document.uri, self.published.get(uri)?)? {
            lsp_types::CodeActionOrCommand::CodeAction(action) => action.edit,
            lsp_types::CodeActionOrCommand::Command(_) => None,
        }
    }

    /// Asks the client to apply `edit` (`workspace/applyEdit`); its answer needs no handling:
    /// the change comes back as a `didChange`.
    fn apply(&mut self, edit: lsp_types::WorkspaceEdit) {
        let id = lsp_server::RequestId::from(format!("rulecheck-apply-{}", self.next_request));
        self.next_request += 1;
        let params = lsp_types::ApplyWorkspaceEditParams {
            label: Some("rulecheck: apply every safe fix".into()),
            edit,
        };
        self.send(Message::Request(Request::new(
            id,
            "workspace/applyEdit".into(),
            params,
        )));
    }

    /// The explain page of the rule of each rulecheck diagnostic at the hovered position.
    fn hover(&self, params: &HoverParams) -> Option<Hover> {
        let at = &params.text_document_position_params;
        let workspace = self.workspace.as_ref()?;
        let diagnostics = self.published.get(at.text_document.uri.as_str())?;
        let pages: Vec<String> = diagnostics
            .iter()
            .filter(|d| {
                let (start, end, p) = (d.range.start, d.range.end, at.position);
                (start.line, start.character) <= (p.line, p.character)
                    && (p.line, p.character) <= (end.line, end.character)
            })
            .filter_map(|d| {
                let pack = d.data.as_ref()?.get("pack")?.as_str()?;
                let Some(lsp_types::NumberOrString::String(rule)) = &d.code else {
                    return None;
                };
                workspace.explain(pack, rule)
            })
            .collect();
        (!pages.is_empty()).then(|| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: pages
                    .iter()
                    .map(|page| format!("```text\n{}```", page))
                    .collect::<Vec<_>>()
                    .join("\n"),
            }),
            range: None,
        })
    }

    /// Checks the documents whose quiet period is over.
    fn check_due(&mut self) {
        let now = Instant::now();
        let ready: Vec<String> = self
            .due
            .iter()
            .filter(|(_, due)| **due <= now)
            .map(|(key, _)| key.clone())
            .collect();
        for key in ready {
            self.check(&key);
        }
    }

    /// Checks the document `key` and publishes its diagnostics.
    fn check(&mut self, key: &str) {
        self.due.remove(key);
        let Some(document) = self.documents.get(key) else {
            return;
        };
        let Some(path) = document.path.as_deref() else {
            return;
        };
        // A pack or configuration buffer is judged on its own: most useful when it is what
        // keeps the workspace from loading.
        if path.extension().is_some_and(|e| e == "toml") {
            let diagnostics = if packfile::is_pack(&document.text) {
                Some(packfile::diagnostics(path, &document.text))
            } else {
                packfile::config_diagnostics(path, &document.text)
            };
            if let Some(diagnostics) = diagnostics {
                let (uri, version) = (document.uri.clone(), document.version);
                self.publish(uri, diagnostics, Some(version));
            }
            return;
        }
        let Some(workspace) = &self.workspace else {
            return;
        };
        if !workspace.checks_extension(path) {
            return;
        }
        let open = self.documents.values().filter(|d| d.uri != document.uri);
        let open = open.filter_map(|d| Some((d.path.as_deref()?, d.text.as_str())));
        let checked = catch_unwind(AssertUnwindSafe(|| {
            workspace.diagnostics(path, &document.text, open)
        }));
        let failure = match checked {
            Ok(Ok(diagnostics)) => {
                let (uri, version) = (document.uri.clone(), document.version);
                self.publish(uri, diagnostics, Some(version));
                return;
            }
            Ok(Err(error)) => error.to_string(),
            Err(_) => "an internal error of rulecheck (please report it)".to_owned(),
        };
        let message = format!("rulecheck: {} was not checked: {failure}", path.display());
        self.log(MessageType::WARNING, message);
    }

    fn publish(&mut self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        self.published
            .insert(uri.as_str().to_owned(), diagnostics.clone());
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".into(),
            params,
        )));
    }

    fn log(&self, typ: MessageType, message: String) {
        self.send(Message::Notification(Notification::new(
            "window/logMessage".into(),
            LogMessageParams { typ, message },
        )));
    }

    fn send(&self, message: Message) {
        // The client is gone when this fails: the receiving loop ends the session then.
        let _ = self.connection.sender.send(message);
    }
}

/// The parameters of a message, or `None` when they do not parse (the message is ignored).
fn parse<T: DeserializeOwned>(params: serde_json::Value) -> Option<T> {
    serde_json::from_value(params).ok()
}

/// The file a `file:` URI names (percent-escapes decoded).
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path`: only the local host (empty or `localhost`) names a file here.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                i += 3;
            }
            None => {
                decoded.push(bytes[i]);
                i += 1;
            }
        }
    }
    let text = String::from_utf8(decoded).ok()?;
    Some(Path::new(&text).to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    #[test]
    fn a_file_uri_names_its_path_with_escapes_decoded() {
        assert_eq!(
            path_of(&uri("file:///srv/my%20project/pipeline.py")),
            Some(PathBuf::from("/srv/my project/pipeline.py"))
        );
        assert_eq!(
            path_of(&uri("file://localhost/a.py")),
            Some(PathBuf::from("/a.py"))
        );
    }

    #[test]
    fn other_uris_name_no_file() {
        assert_eq!(path_of(&uri("untitled:Untitled-1")), None);
        assert_eq!(path_of(&uri("file://server/share/a.py")), None);
    }
}
