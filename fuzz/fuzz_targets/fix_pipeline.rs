//! decode → parse → check → fix, with every rule and unsafe fixes on.
//! Crashes: a panic; fixed output that does not parse when the input did;
//! a second fix run that changes the file again; an internal fix error.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use remedy::model::settings::Settings;
use remedy::parse::source::SourceFile;
use remedy::{SourceError, fix_source};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = SourceFile::decode(data) else { return };
    let settings = Settings { unsafe_fixes: true, ..Settings::default() };
    let path = Path::new("fuzz.py");
    let parsed = remedy::parse::is_valid_module(source.text());
    match fix_source(path, &source, &settings) {
        Ok(outcome) => {
            assert!(parsed, "a source that does not parse was fixed");
            assert!(remedy::parse::is_valid_module(outcome.fixed.text()), "fixed output does not parse");
            let again = fix_source(path, &outcome.fixed, &settings).expect("fixed output checks");
            assert!(again.applied.is_empty(), "second fix run changed the file: {:?}", again.applied);
        }
        Err(SourceError::Syntax { .. }) => assert!(!parsed),
        Err(error) => panic!("{error}"),
    }
});
