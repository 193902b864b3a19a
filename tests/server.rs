//! `rulecheck server` driven as an editor drives it: the real binary over stdio, JSON-RPC with
//! `Content-Length` framing. Initialize, open a registration script with a misspelt approval
//! status, receive the diagnostic at the literal, ask for code actions (the pack's fix, every
//! safe fix, a suppression), apply the suppression, change the buffer, receive clean
//! diagnostics, shut down.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

/// A language client talking to a `rulecheck server` process.
struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
}

impl Client {
    /// Starts the server in `root` and completes the handshake.
    fn start(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rulecheck"))
            .arg("server")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary starts");
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut client = Client {
            child,
            stdin,
            stdout,
            next_id: 1,
        };
        let root_uri = format!("file://{}", root.display());
        let init = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": root_uri, "capabilities": {} }),
        );
        assert_eq!(init["result"]["serverInfo"]["name"], "rulecheck", "{init}");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("server reads");
        self.stdin.flush().expect("server reads");
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            let read = self.stdout.read_line(&mut line).expect("server writes");
            assert!(read > 0, "the server closed its output");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().expect("a length");
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).expect("a whole message");
        serde_json::from_slice(&body).expect("JSON")
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its response (notifications before it are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message["id"] == id {
                return message;
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                return message["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }

    fn stop(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert!(response["error"].is_null(), "{response}");
        self.notify("exit", Value::Null);
        let status = self.child.wait().expect("the server exits");
        assert!(status.success(), "{status}");
    }
}

fn open(client: &mut Client, uri: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text } }),
    );
}

fn change(client: &mut Client, uri: &str, version: i64, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }] }),
    );
}

/// Applies the insertions of `edits` (each at one position) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    for edit in edits {
        let start = &edit["range"]["start"];
        let line = start["line"].as_u64().expect("a line") as usize;
        let column = start["character"].as_u64().expect("a column") as usize;
        let units: Vec<u16> = lines[line].encode_utf16().collect();
        let new = edit["newText"].as_str().expect("text");
        lines[line] = format!(
            "{}{new}{}",
            String::from_utf16_lossy(&units[..column]),
            String::from_utf16_lossy(&units[column..])
        );
    }
    lines.join("\n")
}

fn workspace() -> std::path::PathBuf {
    common::repo().join("tests/fixtures/server")
}

#[test]
fn an_open_buffer_gets_its_findings_at_their_ranges_and_a_suppression_clears_one() {
    let root = workspace();
    let path = root.join("churn_register.py");
    let uri = format!("file://{}", path.display());
    let text = std::fs::read_to_string(&path).expect("fixture");
    let mut client = Client::start(&root);
    open(&mut client, &uri, &text);
    let diagnostics = client.diagnostics(&uri);
    let approval: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "approval_status_value")
        .collect();
    assert_eq!(approval.len(), 1, "{diagnostics:#?}");
    // The literal "PendingManualAproval" on line 8 (0-based 7), columns in UTF-16 units.
    assert_eq!(
        approval[0]["range"],
        json!({ "start": { "line": 7, "character": 20 }, "end": { "line": 7, "character": 42 } })
    );
    assert_eq!(approval[0]["severity"], 1);

    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 7, "character": 25 } }),
    );
    let page = hover["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(
        page.contains("approval_status_value") && page.contains("invalid_approval_status"),
        "{hover}"
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": approval[0]["range"],
                "context": { "diagnostics": [approval[0]] } }),
    );
    let offered = actions["result"].as_array().expect("actions");
    let titled = |prefix: &str| {
        offered
            .iter()
            .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(prefix)))
            .unwrap_or_else(|| panic!("no `{prefix}…` action: {actions}"))
    };
    // The pack's fix, preferred as it is safe: the literal replaced, in its quotes.
    let fix = titled("Replace `PendingManualAproval` with `PendingManualApproval`");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(
        fix["edit"]["changes"][&uri],
        json!([{ "range": approval[0]["range"], "newText": "\"PendingManualApproval\"" }])
    );
    // Every safe fix at once, as a source action.
    let all = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": approval[0]["range"],
                "context": { "diagnostics": [], "only": ["source.fixAll"] } }),
    );
    assert_eq!(all["result"][0]["kind"], "source.fixAll.rulecheck", "{all}");
    assert_eq!(all["result"][0]["edit"], fix["edit"]);

    // The same through a command: the server asks the client to apply the edit.
    let command = json!({ "command": "rulecheck.applyAllFixes", "arguments": [uri] });
    client.send(
        &json!({ "jsonrpc": "2.0", "id": 900, "method": "workspace/executeCommand",
                         "params": command }),
    );
    let (mut answered, mut asked) = (false, None);
    while !answered || asked.is_none() {
        let message = client.receive();
        if message["id"] == 900 {
            assert!(message["error"].is_null(), "{message}");
            answered = true;
        } else if message["method"] == "workspace/applyEdit" {
            client.send(&json!({ "jsonrpc": "2.0", "id": message["id"],
                                 "result": { "applied": false } }));
            asked = Some(message["params"]["edit"].clone());
        }
    }
    assert_eq!(asked, Some(fix["edit"].clone()));

    let action = titled("Suppress `approval_status_value` on this line");
    assert_eq!(action["kind"], "quickfix", "{actions}");
    assert_eq!(action["isPreferred"], false);
    let edits = action["edit"]["changes"][&uri].as_array().expect("edits");
    let suppressed = apply(&text, edits);
    assert!(
        suppressed
            .contains("\"PendingManualAproval\",  # rulecheck: ignore[approval_status_value] -- "),
        "{suppressed}"
    );
    // A suppression without a reason is reported by rulecheck itself; give it one.
    let reasoned = suppressed.replace(" -- \n", " -- migrated in 2.0\n");
    change(&mut client, &uri, 2, &reasoned);
    let after = client.diagnostics(&uri);
    assert!(after.is_empty(), "{after:#?}");
    client.stop();
}

