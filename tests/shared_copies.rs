//! `tests/data` holds copies of the SPEC's vectors, bench corpus and
//! captures, and `docs/SPEC.md` of the SPEC, so that a clone tests on its
//! own. Where the originals sit beside the repository (`../shared`), the
//! copies must be identical to them.

use std::fs;
use std::path::{Path, PathBuf};

/// The folders of `../shared` that `tests/data` copies.
const COPIED: [&str; 3] = ["vectors", "corpus/bench", "captures"];

/// Files of `../shared` copied elsewhere: (original, copy).
const COPIED_FILES: [(&str, &str); 1] = [("SPEC.md", "docs/SPEC.md")];

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| PathBuf::from(path.file_name().unwrap()))
        .collect();
    names.sort();
    names
}

#[test]
fn copies_match_the_shared_data_when_it_is_there() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared");
    if !shared.is_dir() {
        eprintln!("no ../shared beside the repository: the copies in tests/data are not compared");
        return;
    }
    for folder in COPIED {
        let original = shared.join(folder);
        let copy = root.join("tests/data").join(folder);
        assert_eq!(
            files(&copy),
            files(&original),
            "files of tests/data/{folder}"
        );
        for name in files(&original) {
            assert!(
                fs::read(copy.join(&name)).unwrap() == fs::read(original.join(&name)).unwrap(),
                "tests/data/{folder}/{} differs from ../shared/{folder}/{}: copy it again",
                name.display(),
                name.display()
            );
        }
    }
    for (original, copy) in COPIED_FILES {
        assert!(
            fs::read(root.join(copy)).unwrap() == fs::read(shared.join(original)).unwrap(),
            "{copy} differs from ../shared/{original}: copy it again"
        );
    }
}

#[test]
fn the_copies_are_in_the_repository() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    for folder in COPIED {
        assert!(
            !files(&data.join(folder)).is_empty(),
            "tests/data/{folder} is empty"
        );
    }
}
