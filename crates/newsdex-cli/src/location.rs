//! Where the index lives, and what fills it when it does not exist yet.
//!
//! The index a command uses is the first of:
//!
//! 1. `--index DIR`;
//! 2. `$NEWSDEX_INDEX`;
//! 3. `index/` inside a `.newsdex` folder found in the current folder or one
//!    of its parents (as git finds `.git`): a *project*;
//! 4. `index/` inside the platform's data directory (`~/.local/share/newsdex`
//!    on Linux, from the `directories` crate).
//!
//! A project's `.newsdex/config.toml` may name *seed* paths (relative to the
//! `.newsdex` folder): what `newsdex index` indexes when given no PATH, and
//! what builds a default index (rules 2 to 4) the first time a command reads
//! it. `$NEWSDEX_DATA` replaces the seed paths.
//!
//! [`resolve`] applies these rules to its arguments alone (it reads the file
//! system to find `.newsdex` and its config, but no environment variable and
//! not the current folder), so the rules are testable without a process.

use std::fmt;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

/// The name of a project folder.
pub const PROJECT_DIR: &str = ".newsdex";
/// The project settings file, inside [`PROJECT_DIR`].
pub const CONFIG_FILE: &str = "config.toml";
/// The index folder inside a project or the platform data directory.
pub const INDEX_DIR: &str = "index";

/// The `config.toml` that `newsdex init` writes: comments only.
pub const CONFIG_TEMPLATE: &str = "\
# newsdex project settings. The index of this project lives in `index/`
# beside this file; every newsdex command run in the folder above it (or
# below) uses it, unless --index or $NEWSDEX_INDEX names another.
#
# seed: files or folders, relative to this .newsdex folder, that
# `newsdex index` indexes when given no PATH, and that build the index the
# first time a command reads it if it does not exist yet.
#
# seed = [\"../articles\"]
";

/// The environment variables that steer the location.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `$NEWSDEX_INDEX`: the index directory.
    pub index: Option<PathBuf>,
    /// `$NEWSDEX_DATA`: a file or folder that replaces the seed paths.
    pub data: Option<PathBuf>,
}

impl Env {
    /// The variables of this process (empty values count as unset).
    pub fn from_process() -> Self {
        let var = |name| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Env {
            index: var("NEWSDEX_INDEX"),
            data: var("NEWSDEX_DATA"),
        }
    }
}

/// Which rule chose the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `--index DIR`: the directory must already hold an index to be read.
    Flag,
    /// `$NEWSDEX_INDEX`.
    EnvIndex,
    /// The project whose `.newsdex` folder is this one.
    Project(PathBuf),
    /// The platform's data directory.
    DataDir,
}

/// Where the seed paths come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedOrigin {
    /// `$NEWSDEX_DATA`.
    EnvData,
    /// A project's `config.toml` (this file).
    Config(PathBuf),
}

impl fmt::Display for SeedOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeedOrigin::EnvData => f.write_str("$NEWSDEX_DATA"),
            SeedOrigin::Config(path) => write!(f, "the seed in {}", path.display()),
        }
    }
}

/// The paths that fill an index when no PATH is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seed {
    /// Files or folders, absolute and normalised.
    pub paths: Vec<PathBuf>,
    /// Where they were named.
    pub origin: SeedOrigin,
}

/// The index a command uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The index directory, absolute and normalised (no `.` or `..`).
    pub index: PathBuf,
    /// The rule that chose it.
    pub origin: Origin,
    /// The seed paths, if any: `$NEWSDEX_DATA`, else those of the project
    /// found from the current folder (whichever rule chose the index).
    pub seed: Option<Seed>,
}

impl Location {
    /// Whether a missing index here may be built from the seed on first
    /// read (every rule but an explicit `--index`).
    pub fn builds_on_first_read(&self) -> bool {
        self.origin != Origin::Flag
    }
}

/// A project's `.newsdex/config.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Files or folders (relative to the `.newsdex` folder) that fill the
    /// index when no PATH is given.
    #[serde(default)]
    pub seed: Vec<PathBuf>,
}

/// Why no location could be settled.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LocationError {
    /// A project's `config.toml` could not be read.
    #[error("cannot read {path}: {source}")]
    ReadConfig {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A project's `config.toml` is not valid.
    #[error("invalid {path}: {message}")]
    BadConfig {
        /// The file.
        path: PathBuf,
        /// What is wrong, as the TOML reader says it (one line).
        message: String,
    },
    /// No rule applies: no flag, no variable, no project, no data directory.
    #[error("no index location: give --index DIR, set $NEWSDEX_INDEX, or run `newsdex init` (no platform data directory was found: is $HOME set?)")]
    Nowhere,
}

