//! The `settings!` macro: one declaration per setting gives its command-line flag, its
//! configuration key, its field in [`Settings`](super::Settings), how it is merged and how
//! `rulecheck config` shows it. See `table.rs` for the declarations.
//!
//! Each declaration is
//!
//! ```text
//! /// Help text of the flag.
//! #[arg(…clap attributes…)]
//! name: Type = default, read reader;           // always has a value
//! name: Type, unset "why none", read reader;    // `Option<Type>` in `Settings`
//! ```
//!
//! The configuration key is the field's name in kebab-case (`pack_dirs` → `pack-dirs`); the flag
//! is clap's, from the attributes. `reader` reads the key's value from a configuration file
//! (see [`FileValue`](super::value::FileValue)).

/// Declares the settings: see the module docs.
macro_rules! settings {
    ($(
        $(#[doc = $doc:literal])*
        #[arg($($arg:tt)*)]
        $name:ident: $ty:ty $(= $default:expr)? $(, unset $unset:literal)?, read $read:path;
    )*) => {
        /// Settings that one source gives — the command line or a configuration file — each
        /// `None` where that source does not give it. On the command line, these are the flags.
        #[derive(Debug, Clone, Default, clap::Args)]
        pub struct Layer {
            $(
                $(#[doc = $doc])*
                #[arg($($arg)*)]
                pub $name: Option<$ty>,
            )*
        }

        /// The settings a run uses: the command line's over the configuration file's over the
        /// defaults, resolved once. The runner, the engine and the reports read them here.
        #[derive(Debug, Clone)]
        pub struct Settings {
            $(
                $(#[doc = $doc])*
                pub $name: $crate::settings::declare::resolved!($ty $(, $default)?),
            )*
            /// The configuration file read, if any (as named).
            pub file: Option<std::path::PathBuf>,
            /// The configuration's `per-file-ignores` (only a file gives them).
            pub ignores: $crate::config::ignores::PerFileIgnores,
            /// The configuration's `[packs.NAME]` routing globs (only a file gives them).
            pub packs: $crate::config::packs::PackRouting,
            /// Where the configuration file wrote its strings (empty without one), for errors
            /// about values that can be judged only once packs are loaded.
            pub written: $crate::config::written::Written,
            /// Where each setting came from, in declaration order.
            pub origins: Vec<$crate::settings::SetBy>,
        }

        impl Settings {
            /// `cli` over `file` over the defaults; `path`, `ignores`, `packs` and `written` are
            /// the file's.
            pub(crate) fn merge(
                cli: Layer,
                file: Layer,
                path: Option<std::path::PathBuf>,
                (ignores, packs, written): (
                    $crate::config::ignores::PerFileIgnores,
                    $crate::config::packs::PackRouting,
                    $crate::config::written::Written,
                ),
            ) -> Settings {
                let mut origins = Vec::new();
                Settings {
                    $(
                        $name: {
                            let (value, origin) = $crate::settings::pick(cli.$name, file.$name);
                            origins.push(origin);
                            $crate::settings::declare::value!(value $(, $default)?)
                        },
                    )*
                    file: path,
                    ignores,
                    packs,
                    written,
                    origins,
                }
            }

            /// Each setting as `rulecheck config` shows it, in declaration order.
            pub fn entries(&self) -> Vec<$crate::settings::Setting> {
                let mut origins = self.origins.iter().copied();
                vec![$(
                    $crate::settings::Setting {
                        key: $crate::settings::key(stringify!($name)),
                        value: $crate::settings::declare::shown!(&self.$name $(, $default)?),
                        unset: $crate::settings::declare::unset!($($unset)?),
                        origin: origins.next().unwrap_or_default(),
                    },
                )*]
            }
        }

        impl Layer {
            /// The configuration keys, in declaration order.
            pub fn keys() -> Vec<String> {
                vec![$($crate::settings::key(stringify!($name))),*]
            }

            /// Sets the setting whose configuration key is `key` from a configuration file's
            /// `value`; `None` when no setting has that key.
            pub fn read(
                &mut self,
                key: &str,
                value: &dyn $crate::settings::value::FileValue,
            ) -> Option<$crate::error::Result<()>> {
                $(
                    if key == $crate::settings::key(stringify!($name)) {
                        return Some($read(value).map(|read| self.$name = Some(read)));
                    }
                )*
                None
            }
        }
    };
}

/// A setting's type in [`Settings`](super::Settings): its own with a default, else an `Option`.
macro_rules! resolved {
    ($ty:ty, $default:expr) => { $ty };
    ($ty:ty) => { Option<$ty> };
}

/// A setting's resolved value: what a source gave, else the default (or `None`).
macro_rules! value {
    ($given:ident, $default:expr) => {
        $given.unwrap_or_else(|| $default)
    };
    ($given:ident) => {
        $given
    };
}

/// A setting's value as `rulecheck config` shows it, `None` when it is not set.
macro_rules! shown {
    ($value:expr, $default:expr) => {
        Some($crate::settings::value::Show::show($value))
    };
    ($value:expr) => {
        $value.as_ref().map($crate::settings::value::Show::show)
    };
}

/// What `rulecheck config` says of a setting that is not set.
macro_rules! unset {
    ($unset:literal) => {
        $unset
    };
    () => {
        ""
    };
}

pub(crate) use {resolved, settings, shown, unset, value};
