//! The `rulecheck` command line: parses arguments, calls the library, and maps the outcome to an
//! exit code (0 clean, 1 findings at or above `--fail-on` or failed pack tests, 2 error).

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use rulecheck::cli::check::{Config as CheckConfig, Format};
use rulecheck::cli::{self, describe};
use rulecheck::config::{self, Choice, FailOn as FailOnValue, Values};
use rulecheck::pack::{self, locate};
use rulecheck::run::walk::Walk;
use rulecheck::{CompiledPack, Error};

/// Check Python scripts against a declarative TOML rule pack.
///
/// Without a subcommand, checks PATHs (as `rulecheck check`).
#[derive(Debug, Parser)]
#[command(
    version,
    about,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check scripts (the default when no subcommand is given).
    Check(CheckArgs),
    /// Run packs' self-tests: inline examples and fixture trees.
    Test(TestArgs),
    /// Load packs and report all their errors and warnings, without running them.
    Validate {
        /// Pack files, or names looked up like --pack NAME.
        #[arg(required = true, value_name = "PACK|FILE.toml")]
        packs: Vec<String>,
        /// A folder to look for packs in before ./rules; repeatable.
        #[arg(long = "pack-dir", value_name = "DIR")]
        pack_dirs: Vec<PathBuf>,
    },
    /// Describe a pack, or one of its rules (PACK:RULE).
    Explain {
        /// A pack name or file, optionally followed by `:RULE`.
        #[arg(value_name = "PACK[:RULE]")]
        target: String,
        /// A folder to look for packs in before ./rules; repeatable.
        #[arg(long = "pack-dir", value_name = "DIR")]
        pack_dirs: Vec<PathBuf>,
    },
    /// List the available packs and where each is loaded from.
    Packs {
        /// A folder to look for packs in before ./rules; repeatable.
        #[arg(long = "pack-dir", value_name = "DIR")]
        pack_dirs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// Print the JSON Schema of the pack format (committed as rules/rulepack.schema.json).
    Schema,
    /// Show which pack checks each file and why, without checking anything.
    Route(RouteArgs),
    /// Print the pack guide: every key of the pack format, scopes, templates, testing a pack.
    Guide,
    /// Print the effective settings of `check` and where each comes from (default, a
    /// configuration file, the command line).
    Config(ConfigArgs),
}

#[derive(Debug, Args)]
struct ConfigArgs {
    #[command(flatten)]
    options: CheckOptions,
}

#[derive(Debug, Args)]
struct RouteArgs {
    /// Route to this pack only (otherwise every available pack routes by its `files` globs).
    #[arg(long, value_name = "NAME|FILE.toml")]
    pack: Option<String>,
    /// A folder to look for packs in before ./rules; repeatable.
    #[arg(long = "pack-dir", value_name = "DIR")]
    pack_dirs: Vec<PathBuf>,
    #[command(flatten)]
    walk: WalkArgs,
    #[command(flatten)]
    config: ConfigChoice,
    /// Files and folders.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// How folders are walked.
#[derive(Debug, Args)]
struct WalkArgs {
    /// With --pack: check every walked file with one of the pack's extensions, not only files
    /// matching its `files` globs.
    #[arg(long)]
    all_files: bool,
    /// Skip walked files whose name or relative path matches this glob; repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Follow symbolic links while walking (loops are reported and skipped).
    #[arg(long)]
    follow: bool,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    options: CheckOptions,

    /// The scripts and folders to check; `-` reads one script from standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Which configuration file to read.
#[derive(Debug, Args)]
struct ConfigChoice {
    /// Read this configuration file (rulecheck.toml, or a pyproject.toml with [tool.rulecheck])
    /// instead of looking for one from the working directory up.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,

    /// Ignore every configuration file.
    #[arg(long)]
    isolated: bool,
}

impl ConfigChoice {
    fn choice(&self) -> Choice {
        match (&self.config, self.isolated) {
            (_, true) => Choice::Isolated,
            (Some(file), false) => Choice::File(file.clone()),
            (None, false) => Choice::Discover,
        }
    }
}

/// The options of `check`. Those a configuration file may also set are `Option`s (or empty
/// lists, or unset flags) here, so that only a flag that is given overrides the file.
#[derive(Debug, Args)]
struct CheckOptions {
    /// The rule pack: a name (found as NAME.toml in --pack-dir folders, then ./rules, then the
    /// built-in packs) or a path ending in .toml. Without it, every available pack checks the
    /// files its `files` globs match.
    #[arg(long, value_name = "NAME|FILE.toml")]
    pack: Option<String>,

