//! Which names denote secrets and which literal values are real secrets,
//! shared by `hardcoded-credentials` and `sensitive-exposure`.
//!
//! The word lists are data (`transforms/hardcoded-credentials/secret-names.toml`).
//! Names are compared by word segments, so `DB_PASSWORD`, `dbPassword` and
//! `self.db_pass` match while `password_field` or `PASSWORD_MIN_LENGTH` do not.

use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct SecretNames {
    words: Vec<String>,
    phrases: Vec<Vec<String>>,
    placeholders: Vec<String>,
}

fn table() -> &'static SecretNames {
    static TABLE: OnceLock<SecretNames> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str(include_str!(
            "../../transforms/hardcoded-credentials/secret-names.toml"
        ))
        .expect("secret-names.toml is valid")
    })
}

/// Lower-case word segments of an identifier: split at `_`, `-`, `.`, spaces
/// and lower→upper case changes; trailing digits of each segment dropped.
pub fn segments(name: &str) -> Vec<String> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            push_segment(&mut segments, &mut current);
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            push_segment(&mut segments, &mut current);
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    push_segment(&mut segments, &mut current);
    segments
}

fn push_segment(segments: &mut Vec<String>, current: &mut String) {
    let trimmed = current.trim_end_matches(|c: char| c.is_ascii_digit());
    if !trimmed.is_empty() {
        segments.push(trimmed.to_owned());
    }
    current.clear();
}

/// Whether `name` (a variable, attribute, keyword or dict key) holds a secret:
/// its last word segments are a secret word or phrase.
pub fn is_secret_name(name: &str) -> bool {
    // Most names do not end with a secret word: skip splitting them (no allocation).
    let table = table();
    let last = last_segment(name);
    let mut endings = table
        .words
        .iter()
        .chain(table.phrases.iter().filter_map(|phrase| phrase.last()));
    if !endings.any(|word| last.eq_ignore_ascii_case(word)) {
        return false;
    }
    let segments = segments(name);
    let Some(last) = segments.last() else {
        return false;
    };
    if table.words.iter().any(|word| word == last) {
        return true;
    }
    table.phrases.iter().any(|phrase| {
        segments.len() >= phrase.len()
            && segments[segments.len() - phrase.len()..]
                .iter()
                .zip(phrase)
                .all(|(a, b)| a == b)
    })
}

/// The last of [`segments`] as it is spelled in `name` (not lower-cased), or
/// `""`: `DB_PASSWORD2` → `PASSWORD`, `self.dbPass` → `Pass`.
fn last_segment(name: &str) -> &str {
    let name = name.trim_end_matches(|c: char| !c.is_alphanumeric() || c.is_ascii_digit());
    let mut start = name.len();
    let mut chars = name.char_indices().rev().peekable();
    while let Some((index, c)) = chars.next() {
        if !c.is_alphanumeric() {
            break;
        }
        start = index;
        let previous_lower = chars
            .peek()
            .is_some_and(|(_, p)| p.is_lowercase() || p.is_ascii_digit());
        if c.is_uppercase() && previous_lower {
            break;
        }
    }
    &name[start..]
}

/// Whether a literal assigned to a secret-like name is a real secret rather
/// than an empty value, a placeholder, a template or a name.
pub fn is_real_secret(value: &str) -> bool {
    let trimmed = value.trim();
    // Spaces make a message or prompt; a control character (`\n` in a
    // bytes key) does not.
    if trimmed.is_empty() || trimmed.contains(' ') {
        return false;
    }
    let lower = trimmed.to_lowercase();
    if table().placeholders.contains(&lower) {
        return false;
    }
    if is_template(trimmed)
        || is_repeated_character(trimmed)
        || is_masked(trimmed)
        || is_pattern(trimmed)
    {
        return false;
    }
    // `"password"`, `"DB_PASSWORD"`: a field or environment variable name.
    let looks_like_identifier = trimmed
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_');
    !(looks_like_identifier && is_secret_name(trimmed))
}

