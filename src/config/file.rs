//! Reading one configuration file into a settings [`Layer`]: its keys are those of the settings
//! table ([`crate::settings`]), plus `per-file-ignores`. An unknown key, a value of the wrong
//! type or a bad value is an error at `FILE:LINE:COL` with a snippet and a did-you-mean, like a
//! pack error.

use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::ignores::{self, Entry, PerFileIgnores};
use super::packs::{ConfigGlob, PackGlobs, PackRouting};
use super::written::{Located, Written};
use crate::bounded::{self, Bounded};
use crate::error::{Error, PackDiagnostic, Result};
use crate::position;
use crate::settings::value::FileValue;
use crate::settings::{Layer, parse_size, resolve_path};
use crate::suggest;

/// The configuration file of its own.
pub const RULECHECK_TOML: &str = "rulecheck.toml";
/// The Python project file, read for its `[tool.rulecheck]` table.
pub const PYPROJECT_TOML: &str = "pyproject.toml";

/// The key of the per-file-ignores table (a key that is not a setting of the command line).
const PER_FILE_IGNORES: &str = "per-file-ignores";
/// The key of the per-pack routing tables (a key that is not a setting of the command line).
const PACKS: &str = "packs";
/// The keys of a `[packs.NAME]` table.
const PACK_KEYS: [&str; 2] = ["extend-include", "extend-exclude"];

/// A loaded configuration file.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// The file, as named.
    pub path: PathBuf,
    /// The settings it gives, paths resolved against its folder.
    pub layer: Layer,
    /// Its `per-file-ignores`.
    pub ignores: PerFileIgnores,
    /// Where it wrote its settings' strings.
    pub written: Written,
    /// Its `[packs.NAME]` tables.
    pub packs: PackRouting,
}

/// Loads `--config FILE`: a `pyproject.toml` must have a `[tool.rulecheck]` table.
pub fn load_named(path: &Path) -> Result<ConfigFile> {
    if path.file_name().is_some_and(|n| n == PYPROJECT_TOML) {
        load_pyproject(path)?.ok_or_else(|| Error::Usage {
            message: format!("`{}` has no [tool.rulecheck] table", path.display()),
            help: "add a [tool.rulecheck] table, or pass a rulecheck.toml".into(),
        })
    } else {
        load(path)
    }
}

/// Loads a `rulecheck.toml`: its top-level keys.
pub fn load(path: &Path) -> Result<ConfigFile> {
    parse(&read(path)?, path)
}

/// Reads `text` as the `rulecheck.toml` at `path`, which names it in errors and whose folder
/// relative paths resolve against; reads no file.
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile> {
    let file = File::new(path, text);
    let table = file.parse()?;
    file.settings(table.get_ref())
}

/// Loads the `[tool.rulecheck]` table of a `pyproject.toml`, or `None` without one.
pub fn load_pyproject(path: &Path) -> Result<Option<ConfigFile>> {
    parse_pyproject(&read(path)?, path)
}

/// Reads `text` as the `pyproject.toml` at `path`, like [`parse`]: its `[tool.rulecheck]` table,
/// or `None` without one.
pub fn parse_pyproject(text: &str, path: &Path) -> Result<Option<ConfigFile>> {
    let file = File::new(path, text);
    let table = file.parse()?;
    let Some(tool) = get(table.get_ref(), "tool") else {
        return Ok(None);
    };
    let DeValue::Table(tool) = tool.get_ref() else {
        return Ok(None);
    };
    let Some(rulecheck) = get(tool, "rulecheck") else {
        return Ok(None);
    };
    match rulecheck.get_ref() {
        DeValue::Table(table) => file.settings(table).map(Some),
        other => Err(file.error(
            rulecheck.span(),
            format!("`tool.rulecheck` is {}, not a table", kind(other)),
            "write the settings under a [tool.rulecheck] table",
        )),
    }
}

/// The largest configuration file read (16 MiB; a `pyproject.toml` is a few KiB).
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;

fn read(path: &Path) -> Result<String> {
    let io_error = |source: io::Error| Error::Io {
        path: path.to_owned(),
        source,
        help: "check the configuration file's path, or pass --isolated to read none",
    };
    match bounded::read_file(path, MAX_CONFIG_BYTES).map_err(io_error)? {
        Bounded::Read(bytes) => bounded::utf8(bytes).map_err(io_error),
        Bounded::Over(_) => Err(Error::Usage {
            message: format!(
                "the configuration file {} holds more than {MAX_CONFIG_BYTES} bytes (16 MiB)",
                path.display()
            ),
            help: "point --config at a configuration file, or pass --isolated to read none".into(),
        }),
    }
}

fn get<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(_, v)| v)
}

/// The strings of a value (itself, or the items of an array), each with its span.
fn strings(value: &Spanned<DeValue>) -> Vec<Located> {
    let string = |value: &Spanned<DeValue>| match value.get_ref() {
        DeValue::String(text) => Some((text.to_string(), value.span())),
        _ => None,
    };
    match value.get_ref() {
        DeValue::Array(items) => items.iter().filter_map(string).collect(),
        _ => string(value).into_iter().collect(),
    }
}