#[test]
fn hostile_buffers_get_diagnostics_and_no_crash_and_a_closed_buffer_is_cleared() {
    let root = workspace();
    let mut client = Client::start(&root);
    let depth = 100_000;
    // The robustness suite's pathological shapes, as unsaved buffers named like registrations.
    let shapes = [
        (
            "chain_register.py",
            format!("f({}x = 1)\n", "a+".repeat(depth)),
        ),
        (
            "keyword_register.py",
            format!("f({}x=1)\n", "-".repeat(depth)),
        ),
        (
            "target_register.py",
            format!("{}a{} = 1\n", "[".repeat(depth), "]".repeat(depth)),
        ),
        (
            "parens_register.py",
            format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth)),
        ),
        (
            "binary_register.py",
            "\u{0}\u{1}\u{fffd}\\\n\"\"\"".repeat(1000),
        ),
    ];
    for (name, text) in &shapes {
        let uri = format!("file://{}", root.join(name).display());
        open(&mut client, &uri, text);
        let diagnostics = client.diagnostics(&uri);
        // Named like a registration and making no call: judged as a whole, at the start.
        assert!(!diagnostics.is_empty(), "{name}: checked");
        assert!(
            diagnostics
                .iter()
                .all(|d| d["range"]["start"] == json!({ "line": 0, "character": 0 })),
            "{name}: {diagnostics:#?}"
        );
        client.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
        assert_eq!(
            client.diagnostics(&uri),
            Vec::<Value>::new(),
            "{name}: cleared on close"
        );
    }
    // Still serving: a request after the hostile buffers is answered.
    let unknown = client.request("textDocument/definition", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    client.stop();
}

#[test]
fn a_pack_with_three_errors_gets_three_diagnostics_and_a_did_you_mean_fix() {
    let root = workspace();
    let path = root.join("packs/broken.toml");
    let uri = format!("file://{}", path.display());
    let text = std::fs::read_to_string(&path).expect("fixture");
    let mut client = Client::start(&root);
    open(&mut client, &uri, &text);
    let diagnostics = client.diagnostics(&uri);
    let at: Vec<(u64, u64)> = diagnostics
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            (
                start["line"].as_u64().unwrap_or(0),
                start["character"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(at, [(18, 11), (19, 0), (30, 8)], "{diagnostics:#?}");
    let call_set = &diagnostics[2];
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": call_set["range"],
                "context": { "diagnostics": [call_set] } }),
    );
    let edit = &actions["result"][0]["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "\"fits\"", "{actions}");
    assert_eq!(actions["result"][0]["isPreferred"], true);
    // Fixed in the buffer: two errors remain.
    let fixed = text.replace("calls = \"fitz\"", "calls = \"fits\"");
    change(&mut client, &uri, 2, &fixed);
    assert_eq!(client.diagnostics(&uri).len(), 2);
    client.stop();
}

#[test]
fn a_configuration_buffer_shows_its_error_and_saving_it_reloads_the_settings() {
    let root = common::scratch("server-reload");
    let source = workspace();
    std::fs::copy(
        source.join("churn_register.py"),
        root.join("churn_register.py"),
    )
    .expect("scratch is writable");
    std::fs::write(root.join("rulecheck.toml"), "pack = \"registermodel\"\n").expect("writable");
    let script = format!("file://{}", root.join("churn_register.py").display());
    let config = format!("file://{}", root.join("rulecheck.toml").display());
    let text = std::fs::read_to_string(root.join("churn_register.py")).expect("copied");
    let mut client = Client::start(&root);
    open(&mut client, &script, &text);
    let before = client.diagnostics(&script);
    assert!(
        before.iter().any(|d| d["code"] == "approval_status_value"),
        "{before:#?}"
    );

    open(
        &mut client,
        &config,
        "pack = \"registermodel\"\nlevelz = [\"metadata\"]\n",
    );
    let misspelt = client.diagnostics(&config);
    assert_eq!(misspelt.len(), 1, "{misspelt:#?}");
    assert_eq!(
        misspelt[0]["range"]["start"],
        json!({ "line": 1, "character": 0 })
    );

    // Saved with the metadata level only: the script is checked again without approval rules.
    let fixed = "pack = \"registermodel\"\nlevels = [\"metadata\"]\n";
    std::fs::write(root.join("rulecheck.toml"), fixed).expect("writable");
    change(&mut client, &config, 2, fixed);
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": config } }),
    );
    let after = client.diagnostics(&script);
    assert!(
        after.iter().all(|d| d["code"] != "approval_status_value"),
        "{after:#?}"
    );
    client.stop();
}
