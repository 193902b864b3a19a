//! Settings' values between the sources and `rulecheck config`: what a configuration file's
//! value offers ([`FileValue`], implemented by [`crate::config::file`]; a setting of one of its
//! types is read by its method), the readers that do more (paths resolved against the file's
//! folder, comma-separated names, enumerations), and how a value is shown ([`Show`]).

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::error::Result;

/// One value of a configuration file, read as the type a setting needs. Each reading fails
/// with an error at the value (`FILE:LINE:COL`) when the value is not of that type.
pub trait FileValue {
    /// A string.
    fn string(&self) -> Result<String>;
    /// An array of strings, or one string.
    fn strings(&self) -> Result<Vec<String>>;
    /// `true` or `false`.
    fn boolean(&self) -> Result<bool>;
    /// An integer above 0.
    fn positive_integer(&self) -> Result<usize>;
    /// Bytes: an integer, or a string with a K, M or G suffix.
    fn size(&self) -> Result<u64>;
    /// A string that is one of `names`.
    fn choice(&self, names: &[&str]) -> Result<String>;
    /// `path` resolved against the configuration file's folder.
    fn path(&self, path: &Path) -> PathBuf;
}

/// `pack`: a name, or a `.toml` file resolved against the configuration's folder.
pub fn pack(value: &dyn FileValue) -> Result<String> {
    let pack = value.string()?;
    Ok(if pack.ends_with(".toml") {
        value.path(Path::new(&pack)).display().to_string()
    } else {
        pack
    })
}

/// A folder, resolved against the configuration's folder.
pub fn folder(value: &dyn FileValue) -> Result<PathBuf> {
    Ok(value.path(Path::new(&value.string()?)))
}

/// Folders, each resolved against the configuration's folder.
pub fn folders(value: &dyn FileValue) -> Result<Vec<PathBuf>> {
    let folders = value.strings()?;
    Ok(folders.iter().map(|f| value.path(Path::new(f))).collect())
}

/// Names, each string possibly a comma-separated list (as the flag takes them).
pub fn names(value: &dyn FileValue) -> Result<Vec<String>> {
    Ok(value
        .strings()?
        .iter()
        .flat_map(|s| s.split(','))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect())
}

/// One of an enumeration's values, by the name the flag takes.
pub fn choice<T: ValueEnum + Clone>(value: &dyn FileValue) -> Result<T> {
    let names: Vec<String> = T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|p| p.get_name().to_owned())
        .collect();
    let listed: Vec<&str> = names.iter().map(String::as_str).collect();
    let chosen = value.choice(&listed)?;
    let index = names.iter().position(|n| *n == chosen).unwrap_or_default();
    Ok(T::value_variants()[index].clone())
}

/// A setting's value as `rulecheck config` writes it: TOML-like.
pub trait Show {
    /// The value, written as in a configuration file.
    fn show(&self) -> String;
}

impl Show for String {
    fn show(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Show for PathBuf {
    fn show(&self) -> String {
        self.display().to_string().show()
    }
}

impl<T: Show> Show for Vec<T> {
    fn show(&self) -> String {
        let items: Vec<String> = self.iter().map(Show::show).collect();
        format!("[{}]", items.join(", "))
    }
}

/// Numbers and booleans are written as they print.
macro_rules! show_as_printed {
    ($($ty:ty),*) => {$(
        impl Show for $ty {
            fn show(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

show_as_printed!(bool, u64, usize);

/// An enumeration's value, shown by the name the flag takes.
pub fn show_choice<T: ValueEnum>(value: &T) -> String {
    value
        .to_possible_value()
        .map(|p| p.get_name().to_owned())
        .unwrap_or_default()
        .show()
}