fn kind(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// One file being read: its name and text, for diagnostics.
struct File<'a> {
    path: &'a Path,
    shown: String,
    text: &'a str,
}

type TomlValue<'i> = Spanned<DeValue<'i>>;

impl<'a> File<'a> {
    fn new(path: &'a Path, text: &'a str) -> File<'a> {
        File {
            path,
            shown: path.display().to_string(),
            text,
        }
    }

    fn error(&self, span: Range<usize>, message: String, help: impl Into<String>) -> Error {
        Error::Config(PackDiagnostic::at(
            &self.shown,
            self.text,
            span,
            message,
            help,
        ))
    }

    fn parse(&self) -> Result<Spanned<DeTable<'a>>> {
        DeTable::parse(self.text).map_err(|e| {
            self.error(
                e.span().unwrap_or(0..0),
                format!("invalid TOML: {}", e.message().trim()),
                "fix the TOML syntax",
            )
        })
    }

    /// The settings of `table`, paths resolved against the file's folder.
    fn settings(&self, table: &DeTable) -> Result<ConfigFile> {
        let dir = self.path.parent().unwrap_or(Path::new(""));
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        let mut layer = Layer::default();
        let mut ignores = PerFileIgnores::default();
        let mut written = Written::new(&self.shown, self.text);
        let mut packs = PackRouting::default();
        for (key, value) in entries {
            let name = key.get_ref().as_ref();
            if name == PER_FILE_IGNORES {
                ignores = self.ignores(dir, value)?;
                continue;
            }
            if name == PACKS {
                packs = self.packs(dir, value)?;
                continue;
            }
            let given = Given {
                file: self,
                dir,
                key: name,
                value,
            };
            if let Some(read) = layer.read(name, &given) {
                read?;
                written.add(name, strings(value));
                continue;
            }
            let mut keys = Layer::keys();
            keys.extend([PER_FILE_IGNORES, PACKS].map(str::to_owned));
            let listed = format!("the keys are: {}", keys.join(", "));
            return Err(self.error(
                key.span(),
                format!("unknown configuration key `{name}`"),
                suggest::did_you_mean_or(name, keys.iter().map(String::as_str), listed),
            ));
        }
        Ok(ConfigFile {
            path: self.path.to_owned(),
            layer,
            ignores,
            written,
            packs,
        })
    }

    fn wrong_type(&self, key: &str, value: &TomlValue, expected: &str) -> Error {
        self.error(
            value.span(),
            format!("`{key}` must be {expected}, not {}", kind(value.get_ref())),
            format!("write `{key}` as {expected}"),
        )
    }

    fn string(&self, key: &str, value: &TomlValue) -> Result<String> {
        match value.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(self.wrong_type(key, value, "a string")),
        }
    }

    /// An array of strings, or one string.
    fn strings(&self, key: &str, value: &TomlValue) -> Result<Vec<String>> {
        match value.get_ref() {
            DeValue::String(s) => Ok(vec![s.to_string()]),
            DeValue::Array(items) => items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::String(s) => Ok(s.to_string()),
                    _ => Err(self.wrong_type(key, item, "a string")),
                })
                .collect(),
            _ => Err(self.wrong_type(key, value, "an array of strings")),
        }
    }

    fn integer(&self, value: &TomlValue) -> Option<i64> {
        match value.get_ref() {
            DeValue::Integer(i) => {
                i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
            }
            _ => None,
        }
    }

    /// The `per-file-ignores` table: glob → rule ids or categories.
    fn ignores(&self, dir: &Path, value: &TomlValue) -> Result<PerFileIgnores> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.wrong_type(
                "per-file-ignores",
                value,
                "a table from glob to a list of rule ids or categories",
            ));
        };
        let mut items: Vec<_> = table.iter().collect();
        items.sort_by_key(|(k, _)| k.span().start);
        let mut entries = Vec::new();
        for (glob, ids) in items {
            let key = format!("per-file-ignores.\"{}\"", glob.get_ref());
            let matcher = ignores::compile(glob.get_ref()).map_err(|reason| {
                self.error(
                    glob.span(),
                    format!("`{}` is not a valid glob: {reason}", glob.get_ref()),
                    "write a glob relative to the configuration's folder, e.g. \"tests/**\"",
                )
            })?;
            let ids = self.strings(&key, ids)?;
            let line = position::position(self.text.as_bytes(), glob.span().start).line;
            entries.push(Entry::new(glob.get_ref().to_string(), matcher, ids, line));
        }
        Ok(PerFileIgnores::new(dir, self.shown.clone(), entries))
    }
}