    /// A folder to look for packs in before ./rules; repeatable, searched in order.
    #[arg(long = "pack-dir", value_name = "DIR")]
    pack_dirs: Vec<PathBuf>,

    /// The project root that path templates (specs, builders…) are resolved under [default: .]
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,

    /// Output format [default: text]
    #[arg(long, value_enum)]
    format: Option<CheckFormat>,

    /// Exit with 1 when a finding is at least this severe [default: error]
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<FailOn>,

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

    #[command(flatten)]
    walk: WalkArgs,

    /// Skip scripts larger than this (bytes, or with a K/M/G suffix) and leave larger companion
    /// files unread, with a notice; a larger script on standard input is an error [default: 4M]
    #[arg(long, value_name = "SIZE", value_parser = config::parse_size)]
    max_file_size: Option<u64>,

    /// How many files to check at once (default: the number of cores).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    jobs: Option<usize>,

    #[command(flatten)]
    config: ConfigChoice,

    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output_file: Option<PathBuf>,
}

impl CheckOptions {
    /// The settings the command line gives, for merging over the configuration file.
    fn values(&self) -> Values {
        Values {
            pack: self.pack.clone(),
            pack_dirs: (!self.pack_dirs.is_empty()).then(|| self.pack_dirs.clone()),
            root: self.root.clone(),
            exclude: (!self.walk.exclude.is_empty()).then(|| self.walk.exclude.clone()),
            fail_on: self.fail_on.map(|f| match f {
                FailOn::Error => FailOnValue::Error,
                FailOn::Warning => FailOnValue::Warning,
                FailOn::Info => FailOnValue::Info,
                FailOn::Never => FailOnValue::Never,
            }),
            levels: self.levels.clone(),
            format: self.format.map(|f| match f {
                CheckFormat::Text => Format::Text,
                CheckFormat::Json => Format::Json,
                CheckFormat::Sarif => Format::Sarif,
                CheckFormat::Github => Format::Github,
            }),
            max_file_size: self.max_file_size,
            all_files: self.walk.all_files.then_some(true),
            follow: self.walk.follow.then_some(true),
            jobs: self.jobs,
        }
    }
}

#[derive(Debug, Args)]
struct TestArgs {
    /// Packs to test (names or files); default: every available pack.
    #[arg(value_name = "PACK")]
    packs: Vec<String>,
    /// A folder to look for packs in before ./rules; repeatable.
    #[arg(long = "pack-dir", value_name = "DIR")]
    pack_dirs: Vec<PathBuf>,
    /// Rewrite each fixture's expected.txt from the current findings (review the diff!).
    #[arg(long)]
    update: bool,
    /// Fail when a rule has no case that fires it or none where it stays quiet.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

/// `check --format`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Sarif,
    Github,
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

/// What a command prints, and its exit code.
struct Printed {
    stdout: String,
    stderr: String,
    code: u8,
}

impl Printed {
    /// `stdout`, exiting 1 when `failed`.
    fn out(stdout: String, failed: bool) -> Printed {
        Printed {
            stdout,
            stderr: String::new(),
            code: u8::from(failed),
        }
    }
}

type Outcome = Result<Printed, Error>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        None => check(cli.check),
        Some(Command::Check(args)) => check(args),
        Some(Command::Test(args)) => test(args),
        Some(Command::Validate { packs, pack_dirs }) => Ok(validate(&packs, &pack_dirs)),
        Some(Command::Explain { target, pack_dirs }) => explain(&target, &pack_dirs),
        Some(Command::Packs { pack_dirs, format }) => {
            let listings = describe::list_packs(&pack_dirs);
            Ok(Printed::out(
                match format {
                    FormatArg::Text => describe::render_packs_text(&listings),
                    FormatArg::Json => describe::render_packs_json(&listings),
                },
                false,
            ))
        }
        Some(Command::Schema) => Ok(Printed::out(pack::schema(), false)),
        Some(Command::Route(args)) => route(args),
        Some(Command::Guide) => Ok(Printed::out(describe::GUIDE.to_owned(), false)),
        Some(Command::Config(args)) => show_config(&args.options),
    };
    match outcome {
        Ok(printed) => {
            eprint!("{}", printed.stderr);
            let mut stdout = io::stdout().lock();
            if stdout
                .write_all(printed.stdout.as_bytes())
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(2);
            }
            ExitCode::from(printed.code)
        }
        // A reader that closed the pipe (`| head`) wants no more: end quietly.
        Err(Error::Write(error)) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(2),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn check(args: CheckArgs) -> Outcome {
    let options = args.options;
    let settings = config::resolve(options.values(), &options.config.choice())?;
    let color = match options.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            options.output_file.is_none()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && io::stdout().is_terminal()
        }
    };
    let config = CheckConfig {
        pack: settings.pack.value,
        pack_dirs: settings.pack_dirs.value,
        root: settings.root.value,
        format: settings.format.value,
        fail_on: settings.fail_on.value.threshold(),
        existing: options.existing,
        stdin_filename: options.stdin_filename,
        levels: settings.levels.value,
        color,
        paths: args.paths,
        walk: Walk {
            all_files: settings.all_files.value,
            exclude: settings.exclude.value,
            follow: settings.follow.value,
        },
        max_file_size: settings.max_file_size.value,
        jobs: settings
            .jobs
            .value
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        ignores: settings.ignores,
    };
    // The report is written while the files are checked, not built first.
    let output = match options.output_file {
        Some(path) => {
            let failed = |source| Error::OutputFile {
                path: path.clone(),
                source,
            };
            let file = fs::File::create(&path).map_err(failed)?;
            let mut out = io::BufWriter::with_capacity(1 << 16, file);
            cli::check::run(&config, &mut io::stdin().lock(), &mut out).map_err(|e| match e {
                Error::Write(source) => failed(source),
                other => other,
            })?
        }
        None => {
            let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
            cli::check::run(&config, &mut io::stdin().lock(), &mut out)?
        }
    };
    Ok(Printed {
        stdout: String::new(),
        stderr: output.notice,
        code: u8::from(output.failed),
    })
}

