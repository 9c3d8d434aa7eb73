//! Where the index lives: `--index`, else `$NEWSDEX_INDEX`, else the nearest
//! `.newsdex` folder, else the platform data directory; seeded first builds;
//! `newsdex init`. Each test runs the binary in a temporary folder outside
//! the checkout, with HOME and XDG_DATA_HOME in temporary folders too and
//! neither NEWSDEX_INDEX nor NEWSDEX_DATA inherited. Articles are invented.

use std::path::{Component, Path, PathBuf};
use std::process::Command;

use crate::util::Run;

/// A temporary root holding the working folders, HOME and XDG_DATA_HOME.
struct Sandbox {
    root: tempfile::TempDir,
}

impl Sandbox {
    /// `None` (after printing `SKIPPED: …`) when a folder above the temporary
    /// directory has a `.newsdex`, which every run would find.
    fn new() -> Option<Self> {
        let root = tempfile::tempdir().expect("tempdir");
        let canonical = root.path().canonicalize().expect("canonical");
        if let Some(found) = canonical
            .ancestors()
            .map(|dir| dir.join(".newsdex"))
            .find(|dir| dir.is_dir())
        {
            eprintln!(
                "SKIPPED: {} exists above the temporary folder",
                found.display()
            );
            return None;
        }
        Some(Sandbox { root })
    }

    /// `rel` under the root (canonical root, so paths compare as printed).
    fn path(&self, rel: &str) -> PathBuf {
        self.root
            .path()
            .canonicalize()
            .expect("canonical")
            .join(rel)
    }

    fn dir(&self, rel: &str) -> PathBuf {
        let dir = self.path(rel);
        std::fs::create_dir_all(&dir).expect("mkdir");
        dir
    }

    /// The platform data directory the binary should pick.
    fn data_dir(&self) -> PathBuf {
        self.path("xdg/newsdex")
    }

    /// Writes an invented plain-text article `rel/name.txt` naming `word`.
    fn article(&self, rel: &str, name: &str, word: &str) {
        let dir = self.dir(rel);
        std::fs::write(
            dir.join(format!("{name}.txt")),
            format!("A {word} story\n\nThe {word} crossed the square at noon.\n"),
        )
        .expect("write article");
    }

    fn config(&self, project: &str, text: &str) {
        let dir = self.dir(&format!("{project}/.newsdex"));
        std::fs::write(dir.join("config.toml"), text).expect("write config");
    }

    /// Runs `newsdex ARGS` in `cwd` (under the root) with `env` added.
    fn run_with(&self, cwd: &str, env: &[(&str, &Path)], args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsdex"));
        command
            .args(args)
            .current_dir(self.dir(cwd))
            .env("HOME", self.dir("home"))
            .env("XDG_DATA_HOME", self.path("xdg"))
            .env_remove("NEWSDEX_INDEX")
            .env_remove("NEWSDEX_DATA")
            .env("NO_COLOR", "1");
        for (name, value) in env {
            command.env(name, value);
        }
        let output = command.output().expect("run newsdex");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    fn run(&self, cwd: &str, args: &[&str]) -> Run {
        self.run_with(cwd, &[], args)
    }
}

/// The index a run named on stderr (`newsdex: index: PATH`).
fn named_index(run: &Run) -> PathBuf {
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|line| line.strip_prefix("newsdex: index: "))
        .collect();
    assert_eq!(lines.len(), 1, "one index line:\n{}", run.stderr);
    PathBuf::from(lines[0])
}

fn ok(run: Run) -> Run {
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    run
}

#[test]
fn without_a_project_the_platform_data_dir_is_used_and_named() {
    let Some(sb) = Sandbox::new() else { return };
    sb.article("work/articles", "heron", "heron");
    let run = ok(sb.run("work", &["index", "articles"]));
    let index = sb.data_dir().join("index");
    assert_eq!(named_index(&run), index);
    assert!(index.join("meta.json").is_file(), "the index is there");
    assert!(
        !sb.path("work/.newsdex").exists(),
        "nothing made in the cwd"
    );
    // Another folder with no project sees the same index.
    let search = ok(sb.run("elsewhere", &["search", "--json", "heron"]));
    assert_eq!(named_index(&search), index);
    assert_eq!(search.hit_ids(), ["heron"]);
}