/// Applies the location rules (see the module docs). `cwd` must be
/// absolute; `data_dir` is the platform's data directory for newsdex.
pub fn resolve(
    flag: Option<&Path>,
    env: &Env,
    cwd: &Path,
    data_dir: Option<&Path>,
) -> Result<Location, LocationError> {
    let project = find_project(cwd);
    let config = match &project {
        Some(dir) => Some(read_config(&dir.join(CONFIG_FILE))?),
        None => None,
    };
    let (index, origin) = if let Some(dir) = flag {
        (normalise(&cwd.join(dir)), Origin::Flag)
    } else if let Some(dir) = &env.index {
        (normalise(&cwd.join(dir)), Origin::EnvIndex)
    } else if let Some(dir) = &project {
        (dir.join(INDEX_DIR), Origin::Project(dir.clone()))
    } else if let Some(dir) = data_dir {
        (normalise(&cwd.join(dir).join(INDEX_DIR)), Origin::DataDir)
    } else {
        return Err(LocationError::Nowhere);
    };
    let seed = if let Some(data) = &env.data {
        Some(Seed {
            paths: vec![normalise(&cwd.join(data))],
            origin: SeedOrigin::EnvData,
        })
    } else {
        match (&project, config) {
            (Some(dir), Some(config)) if !config.seed.is_empty() => Some(Seed {
                paths: config
                    .seed
                    .iter()
                    .map(|path| normalise(&dir.join(path)))
                    .collect(),
                origin: SeedOrigin::Config(dir.join(CONFIG_FILE)),
            }),
            _ => None,
        }
    };
    Ok(Location {
        index,
        origin,
        seed,
    })
}

/// The nearest `.newsdex` folder in `cwd` or its parents, normalised.
pub fn find_project(cwd: &Path) -> Option<PathBuf> {
    let cwd = normalise(cwd);
    cwd.ancestors()
        .map(|dir| dir.join(PROJECT_DIR))
        .find(|candidate| candidate.is_dir())
}

