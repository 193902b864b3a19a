//! The `rulecheck` command line: parses the arguments, calls the command, and maps what it gives
//! to an exit code (0 clean, 1 findings at or above `--fail-on` or failed pack tests, 2 error).

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use rulecheck::Error;
use rulecheck::cli::{self, Cli, Command, Printed};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let done = match cli.command {
        None => cli::check::run(cli.check),
        Some(Command::Check(args)) => cli::check::run(args),
        Some(Command::Test(args)) => cli::test::run(args),
        Some(Command::Validate(args)) => Ok(cli::validate::run(args)),
        Some(Command::Explain(args)) => cli::explain::run(args),
        Some(Command::Packs(args)) => Ok(cli::packs::run(args)),
        Some(Command::Schema) => Ok(cli::schema::schema()),
        Some(Command::Route(args)) => cli::route::run(args),
        Some(Command::Guide) => Ok(cli::schema::guide()),
        Some(Command::Config(args)) => cli::config::run(args),
        Some(Command::Server(args)) => cli::server::run(args),
    };
    match done {
        Ok(printed) => print(printed),
        // A reader that closed the pipe (`| head`) wants no more: end quietly.
        Err(Error::Write(error)) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(2),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

/// Prints what a command gave and exits with its code (2 when standard output fails).
fn print(printed: Printed) -> ExitCode {
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
