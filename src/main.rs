//! The `rulecheck` command line: parses arguments, calls [`rulecheck::run::run`], and maps the
//! outcome to an exit code (0 clean, 1 findings at or above `--fail-on`, 2 error).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use rulecheck::Severity;
use rulecheck::run::{self, Config, Format};

/// Check Python scripts against a declarative TOML rule pack.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// The rule pack: a name (found as NAME.toml in --pack-dir folders, then ./rules, then the
    /// built-in packs) or a path ending in .toml.
    #[arg(long, value_name = "NAME|FILE.toml")]
    pack: String,

    /// A folder to look for packs in before ./rules; repeatable, searched in order.
    #[arg(long = "pack-dir", value_name = "DIR")]
    pack_dirs: Vec<PathBuf>,

    /// The project root that path templates (specs, builders…) are resolved under.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,

    /// Exit with 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    fail_on: FailOn,

    /// Existing validation results (JSON) to append the new issues to, as cursus does.
    #[arg(long, value_name = "RESULTS.json")]
    existing: Option<PathBuf>,

    /// The script's file name when it is read from standard input (`-`).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,

    /// Run only these levels (comma-separated), e.g. --levels first,second.
    #[arg(long, value_delimiter = ',', value_name = "LEVEL,...")]
    levels: Option<Vec<String>>,

    /// When to colour text output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

    /// The scripts to check; `-` reads one from standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    };
    let config = Config {
        pack: cli.pack,
        pack_dirs: cli.pack_dirs,
        root: cli.root,
        format: match cli.format {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
        },
        fail_on: match cli.fail_on {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        },
        existing: cli.existing,
        stdin_filename: cli.stdin_filename,
        levels: cli.levels,
        color,
        paths: cli.paths,
    };
    match run::run(&config, &mut io::stdin().lock()) {
        Ok(output) => {
            let mut stdout = io::stdout().lock();
            if stdout
                .write_all(output.report.as_bytes())
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(2);
            }
            ExitCode::from(u8::from(output.failed))
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
