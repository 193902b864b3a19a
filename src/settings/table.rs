//! Every setting that both the command line and a configuration file give, declared once: its
//! flag (the clap attributes and help), its key (the field's name in kebab-case), its default,
//! and how a configuration file's value is read. To add a setting, add its declaration here and
//! read it where it is used.

use std::path::PathBuf;

use super::declare::settings;
use super::value::{self, FileValue, Show};
use super::{DEFAULT_MAX_FILE_SIZE, FailOn, parse_size};
use crate::report::Format;

settings! {
    /// The rule pack: a name (found as NAME.toml in --pack-dir folders, then ./rules, then the
    /// built-in packs) or a path ending in .toml. Without it, every available pack checks the
    /// files its `files` globs match.
    #[arg(long, value_name = "NAME|FILE.toml")]
    pack: String, unset "not set, every pack checks the files its globs match", read value::pack;

    /// A folder to look for packs in before ./rules; repeatable, searched in order.
    #[arg(long = "pack-dir", value_name = "DIR")]
    pack_dirs: Vec<PathBuf> = Vec::new(), read value::folders;

    /// The project root that path templates (specs, builders…) are resolved under [default: .]
    #[arg(long, value_name = "DIR")]
    root: PathBuf = PathBuf::from("."), read value::folder;

    /// Skip walked files whose name or relative path matches this glob; repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String> = Vec::new(), read FileValue::strings;

    /// Exit with 1 when a finding is at least this severe [default: error]
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: FailOn = FailOn::Error, read value::choice;

    /// Run only these levels (comma-separated), e.g. --levels first,second.
    #[arg(long, value_delimiter = ',', value_name = "LEVEL,...")]
    levels: Vec<String>, unset "not set, every level runs", read value::names;

    /// Output format [default: text]
    #[arg(long, value_enum)]
    format: Format = Format::Text, read value::choice;

    /// Skip scripts larger than this (bytes, or with a K/M/G suffix) and leave larger companion
    /// files unread, with a notice; a larger script on standard input is an error [default: 4M]
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_file_size: u64 = DEFAULT_MAX_FILE_SIZE, read FileValue::size;

    /// With --pack: check every walked file with one of the pack's extensions, not only files
    /// matching its `files` globs.
    #[arg(long, num_args = 0, default_missing_value = "true")]
    all_files: bool = false, read FileValue::boolean;

    /// Follow symbolic links while walking (loops are reported and skipped).
    #[arg(long, num_args = 0, default_missing_value = "true")]
    follow: bool = false, read FileValue::boolean;

    /// How many files to check at once (default: the number of cores).
    #[arg(short = 'j', long, value_name = "N")]
    jobs: usize, unset "not set, the number of cores", read FileValue::positive_integer;
}

impl Show for FailOn {
    fn show(&self) -> String {
        value::show_choice(self)
    }
}

impl Show for Format {
    fn show(&self) -> String {
        value::show_choice(self)
    }
}