#[test]
fn init_index_then_search_from_a_subfolder_finds_the_project() {
    let Some(sb) = Sandbox::new() else { return };
    let project = sb.path("proj/.newsdex");
    let init = ok(sb.run("proj", &["init"]));
    for made in [
        project.clone(),
        project.join("config.toml"),
        project.join("index"),
    ] {
        assert!(
            init.stdout.contains(&format!("created {}", made.display())),
            "{}",
            init.stdout
        );
        assert!(made.exists(), "{}", made.display());
    }
    let config = std::fs::read_to_string(project.join("config.toml")).expect("config");
    assert!(
        config.lines().all(|l| l.is_empty() || l.starts_with('#')),
        "comments only, no seed:\n{config}"
    );
    // The new index is empty but searchable.
    let empty = ok(sb.run("proj", &["search", "--json", "*"]));
    assert_eq!(empty.json()["total"], 0);

    sb.article("proj/some/articles", "otter", "otter");
    let index = ok(sb.run("proj", &["index", "some/articles"]));
    assert_eq!(named_index(&index), project.join("index"));
    let search = ok(sb.run("proj/a/b", &["search", "--json", "otter"]));
    assert_eq!(named_index(&search), project.join("index"));
    assert_eq!(search.hit_ids(), ["otter"]);
    assert!(!sb.data_dir().exists(), "the data dir is not touched");

    // A second init says so and changes nothing.
    std::fs::write(project.join("config.toml"), "seed = [\"../some\"]\n").expect("edit");
    let again = ok(sb.run("proj/a", &["init", ".."]));
    assert!(again.stdout.contains("already exists"), "{}", again.stdout);
    assert_eq!(
        std::fs::read_to_string(project.join("config.toml")).expect("config"),
        "seed = [\"../some\"]\n"
    );
    let search = ok(sb.run("proj", &["search", "--json", "otter"]));
    assert_eq!(search.hit_ids(), ["otter"], "the index is kept");

    // init DIR makes DIR's project (and DIR) where asked.
    ok(sb.run("proj", &["init", "../other/place"]));
    assert!(sb.path("other/place/.newsdex/index/meta.json").is_file());
}

#[test]
fn newsdex_index_beats_a_found_project() {
    let Some(sb) = Sandbox::new() else { return };
    ok(sb.run("proj", &["init"]));
    sb.article("proj/articles", "badger", "badger");
    let elsewhere = sb.path("env-index");
    let env: &[(&str, &Path)] = &[("NEWSDEX_INDEX", &elsewhere)];
    let run = ok(sb.run_with("proj", env, &["index", "articles"]));
    assert_eq!(named_index(&run), elsewhere);
    let search = ok(sb.run_with("proj/sub", env, &["search", "--json", "badger"]));
    assert_eq!(named_index(&search), elsewhere);
    assert_eq!(search.hit_ids(), ["badger"]);
    // Without the variable the project's (empty) index is used.
    let project = ok(sb.run("proj/sub", &["search", "--json", "badger"]));
    assert_eq!(named_index(&project), sb.path("proj/.newsdex/index"));
    assert_eq!(project.json()["total"], 0);
    // And --index beats the variable.
    let flag = sb.path("flag-index");
    let flagged = flag.to_str().expect("utf-8");
    ok(sb.run_with("proj", env, &["index", "articles", "--index", flagged]));
    let run = ok(sb.run_with("proj", env, &["stats", "--index", flagged]));
    assert_eq!(named_index(&run), flag);
}

#[test]
fn a_seeded_project_builds_its_index_on_first_search() {
    let Some(sb) = Sandbox::new() else { return };
    sb.article("proj/articles", "lynx", "lynx");
    sb.article("proj/articles", "vole", "vole");
    sb.config("proj", "seed = [\"../articles\"]\n");
    let first = ok(sb.run("proj/sub", &["search", "--json", "lynx"]));
    assert_eq!(named_index(&first), sb.path("proj/.newsdex/index"));
    assert!(
        first.stderr.contains(&format!(
            "building it from {}",
            sb.path("proj/articles").display()
        )),
        "{}",
        first.stderr
    );
    assert_eq!(first.hit_ids(), ["lynx"]);
    let second = ok(sb.run("proj", &["search", "--json", "vole"]));
    assert!(!second.stderr.contains("building"), "{}", second.stderr);
    assert_eq!(second.hit_ids(), ["vole"]);
    // `index` with no PATH indexes the seed again: nothing new.
    let again = ok(sb.run("proj", &["index", "--json"]));
    assert_eq!(again.json()["unchanged"], 2, "{}", again.stdout);
    // $NEWSDEX_DATA replaces the seed.
    sb.article("mine", "wren", "wren");
    let data = sb.path("mine");
    let env: &[(&str, &Path)] = &[("NEWSDEX_DATA", &data)];
    let run = ok(sb.run_with("proj", env, &["index", "--json"]));
    assert_eq!(run.json()["added"], 1, "{}", run.stdout);
}

