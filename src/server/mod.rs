//! `rulecheck server`: a Language Server Protocol server over stdio (on `lsp-server` and
//! `lsp-types`, the crates rust-analyzer and Ruff's server use). It publishes the findings of
//! the packs that route each open Python buffer — from the unsaved text, with other open
//! buffers as companion files — on open, on change (after a quiet period) and on save, and
//! offers to suppress a finding on its line. Saving a pack or the configuration reloads them.
//!
//! A buffer that cannot be checked (its companion file unreadable, or a failure of the engine)
//! is logged, not shown: the server keeps serving.

mod actions;
mod overlay;
mod packfile;
mod positions;
mod session;
mod workspace;

use std::path::PathBuf;

use lsp_server::Connection;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, InitializeParams, SaveOptions,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

use crate::config::Choice;
use crate::error::{Error, Result};
use crate::settings::Layer;
use session::Session;

/// How long a buffer must stay unchanged before it is checked again.
pub const DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(150);

/// Serves the client on standard input and output until it asks to exit, with the flags
/// `given` over the workspace's configuration file (`choice`).
pub fn serve(given: Layer, choice: Choice) -> Result<()> {
    let (connection, threads) = Connection::stdio();
    // Deeply nested buffers parse on this thread's stack, as the check workers' do.
    let served = std::thread::Builder::new()
        .name("rulecheck-server".into())
        .stack_size(64 << 20)
        .spawn(move || serve_on(&connection, given, choice))
        .map_err(|e| protocol(&e))?
        .join()
        .map_err(|_| Error::Usage {
            message: "the language server stopped on an internal error".into(),
            help: "report it with the buffer that was open".into(),
        })?;
    served?;
    threads.join().map_err(|e| protocol(&e))
}

/// The handshake, then the session until `exit`.
fn serve_on(connection: &Connection, given: Layer, choice: Choice) -> Result<()> {
    let (id, params) = connection.initialize_start().map_err(|e| protocol(&e))?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        execute_command_provider: Some(lsp_types::ExecuteCommandOptions {
            commands: vec![actions::FIX_ALL_COMMAND.into()],
            ..lsp_types::ExecuteCommandOptions::default()
        }),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(actions::FIX_ALL),
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "rulecheck", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| protocol(&e))?;
    let root = workspace::root_of(root_path(&params));
    // Relative settings (pack folders, globs, the configuration file found upward) mean what
    // they mean to `rulecheck check` run from the workspace's folder.
    let _ = std::env::set_current_dir(&root);
    Session::new(connection, root, given, choice).run()
}

/// The folder of the client's first workspace folder, or of its root URI.
#[allow(deprecated)] // `root_uri`: older clients send only it
fn root_path(params: &InitializeParams) -> Option<PathBuf> {
    let uri = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|folder| &folder.uri)
        .or(params.root_uri.as_ref())?;
    session::path_of(uri)
}

/// A failure of the connection itself, as an error of the command.
fn protocol(error: &dyn std::fmt::Display) -> Error {
    Error::Usage {
        message: format!("the language server's connection failed: {error}"),
        help: "start `rulecheck server` from an editor's language client, which talks to it \
               over standard input and output"
            .into(),
    }
}