impl File<'_> {
    /// The `packs` table: pack name → a table of `extend-include` and `extend-exclude` globs.
    fn packs(&self, dir: &Path, value: &TomlValue) -> Result<PackRouting> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.wrong_type(PACKS, value, "a table of [packs.NAME] tables"));
        };
        let mut items: Vec<_> = table.iter().collect();
        items.sort_by_key(|(k, _)| k.span().start);
        let mut packs = Vec::new();
        for (name, keys) in items {
            let shown = format!("{PACKS}.{}", name.get_ref());
            let DeValue::Table(keys) = keys.get_ref() else {
                return Err(self.wrong_type(
                    &shown,
                    keys,
                    "a table of extend-include and extend-exclude",
                ));
            };
            let mut globs = PackGlobs {
                name: name.get_ref().to_string(),
                position: position::position(self.text.as_bytes(), name.span().start),
                include: Vec::new(),
                exclude: Vec::new(),
            };
            for (key, value) in keys {
                let list = match key.get_ref().as_ref() {
                    "extend-include" => &mut globs.include,
                    "extend-exclude" => &mut globs.exclude,
                    other => {
                        let listed = format!("the keys are: {}", PACK_KEYS.join(", "));
                        return Err(self.error(
                            key.span(),
                            format!("unknown key `{other}` in [{shown}]"),
                            suggest::did_you_mean_or(other, PACK_KEYS, listed),
                        ));
                    }
                };
                *list = self.globs(&format!("{shown}.{}", key.get_ref()), value)?;
            }
            packs.push(globs);
        }
        Ok(PackRouting::new(dir, self.shown.clone(), packs))
    }

    /// An array of globs (or one), each compiled as `per-file-ignores` globs are.
    fn globs(&self, key: &str, value: &TomlValue) -> Result<Vec<ConfigGlob>> {
        let items: Vec<&TomlValue> = match value.get_ref() {
            DeValue::String(_) => vec![value],
            DeValue::Array(items) => items.iter().collect(),
            _ => return Err(self.wrong_type(key, value, "an array of globs")),
        };
        items
            .into_iter()
            .map(|item| {
                let glob = self.string(key, item)?;
                let matcher = ignores::compile(&glob).map_err(|reason| {
                    self.error(
                        item.span(),
                        format!("`{glob}` in `{key}` is not a valid glob: {reason}"),
                        "write a glob relative to the configuration's folder, e.g. \
                         \"pipelines/**/pipeline.py\"",
                    )
                })?;
                let line = position::position(self.text.as_bytes(), item.span().start).line;
                Ok(ConfigGlob::new(glob, matcher, line))
            })
            .collect()
    }
}

/// One value of the file, with its key, read as a setting needs it.
struct Given<'a> {
    file: &'a File<'a>,
    /// The file's folder, which relative paths resolve against.
    dir: &'a Path,
    key: &'a str,
    value: &'a TomlValue<'a>,
}

impl FileValue for Given<'_> {
    fn string(&self) -> Result<String> {
        self.file.string(self.key, self.value)
    }

    fn strings(&self) -> Result<Vec<String>> {
        self.file.strings(self.key, self.value)
    }

    fn boolean(&self) -> Result<bool> {
        match self.value.get_ref() {
            DeValue::Boolean(b) => Ok(*b),
            _ => Err(self.file.wrong_type(self.key, self.value, "true or false")),
        }
    }

    fn positive_integer(&self) -> Result<usize> {
        let (file, key, value) = (self.file, self.key, self.value);
        if !matches!(value.get_ref(), DeValue::Integer(_)) {
            return Err(file.wrong_type(key, value, "a positive integer"));
        }
        file.integer(value)
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| *n > 0)
            .ok_or_else(|| {
                file.error(
                    value.span(),
                    format!("`{key}` must be a positive integer"),
                    format!("write how many files to check at once, e.g. `{key} = 4`"),
                )
            })
    }

    fn size(&self) -> Result<u64> {
        let (file, key, value) = (self.file, self.key, self.value);
        let bad = |message: String| {
            file.error(
                value.span(),
                message,
                format!("write `{key}` as bytes (`4194304`) or with a suffix (`\"4M\"`)"),
            )
        };
        match value.get_ref() {
            DeValue::Integer(_) => file
                .integer(value)
                .and_then(|n| u64::try_from(n).ok())
                .ok_or_else(|| bad(format!("`{key}` must not be negative"))),
            DeValue::String(s) => parse_size(s).map_err(|e| bad(format!("`{key}`: {e}"))),
            _ => Err(file.wrong_type(key, value, "an integer or a string such as \"4M\"")),
        }
    }

    fn choice(&self, names: &[&str]) -> Result<String> {
        let (key, value) = (self.key, self.value);
        let chosen = self.string()?;
        if names.contains(&chosen.as_str()) {
            return Ok(chosen);
        }
        let listed = format!("use one of: {}", names.join(", "));
        Err(self.file.error(
            value.span(),
            format!("`{key}` cannot be `{chosen}`"),
            suggest::did_you_mean_or(&chosen, names.iter().copied(), listed),
        ))
    }

    fn path(&self, path: &Path) -> PathBuf {
        resolve_path(self.dir, path)
    }
}