/// Reads a project's config; a missing file is an empty config.
pub fn read_config(path: &Path) -> Result<Config, LocationError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(source) => {
            return Err(LocationError::ReadConfig {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    toml::from_str(&text).map_err(|err| LocationError::BadConfig {
        path: path.to_path_buf(),
        message: one_line(&err, &text),
    })
}

/// A TOML error as one line: where it is (`line L, column C`) and what.
fn one_line(err: &toml::de::Error, text: &str) -> String {
    let message = err.message().trim().replace('\n', " ");
    let Some(span) = err.span() else {
        return message;
    };
    let before = text.get(..span.start).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("line {line}, column {column}: {message}")
}

/// `path` made absolute (against the current folder if need be) and
/// normalised: the longest part that exists is canonicalised (symlinks and
/// `..` resolved), the rest has `.` dropped and `..` folded.
pub fn normalise(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for component in rest.into_iter().rev() {
                push_component(&mut out, component);
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => break,
        }
    }
    // Nothing exists, not even the root: fold lexically.
    let mut out = PathBuf::new();
    for component in absolute.components() {
        push_component(&mut out, component);
    }
    out
}

fn push_component(out: &mut PathBuf, component: Component<'_>) {
    match component {
        Component::CurDir => {}
        Component::ParentDir => {
            out.pop();
        }
        other => out.push(other.as_os_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary folder, canonical, with helpers to lay out files.
    struct Tree(tempfile::TempDir);

    impl Tree {
        fn new() -> Self {
            Tree(tempfile::tempdir().expect("tempdir"))
        }

        fn path(&self, rel: &str) -> PathBuf {
            self.0.path().canonicalize().expect("canonical").join(rel)
        }

        fn dir(&self, rel: &str) -> PathBuf {
            let path = self.path(rel);
            std::fs::create_dir_all(&path).expect("mkdir");
            path
        }

        fn file(&self, rel: &str, text: &str) -> PathBuf {
            let path = self.path(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, text).expect("write");
            path
        }
    }

    fn resolve_in(tree: &Tree, cwd: &str, env: &Env, flag: Option<&Path>) -> Location {
        resolve(
            flag,
            env,
            &tree.dir(cwd),
            Some(&tree.path("data-home/newsdex")),
        )
        .expect("resolves")
    }

    #[test]
    fn without_anything_the_platform_data_dir_is_used() {
        let tree = Tree::new();
        let at = resolve_in(&tree, "work", &Env::default(), None);
        assert_eq!(at.index, tree.path("data-home/newsdex/index"));
        assert_eq!(at.origin, Origin::DataDir);
        assert_eq!(at.seed, None);
        assert!(at.builds_on_first_read());
    }

    #[test]
    fn no_data_dir_and_nothing_else_is_an_error() {
        let tree = Tree::new();
        let err = resolve(None, &Env::default(), &tree.dir("work"), None).unwrap_err();
        assert!(matches!(err, LocationError::Nowhere), "{err}");
        assert!(err.to_string().contains("newsdex init"), "{err}");
    }

    #[test]
    fn a_project_is_found_in_a_parent_folder() {
        let tree = Tree::new();
        let project = tree.dir("proj/.newsdex");
        let at = resolve_in(&tree, "proj/a/b", &Env::default(), None);
        assert_eq!(at.index, project.join("index"));
        assert_eq!(at.origin, Origin::Project(project));
        assert_eq!(at.seed, None, "no config, no seed");
    }

    #[test]
    fn the_nearest_project_wins_and_a_file_named_newsdex_is_not_one() {
        let tree = Tree::new();
        tree.dir("outer/.newsdex");
        let inner = tree.dir("outer/inner/.newsdex");
        tree.file("outer/inner/deep/.newsdex", "not a folder");
        let at = resolve_in(&tree, "outer/inner/deep", &Env::default(), None);
        assert_eq!(at.index, inner.join("index"));
    }

    #[test]
    fn the_variable_beats_a_project_and_the_flag_beats_both() {
        let tree = Tree::new();
        tree.dir("proj/.newsdex");
        let env = Env {
            index: Some("../elsewhere".into()),
            data: None,
        };
        let at = resolve_in(&tree, "proj", &env, None);
        assert_eq!(at.index, tree.path("elsewhere"), "relative to cwd, folded");
        assert_eq!(at.origin, Origin::EnvIndex);
        let at = resolve_in(&tree, "proj", &env, Some(Path::new("./mine/./ix")));
        assert_eq!(at.index, tree.path("proj/mine/ix"));
        assert_eq!(at.origin, Origin::Flag);
        assert!(!at.builds_on_first_read());
    }

    #[test]
    fn seed_paths_are_relative_to_the_newsdex_folder() {
        let tree = Tree::new();
        let config = tree.file(
            "proj/.newsdex/config.toml",
            "seed = [\"../articles\", \"/abs/more\"]\n",
        );
        tree.dir("proj/articles");
        let at = resolve_in(&tree, "proj/sub", &Env::default(), None);
        let seed = at.seed.expect("seed");
        assert_eq!(
            seed.paths,
            [tree.path("proj/articles"), PathBuf::from("/abs/more")]
        );
        assert_eq!(seed.origin, SeedOrigin::Config(config));
        // The project's seed applies whichever rule chose the index.
        let at = resolve_in(&tree, "proj", &Env::default(), Some(Path::new("ix")));
        assert_eq!(at.seed.expect("seed").paths[0], tree.path("proj/articles"));
    }

    #[test]
    fn newsdex_data_replaces_the_seed() {
        let tree = Tree::new();
        tree.file("proj/.newsdex/config.toml", "seed = [\"../articles\"]\n");
        let env = Env {
            index: None,
            data: Some("mine".into()),
        };
        let at = resolve_in(&tree, "proj", &env, None);
        let seed = at.seed.expect("seed");
        assert_eq!(seed.paths, [tree.path("proj/mine")]);
        assert_eq!(seed.origin, SeedOrigin::EnvData);
        assert_eq!(seed.origin.to_string(), "$NEWSDEX_DATA");
    }

    #[test]
    fn a_bad_config_is_an_error_naming_the_file() {
        for (text, says) in [
            ("seeds = [\"../data\"]\n", "unknown field `seeds`"),
            ("seed = \"../data\"\n", "invalid type"),
            ("seed = [\n", ""),
        ] {
            let tree = Tree::new();
            let config = tree.file("proj/.newsdex/config.toml", text);
            let err = resolve(None, &Env::default(), &tree.dir("proj"), None).unwrap_err();
            let message = err.to_string();
            assert!(matches!(err, LocationError::BadConfig { .. }), "{message}");
            assert!(
                message.starts_with(&format!("invalid {}: ", config.display())),
                "{message}"
            );
            assert!(message.contains(says), "{text:?}: {message}");
            assert!(!message.contains('\n'), "one line: {message}");
        }
    }

    #[test]
    fn the_template_is_a_valid_config_without_a_seed() {
        assert_eq!(
            toml::from_str::<Config>(CONFIG_TEMPLATE).expect("parses"),
            Config::default()
        );
    }

    #[test]
    fn the_checkout_seeds_its_index_with_the_bundled_articles() {
        let root = normalise(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."));
        let at = resolve(None, &Env::default(), &root.join("crates"), None).expect("resolves");
        assert_eq!(at.index, root.join(".newsdex/index"));
        assert_eq!(at.seed.expect("seed").paths, [root.join("data")]);
    }

    #[test]
    fn normalise_folds_dots_in_missing_and_existing_parts() {
        let tree = Tree::new();
        tree.dir("a/b");
        let path = tree.path("a/b/../b/./c/../d/e");
        assert_eq!(normalise(&path), tree.path("a/b/d/e"));
        assert_eq!(normalise(&tree.path("a/./b/..")), tree.path("a"));
        assert_eq!(normalise(Path::new("/")), PathBuf::from("/"));
    }
}