/// `${DB_PASSWORD}`, `$DB_PASSWORD`, `%(password)s`, `%s`, `{password}`, `<password>`.
fn is_template(value: &str) -> bool {
    value.contains("${")
        || (value.starts_with('$') && value.len() > 1)
        || value.contains("%(")
        || value.contains("%s")
        || (value.contains('{') && value.contains('}'))
        || (value.starts_with('<') && value.ends_with('>'))
}

/// `:****`, `ab***`, `xxxx-1234`: an already masked value.
fn is_masked(value: &str) -> bool {
    let lower = value.to_lowercase();
    lower.contains("***") || lower.contains("xxxx")
}

/// `[^\W\d]\w*`: a regular expression (a lexer's token pattern, say).
fn is_pattern(value: &str) -> bool {
    ["\\w", "\\d", "\\s", "\\b", "[^", "(?"]
        .iter()
        .any(|marker| value.contains(marker))
}

/// `xxx`, `***`, `....`.
fn is_repeated_character(value: &str) -> bool {
    let mut chars = value.chars();
    let first = chars.next();
    first.is_some() && chars.all(|c| Some(c) == first)
}

/// A value safe to show: the first two characters and `***` for values of
/// eight characters or more, `***` alone for shorter ones.
pub fn masked(value: &str) -> String {
    if value.chars().count() >= 8 {
        let head: String = value.chars().take(2).collect();
        format!("\"{head}***\"")
    } else {
        "\"***\"".to_owned()
    }
}

/// `dbPassword`, `self.db_pass` → `DB_PASSWORD`, `DB_PASS`.
pub fn env_var_name(name: &str) -> String {
    let segments: Vec<String> = name
        .rsplit('.')
        .next()
        .map(segments_keeping_digits)
        .unwrap_or_default();
    segments.join("_").to_uppercase()
}

fn segments_keeping_digits(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_segment_agrees_with_segments() {
        for name in [
            "DB_PASSWORD2",
            "self.dbPass",
            "api_key_",
            "password_2",
            "x",
            "",
            "__",
            "HTTPToken",
            "tokenURL",
            "pass2word",
            "café_secret",
            "A.b.C",
            "mySQLPassword9_",
        ] {
            assert_eq!(
                last_segment(name).to_lowercase(),
                segments(name).last().cloned().unwrap_or_default(),
                "{name}"
            );
        }
    }

    #[test]
    fn secret_names_end_with_a_secret_word() {
        for name in [
            "password",
            "DB_PASSWORD",
            "dbPassword",
            "db_pass",
            "SECRET_KEY",
            "api_key",
            "apiKey",
            "APIKEY",
            "auth_token",
            "password2",
            "AWS_SECRET_ACCESS_KEY",
            "private_key",
            "credentials",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "password_field",
            "token_type",
            "PASSWORD_MIN_LENGTH",
            "secret_name",
            "password_prompt",
            "bypass",
            "key",
            "username",
            "token_url",
            "passport",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn placeholders_are_not_secrets() {
        for value in [
            "",
            " ",
            "changeme",
            "<password>",
            "xxx",
            "***",
            "${DB_PASSWORD}",
            "%(password)s",
            "{password}",
            "Enter password:",
            "password",
            "DB_PASSWORD",
            "$DB_PASSWORD",
        ] {
            assert!(!is_real_secret(value), "{value}");
        }
        for value in ["hunter2", "s3cr3t!", "ghp_abcdef123456", "admin"] {
            assert!(is_real_secret(value), "{value}");
        }
    }

    #[test]
    fn masks_all_but_two_characters_of_long_values() {
        assert_eq!(masked("hunter2hunter2"), "\"hu***\"");
        assert_eq!(masked("admin"), "\"***\"");
    }

    #[test]
    fn environment_names_are_upper_snake_case() {
        assert_eq!(env_var_name("dbPassword"), "DB_PASSWORD");
        assert_eq!(env_var_name("self.db_pass"), "DB_PASS");
        assert_eq!(env_var_name("password2"), "PASSWORD2");
    }
}
