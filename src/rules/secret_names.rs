//! Which names denote secrets, and how to show a secret without revealing it.

use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct SecretNames {
    /// A name with one of these words is a secret (`db_password`, `apiToken`).
    words: Vec<String>,
    /// …or one of these word pairs (`api_key`, `private_key`).
    pairs: Vec<[String; 2]>,
    /// …or ends with one of these words (`db_pass`).
    suffixes: Vec<String>,
    /// A name with one of these words is about a secret, not one (`password_field`).
    not_secret: Vec<String>,
    /// Values that are placeholders or templates, not secrets.
    placeholders: Vec<String>,
}

fn table() -> &'static SecretNames {
    static TABLE: OnceLock<SecretNames> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str(include_str!(
            "../../transforms/hardcoded-credentials/secret_names.toml"
        ))
        .expect("the secret name table is valid TOML")
    })
}

/// `DB_PASSWORD`, `dbPassword`, `db-password` → `["db", "password"]`.
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Whether a variable, attribute, keyword or dict key name denotes a secret.
pub fn is_secret_name(name: &str) -> bool {
    let table = table();
    // Most names contain no secret word at all: skip splitting them.
    let lower = name.to_ascii_lowercase();
    let hinted = table
        .words
        .iter()
        .chain(&table.suffixes)
        .chain(table.pairs.iter().map(|pair| &pair[1]));
    if !hinted.into_iter().any(|word| lower.contains(word.as_str())) {
        return false;
    }
    let words = words(name);
    if words.is_empty() || words.iter().any(|w| table.not_secret.contains(w)) {
        return false;
    }
    words.iter().any(|w| table.words.contains(w))
        || words.windows(2).any(|pair| {
            table
                .pairs
                .iter()
                .any(|p| p[0] == pair[0] && p[1] == pair[1])
        })
        || words
            .last()
            .is_some_and(|last| table.suffixes.contains(last))
}

/// Whether a literal value is a real secret rather than an empty string,
/// a placeholder, a template or the name of a field.
pub fn is_secret_value(value: &str) -> bool {
    let trimmed = value.trim();
    if trimmed.chars().count() < 3 {
        return false;
    }
    let lower = trimmed.to_ascii_lowercase();
    let table = table();
    if table.placeholders.contains(&lower)
        || is_secret_name(trimmed)
            && !trimmed.contains(' ')
            && lower.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
    {
        return false;
    }
    let templated = ["${", "{{", "%(", "%s", "{}", "{0}"]
        .iter()
        .any(|t| trimmed.contains(t))
        || (trimmed.starts_with('<') && trimmed.ends_with('>'))
        || trimmed
            .chars()
            .all(|c| c == trimmed.chars().next().unwrap_or(' '));
    !templated
}

/// `"hunter2"` → `"hu***"`: enough to recognise, not enough to use.
pub fn mask(value: &str) -> String {
    let shown: String = value.chars().take(2).collect();
    if value.chars().count() >= 6 {
        format!("{shown}***")
    } else {
        "***".to_owned()
    }
}

/// `db_pass` in module `settings` → `DB_PASS`; a bare `password` → `SETTINGS_PASSWORD`.
pub fn env_var_name(name: &str, module: &str) -> String {
    let words = words(name);
    let mut parts: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    if parts.len() < 2 {
        let module_words = self::words(module);
        let prefix = module_words
            .last()
            .map(|w| w.to_ascii_uppercase())
            .unwrap_or_else(|| "APP".to_owned());
        parts.insert(0, prefix);
    }
    parts.join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_secret_names() {
        for name in [
            "password",
            "DB_PASSWORD",
            "self_db_pass",
            "apiKey",
            "api_key",
            "SECRET_KEY",
            "auth_token",
            "privateKey",
            "pwd",
            "client_secret",
            "credentials",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "password_field",
            "token_type",
            "PASSWORD_MIN_LENGTH",
            "username",
            "passenger",
            "secret_name",
            "password_prompt",
            "compass",
            "tokens_used_count",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn recognises_secret_values() {
        assert!(is_secret_value("hunter2-not-real"));
        assert!(is_secret_value("changeme"));
        for placeholder in [
            "",
            "xx",
            "********",
            "${DB_PASSWORD}",
            "<password>",
            "%(password)s",
            "password",
            "your-password-here",
        ] {
            assert!(!is_secret_value(placeholder), "{placeholder}");
        }
    }

    #[test]
    fn masks_and_names() {
        assert_eq!(mask("hunter2"), "hu***");
        assert_eq!(mask("abc"), "***");
        assert_eq!(env_var_name("db_pass", "settings"), "DB_PASS");
        assert_eq!(
            env_var_name("password", "app/settings"),
            "SETTINGS_PASSWORD"
        );
        assert_eq!(env_var_name("apiKey", "x"), "API_KEY");
    }
}