#[test]
fn missing_seed_data_is_an_error_that_leaves_no_index_behind() {
    let Some(sb) = Sandbox::new() else { return };
    // A project whose seed names a folder that does not exist.
    sb.config("proj", "seed = [\"../gone\"]\n");
    for args in [&["search", "anything"][..], &["stats"], &["index"]] {
        let run = sb.run("proj", args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "input path does not exist: {}",
                sb.path("proj/gone").display()
            )),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!sb.path("proj/.newsdex/index").exists(), "{args:?}");
    }

    // $NEWSDEX_DATA missing, no project: nothing at all in the data dir.
    let gone = sb.path("nowhere");
    let env: &[(&str, &Path)] = &[("NEWSDEX_DATA", &gone)];
    for _ in 0..2 {
        let run = sb.run_with("work", env, &["search", "anything"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
        assert!(!sb.path("xdg").exists(), "no folder left in XDG_DATA_HOME");
    }

    // Seed data that exists but holds no article: the index made for it is
    // removed again, and the next search is an error, not 0 results.
    sb.dir("empty-seed");
    std::fs::write(sb.path("empty-seed/blob.bin"), [0u8, 1, 2, 0, 0, 3]).expect("write");
    let seed = sb.path("empty-seed");
    let env: &[(&str, &Path)] = &[("NEWSDEX_DATA", &seed)];
    let run = sb.run_with("work", env, &["search", "anything"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no articles found"), "{}", run.stderr);
    assert!(!sb.path("xdg").exists(), "the made folders are removed");
    let later = sb.run("work", &["search", "anything"]);
    assert_eq!(later.code, 2, "{}", later.stderr);
    assert!(later.stderr.contains("no index at"), "{}", later.stderr);

    // `index` with no PATH and no seed: a usage error, nothing made.
    let run = sb.run("work", &["index"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no PATH given"), "{}", run.stderr);
    assert!(!sb.path("xdg").exists());
}

#[test]
fn a_bad_config_is_an_error_naming_the_file() {
    let Some(sb) = Sandbox::new() else { return };
    sb.config("proj", "seeds = [\"../articles\"]\n");
    let run = sb.run("proj/sub", &["search", "anything"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let config = sb.path("proj/.newsdex/config.toml");
    assert!(
        run.stderr.contains(&format!(
            "newsdex: error: invalid {}: line 1, column 1: unknown field `seeds`",
            config.display()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn the_index_is_named_as_an_absolute_normalised_path() {
    let Some(sb) = Sandbox::new() else { return };
    sb.article("articles", "ibis", "ibis");
    sb.dir("proj/sub");
    for (how, env, flag) in [
        ("--index", None, Some("../proj/./sub/../ix1")),
        ("NEWSDEX_INDEX", Some("./sub/../ix2"), None),
    ] {
        let value = env.map(PathBuf::from);
        let env: Vec<(&str, &Path)> = value
            .iter()
            .map(|v| ("NEWSDEX_INDEX", v.as_path()))
            .collect();
        let mut args = vec!["index", "../articles"];
        args.extend(flag.iter().flat_map(|f| ["--index", f]));
        let run = ok(sb.run_with("proj", &env, &args));
        let named = named_index(&run);
        assert!(named.is_absolute(), "{how}: {}", named.display());
        assert!(
            named
                .components()
                .all(|c| !matches!(c, Component::CurDir | Component::ParentDir)),
            "{how}: {}",
            named.display()
        );
        assert!(
            named.join("meta.json").is_file(),
            "{how}: names the real index"
        );
        // The summary names it the same way.
        assert!(
            run.stdout.contains(&named.display().to_string()),
            "{how}: {}",
            run.stdout
        );
    }
    // --quiet silences the line like every other message.
    let quiet = ok(sb.run_with("proj", &[], &["stats", "--quiet", "--index", "../proj/ix1"]));
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
}