fn show_config(options: &CheckOptions) -> Outcome {
    let settings = config::resolve(options.values(), &options.config.choice())?;
    Ok(Printed::out(cli::config::render(&settings), false))
}

/// Routes as `check` would: with the configuration's `pack`, `pack-dirs` and walk settings
/// under the flags given.
fn route(args: RouteArgs) -> Outcome {
    let given = Values {
        pack: args.pack,
        pack_dirs: (!args.pack_dirs.is_empty()).then_some(args.pack_dirs),
        exclude: (!args.walk.exclude.is_empty()).then_some(args.walk.exclude),
        all_files: args.walk.all_files.then_some(true),
        follow: args.walk.follow.then_some(true),
        ..Values::default()
    };
    let settings = config::resolve(given, &args.config.choice())?;
    let walk = Walk {
        all_files: settings.all_files.value,
        exclude: settings.exclude.value,
        follow: settings.follow.value,
    };
    let plan = cli::route::route(
        settings.pack.value.as_deref(),
        &settings.pack_dirs.value,
        &walk,
        &args.paths,
    )?;
    Ok(Printed {
        stdout: plan.stdout,
        stderr: plan.stderr,
        code: 0,
    })
}

fn test(args: TestArgs) -> Outcome {
    let run = cli::test::run(&args.packs, &args.pack_dirs, args.update, args.strict)?;
    Ok(Printed::out(run.report, run.failed))
}

fn validate(packs: &[String], pack_dirs: &[PathBuf]) -> Printed {
    let mut printed = Printed::out(String::new(), false);
    for spec in packs {
        match describe::validate(spec, pack_dirs) {
            Ok(page) => printed.stdout.push_str(&page),
            Err(error) => {
                printed.stderr.push_str(&format!("error: {error}\n"));
                printed.code = 2;
            }
        }
    }
    printed
}

fn explain(target: &str, pack_dirs: &[PathBuf]) -> Outcome {
    // A `:` after `.toml` or in a name separates the rule; Windows drive letters are not a concern
    // for pack names.
    let (spec, rule) = match target.rsplit_once(':') {
        Some((spec, rule)) if !spec.is_empty() => (spec, Some(rule)),
        _ => (target, None),
    };
    let compiled = CompiledPack::load(&locate::resolve(spec, pack_dirs)?)?;
    Ok(Printed::out(describe::explain(&compiled, rule)?, false))
}
