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
    /// Words a header, flag or mode takes (`true`, `include`): never secrets.
    setting_words: Vec<String>,
    /// Words after which a name's tail qualifies it: `password_for_email`.
    qualifiers: Vec<String>,
    /// Words before a secret word that name a condition, not a secret:
    /// `INVALID_PASSWORD` (a SQLSTATE code), `EXPIRED_TOKEN` (a message).
    conditions: Vec<String>,
    /// First words of a name that make it hold the secret masked:
    /// `obscure_password` (SQLAlchemy-style URLs in `databases`), `masked_token`.
    masked: Vec<String>,
    /// Words before a secret word that name an action on it:
    /// `change_password` (a view, a URL name, a rate limit).
    actions: Vec<String>,
    /// Words before `token` that make it a position in a stream or a page
    /// of results, or an idempotency key: `since_token`, `client_token`.
    positions: Vec<String>,
    /// Words that mark a value of several words as a stand-in:
    /// `this-is-a-faked-no-permission-token`.
    stand_in_words: Vec<String>,
    /// Phrases that tell the reader to replace the value, found anywhere
    /// in it with case and separators aside: `youmustchangethiskey…`.
    replace_me_phrases: Vec<String>,
    /// First words of a name that make it a yes/no flag: `is_password`.
    flags: Vec<String>,
    /// First words of a name that make it a category's code:
    /// `STYLE_LOGIN_PASSWORD = 'basic_auth'`.
    kinds: Vec<String>,
    provider: Vec<ProviderShape>,
}

/// The shape of a provider's key, recognised by value wherever it appears.
#[derive(Debug, Deserialize)]
struct ProviderShape {
    name: String,
    #[serde(default)]
    prefixes: Vec<String>,
    /// Total length bounds, inclusive.
    #[serde(default)]
    length: Option<[usize; 2]>,
    /// Characters allowed after the prefix, besides ASCII letters and digits.
    #[serde(default)]
    extra: String,
    /// Only upper-case letters and digits after the prefix.
    #[serde(default)]
    upper: bool,
    /// Substrings that must all occur (private key headers).
    #[serde(default)]
    contains: Vec<String>,
    /// A PEM block: after the `-----BEGIN …-----` line, a base64 body of at
    /// least this many characters (header lines such as `Proc-Type:` aside).
    #[serde(default)]
    pem_body: Option<usize>,
}

fn table() -> &'static SecretNames {
    static TABLE: OnceLock<SecretNames> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str(include_str!(
            "../../../transforms/hardcoded-credentials/secret-names.toml"
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
        return is_qualified_secret_name(name);
    }
    // `is_password`, `self.has_token`: a flag about a secret.
    let own = segments(name.rsplit('.').next().unwrap_or(name));
    if own.len() > 1 && (table.flags.contains(&own[0]) || table.masked.contains(&own[0])) {
        return false;
    }
    ends_with_secret(&segments(name))
}

/// `my_secret_password_for_email`: a secret name followed by a qualifier
/// (`for`, `of`) and what it qualifies.
fn is_qualified_secret_name(name: &str) -> bool {
    // A qualifier sits between underscores (`_for_`): most names have fewer than two.
    if name.bytes().filter(|&byte| byte == b'_').take(2).count() < 2 {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    let table = table();
    let between_underscores = |qualifier: &str| {
        lower.match_indices('_').any(|(at, _)| {
            let after = &lower[at + 1..];
            after.starts_with(qualifier) && after[qualifier.len()..].starts_with('_')
        })
    };
    if !table.qualifiers.iter().any(|q| between_underscores(q)) {
        return false;
    }
    let segments = segments(name);
    segments
        .iter()
        .rposition(|segment| table.qualifiers.contains(segment))
        .is_some_and(|at| at > 0 && at + 1 < segments.len() && ends_with_secret(&segments[..at]))
}

fn ends_with_secret(segments: &[String]) -> bool {
    let table = table();
    let Some(last) = segments.last() else {
        return false;
    };
    let ending = if table.words.iter().any(|word| word == last) {
        Some(1)
    } else {
        table
            .phrases
            .iter()
            .find(|phrase| {
                segments.len() >= phrase.len()
                    && segments[segments.len() - phrase.len()..]
                        .iter()
                        .zip(phrase.iter())
                        .all(|(a, b)| a == b)
            })
            .map(Vec::len)
    };
    let Some(length) = ending else {
        return false;
    };
    // `INVALID_PASSWORD = '28P01'`: the name of a condition; `since_token`:
    // a stream position.
    let before = segments.len() - length;
    !(before > 0
        && (table.conditions.contains(&segments[before - 1])
            || (last == "token" && table.positions.contains(&segments[before - 1]))))
}

/// `change_password`, `RESET_API_KEY`: a name of an action on a secret (a
/// view, a URL name, a rate limit), whose value is not the secret. As a
/// value, such a name is still a name (`"_password_reset_token"`).
fn names_an_action(name: &str) -> bool {
    let segments = segments(name);
    let actions = &table().actions;
    (0..segments.len().saturating_sub(1)).any(|at| {
        actions.contains(&segments[at])
            && segments.len() - at - 1 <= 2
            && ends_with_secret(&segments[at + 1..])
    })
}

/// Whether `name` is a category's code (see `kinds` in the table): a word
/// before its last names a category (`STYLE_LOGIN_PASSWORD`, mayan's
/// `KEY_TYPE_SECRET = 'sec'`, a GPG key type stored in the database).
fn names_a_kind(name: &str) -> bool {
    let segments = segments(name.rsplit('.').next().unwrap_or(name));
    let kinds = &table().kinds;
    segments.len() > 1
        && segments[..segments.len() - 1]
            .iter()
            .any(|word| kinds.contains(word))
}

/// `"//IMPLICIT//"` (shuup's password of an account made for an order),
/// `"__UNSET__"`, `"<<NONE>>"`: one word in capitals between the same
/// marks, a value the code stores to mean "no password" and compares with.
fn is_sentinel(value: &str) -> bool {
    let word_start = value.find(|c: char| c.is_ascii_alphanumeric());
    let word_end = value.rfind(|c: char| c.is_ascii_alphanumeric());
    let (Some(start), Some(end)) = (word_start, word_end) else {
        return false;
    };
    let (open, word, close) = (&value[..start], &value[start..=end], &value[end + 1..]);
    let mirrored: String = open
        .chars()
        .rev()
        .map(|c| match c {
            '<' => '>',
            '(' => ')',
            '[' => ']',
            '{' => '}',
            other => other,
        })
        .collect();
    !open.is_empty()
        && mirrored == close
        && word.chars().all(|c| c.is_ascii_uppercase() || c == '_')
}

/// `"changeme!(*#&…"`, `"youmustchangethiskeyinlocal_settings"`: a value
/// that tells its reader to replace it (see `replace_me_phrases`).
fn tells_to_replace(lower: &str) -> bool {
    let letters: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
    table()
        .replace_me_phrases
        .iter()
        .any(|phrase| letters.contains(phrase.as_str()))
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

/// What drivers and protocols call their password keyword (not `"pass"`,
/// which is as often a weak password: Bandit's `{"password": 'pass'}`).
const PASSWORD_FIELD_NAMES: [&str; 3] = ["passwd", "pwd", "passphrase"];

/// Whether a literal is a plausible secret rather than an empty value, a
/// placeholder, a template, a pattern, a setting word or a name.
pub fn is_real_secret(value: &str) -> bool {
    is_plausible_value(value)
        && !(looks_like_identifier(value.trim()) && is_secret_name(value.trim()))
}

/// [`is_real_secret`] for a literal held by `name` (a variable, key,
/// keyword or parameter): a value that names the same thing
/// (`PASSWORD = "password"`, `token = "access_token"`) is a field or key
/// name; other identifier-like values (`EMAIL_PASSWORD = "secret"`) are
/// weak secrets and count.
pub fn is_real_secret_for(name: &str, value: &str) -> bool {
    if has_aws_key_format(name, value) {
        return true;
    }
    if !is_plausible_value(value) || names_an_action(name) || names_a_kind(name) {
        return false;
    }
    let trimmed = value.trim();
    let name_words = segments(name.rsplit('.').next().unwrap_or(name));
    // `"hide-password": "hide-password"` (pppd's option), `"secret":
    // "secretEventRegisterAny"` (libvirt's method): the value names the
    // holder, or a thing named after it.
    let named_words = segments(trimmed);
    if named_words == name_words
        || (named_words.len() > 2 && named_words.first() == name_words.last())
    {
        return false;
    }
    // `'check_password': 'check_password_function'` (askbot's map from an
    // option to a setting): letters-only snake case naming a thing after
    // its holder, with more words around the holder's own.
    if named_words.len() >= 3
        && named_words.len() > name_words.len()
        && trimmed.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        && named_words
            .windows(name_words.len().max(1))
            .any(|run| run == name_words.as_slice())
    {
        return false;
    }
    // `"ansible_sudo_pass": "sudo"` (salt's roster key map): one word of
    // the holder's own name is a key, not its secret; a secret word is a
    // weak secret in use (`SECRET_KEY = "secret"`).
    if let [word] = named_words.as_slice()
        && name_words.len() > 1
        && name_words[..name_words.len() - 1].contains(word)
        && !is_secret_name(word)
        && word != "key"
    {
        return false;
    }
    // `'pass': "Password"` (diamond's config help): a label shown beside
    // the field, one capitalized secret word.
    if named_words.len() == 1
        && trimmed.starts_with(|c: char| c.is_ascii_uppercase())
        && trimmed[1..].chars().all(|c| c.is_ascii_lowercase())
        && is_secret_name(trimmed)
    {
        return false;
    }
    // `password='passw'` (LinOTP's status poll): the holder's own word,
    // cut short, standing in for a value the call does not use.
    if let ([word], Some(last)) = (named_words.as_slice(), name_words.last())
        && word.len() >= 4
        && word != last
        && last.starts_with(word.as_str())
        // `"password": "pass"` is a weak secret in use: `pass` is a word of its own.
        && !is_secret_name(word)
    {
        return false;
    }
    if !looks_like_identifier(trimmed) {
        return true;
    }
    // `"ldap_password": "BINDPW"` (LinOTP's map from a form's fields to a
    // resolver's keys): one word in capitals names a key or a template's
    // slot; a secret has digits, mixed case or symbols.
    if trimmed.len() <= 16 && trimmed.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    // `REVISION_SCRIPT_TOKEN = "REVISION_SCRIPT_FILENAME"` (alembic): a
    // token standing for a name in a template, written as a constant's name.
    if trimmed.contains('_')
        && trimmed.starts_with(|c: char| c.is_ascii_uppercase())
        && !trimmed.chars().any(|c| c.is_ascii_lowercase())
        && trimmed.split('_').filter(|word| !word.is_empty()).count() >= 2
        && trimmed
            .split('_')
            .all(|word| word.chars().all(|c| c.is_ascii_uppercase()))
    {
        return false;
    }
    // `{"password": "passwd"}`: a map from one driver's keyword to another's
    // (`passwd=` in MySQLdb, `pwd=` in pyodbc): the field's name.
    if PASSWORD_FIELD_NAMES.contains(&trimmed.to_ascii_lowercase().as_str()) {
        return false;
    }
    let value_words = segments(trimmed);
    // `"keyfile_password"`, `"access_token"`: a compound secret name is a
    // field or key name; `"PGPASSWORD"`: an environment variable's.
    if (value_words.len() > 1 && is_secret_name(trimmed)) || is_env_var_name(trimmed) {
        return false;
    }
    // `token="where"`, `identity_token == "north_america"`: a lexer's,
    // parser's or protocol's token is a word; a credential token is not (it
    // has digits, symbols or length). The same for an API key:
    // `'apikey': 'ihatespam'` (qutebrowser's pastebin, a key the service
    // publishes for every client), where a key issued to one user is
    // generated.
    let names_a_token = name_words
        .last()
        .is_some_and(|word| word == "token" || word == "apikey")
        || name_words.ends_with(&["api".to_owned(), "key".to_owned()]);
    if names_a_token
        && trimmed.len() <= 20
        && trimmed.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
        && !has_provider_prefix(trimmed)
    {
        return false;
    }
    let is_suffix = |short: &[String], long: &[String]| {
        !short.is_empty() && long.len() >= short.len() && long[long.len() - short.len()..] == *short
    };
    !(is_suffix(&value_words, &name_words) || is_suffix(&name_words, &value_words))
}

/// A value in the exact format of the AWS key its keyword takes, even with
/// part of it masked: `aws_access_key_id="AKIAxxxxxxxxxxxxxxxx"` (`AKIA` or
/// `ASIA` and 16 letters or digits), `aws_secret_access_key="jWny…X7ZQ…"`
/// (40 characters of base64 with some unmasked letters or digits, mixed
/// case or digits among them). The slot takes a credential by definition and
/// the value keeps the key's format: the code is built to carry the key in
/// its source (the deployed copy holds the real one). Pure masks, templates
/// and prose (`"XXXXXXXX"`, `"<your secret here>"`, `"this-is-not-a-key"`)
/// are not keys.
pub fn has_aws_key_format(name: &str, value: &str) -> bool {
    if value.to_ascii_lowercase().contains("example") {
        // AWS's documentation keys (`AKIAIOSFODNN7EXAMPLE`).
        return false;
    }
    let name = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
    let unmasked: String = value
        .chars()
        .filter(|c| !matches!(c, 'x' | 'X' | '*'))
        .collect();
    let varied = unmasked.chars().any(|c| c.is_ascii_digit())
        || (unmasked.chars().any(|c| c.is_ascii_lowercase())
            && unmasked.chars().any(|c| c.is_ascii_uppercase()));
    match name.as_str() {
        "aws_access_key_id" => {
            (value.starts_with("AKIA") || value.starts_with("ASIA"))
                && value.len() == 20
                && value.chars().all(|c| c.is_ascii_alphanumeric())
        }
        "aws_secret_access_key" => {
            value.len() == 40
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/+=".contains(c))
                && unmasked.len() >= 4
                && varied
        }
        _ => false,
    }
}

/// `PGPASSWORD`, `MYSQL_PWD`, `GITHUB_TOKEN`: upper case, with a secret word
/// in it (the name of an environment variable that holds the secret).
fn is_env_var_name(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.chars().any(|c| c.is_ascii_uppercase())
        && !value.chars().any(|c| c.is_ascii_lowercase())
        && [
            "password", "passwd", "pwd", "pass", "secret", "token", "key",
        ]
        .iter()
        .any(|word| lower.contains(word))
}

fn looks_like_identifier(value: &str) -> bool {
    value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Value plausibility, whatever holds it: some letters or digits, no
/// whitespace, not a placeholder, template, pattern, masked value, setting
/// word, dotted import path or documentation example.
fn is_plausible_value(value: &str) -> bool {
    let trimmed = value.trim();
    // Spaces make a message or prompt; a control character (`\n` in a
    // bytes key) does not.
    if trimmed.is_empty() || trimmed.contains(' ') {
        return false;
    }
    if !trimmed.chars().any(char::is_alphanumeric) {
        // `"----"`, `r"\{\{\{"`, `"::"`: punctuation.
        return false;
    }
    let lower = trimmed.to_lowercase();
    let table = table();
    if table.placeholders.contains(&lower) || table.setting_words.contains(&lower) {
        return false;
    }
    // `this-is-a-faked-no-permission-token`: a stand-in, spelled out; also
    // the word alone (LinOTP's logout URL `log-me-out:fake@host`).
    let words = segments(trimmed);
    if (words.len() > 1 && words.iter().any(|word| table.stand_in_words.contains(word)))
        || table.stand_in_words.contains(&lower)
    {
        return false;
    }
    // `"test123"` (LinOTP's self-test `main()`): test data.
    if lower
        .strip_prefix("test")
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    if tells_to_replace(&lower) {
        return false;
    }
    if is_sentinel(trimmed) {
        return false;
    }
    // A one- or two-character value is a code or a flag (`"passwd": "s"`).
    trimmed.chars().count() > 2
        && !(is_template(trimmed)
            || is_repeated_character(trimmed)
            || is_masked(trimmed)
            || is_pattern(trimmed)
            || is_dotted_path(trimmed)
            || is_file_path(trimmed)
            || is_url_path(trimmed)
            || is_plain_url(trimmed)
            || is_header_name(trimmed)
            || lower.contains("example"))
}

/// `X-Trino-Extra-Credential`, `X-Auth-Token`, `Proxy-Authorization`: an
/// HTTP header's name, capitalised words (or short capitals: `X-API-Key`)
/// joined by hyphens, not the credential it carries.
fn is_header_name(value: &str) -> bool {
    let words: Vec<&str> = value.split('-').collect();
    words.len() >= 2
        && words
            .iter()
            .any(|word| word.chars().any(|c| c.is_ascii_lowercase()))
        && words.iter().all(|word| {
            let mut chars = word.chars();
            chars.next().is_some_and(|first| first.is_ascii_uppercase())
                && (chars.clone().all(|c| c.is_ascii_lowercase())
                    || (word.len() <= 4 && chars.all(|c| c.is_ascii_uppercase())))
        })
}

/// `~/.ssh/id_rsa`, `./certs/key.pem`, `/etc/ssl/private/key.pem`: where a
/// key is kept, not the key.
fn is_file_path(value: &str) -> bool {
    const SYSTEM_FOLDERS: [&str; 9] = [
        "/etc/", "/var/", "/home/", "/tmp/", "/usr/", "/opt/", "/root/", "/run/", "/srv/",
    ];
    ["~/", "./", "../"]
        .iter()
        .chain(SYSTEM_FOLDERS.iter())
        .any(|prefix| value.starts_with(prefix))
}

/// `/admin/keys`, `/api/v1/token/`: a path of lowercase words (kenboard's
/// `"get_api_key": "/admin/keys"`, the route that shows the keys).
fn is_url_path(value: &str) -> bool {
    let Some(rest) = value.strip_prefix('/') else {
        return false;
    };
    let segments: Vec<&str> = rest.strip_suffix('/').unwrap_or(rest).split('/').collect();
    segments.len() >= 2
        && segments.iter().all(|segment| {
            segment.chars().any(|c| c.is_ascii_lowercase())
                && segment.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
                })
        })
}

/// `https://www.imdb.com/ap/signin?openid…`: a web address with no password
/// in it (one with a password is reported as a URL credential).
fn is_plain_url(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && value
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.split('/').next().unwrap_or_default().contains('@'))
}

/// `django.contrib.auth.hashers.PBKDF2PasswordHasher`, `app.auth.token`:
/// three or more identifiers joined by dots name code, not a secret.
fn is_dotted_path(value: &str) -> bool {
    // `ckan.tests.factories:APIToken`: a module and an object in it.
    let value = match value.split_once(':') {
        Some((module, object)) if looks_like_identifier(object) => module,
        _ => value,
    };
    let parts: Vec<&str> = value.split('.').collect();
    parts.len() >= 3
        && parts.iter().all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && looks_like_identifier(part)
        })
}

/// The provider whose key shape `value` has (`AKIA…`, `ghp_…`, `xoxb-…`,
/// a private key block), if any.
pub fn provider_key(value: &str) -> Option<&'static str> {
    let value = value.trim();
    if is_masked(value) || mentions_example(value) {
        return None;
    }
    // The key may sit inside a header value: `"token ghp_…"`, `"Bearer sk_live_…"`.
    let words: Vec<&str> = value
        .split(|c: char| c.is_whitespace() || "\"'=:,;".contains(c))
        .collect();
    table().provider.iter().find_map(|shape| {
        let matches = if shape.contains.is_empty() {
            words.iter().any(|word| has_shape(shape, word))
        } else {
            shape
                .contains
                .iter()
                .all(|part| value.contains(part.as_str()))
                && shape
                    .pem_body
                    .is_none_or(|least| pem_body_length(value) >= least)
        };
        matches.then_some(shape.name.as_str())
    })
}

/// Whether `value` says "example" in any case (`EXAMPLE_KEY`, `AKIAIOSFODNN7EXAMPLE`).
fn mentions_example(value: &str) -> bool {
    if value.is_ascii() {
        value
            .as_bytes()
            .windows("example".len())
            .any(|window| window.eq_ignore_ascii_case(b"example"))
    } else {
        value.to_lowercase().contains("example")
    }
}

/// The base64 characters of the body of the first PEM block in `value`:
/// what follows the `-----BEGIN …-----` line, up to `-----END` (header lines
/// holding `:` aside); 0 when anything else is in it (words of a message
/// that names the markers, `...` standing in for the key).
fn pem_body_length(value: &str) -> usize {
    let Some(begin) = value.find("-----BEGIN") else {
        return 0;
    };
    let after_begin = &value[begin + "-----BEGIN".len()..];
    let Some(header_end) = after_begin.find("-----") else {
        return 0;
    };
    let body = &after_begin[header_end + "-----".len()..];
    let body = body.find("-----END").map_or(body, |end| &body[..end]);
    let mut length = 0;
    for line in body.lines().filter(|line| !line.contains(':')) {
        for c in line.chars().filter(|c| !c.is_whitespace()) {
            if !(c.is_ascii_alphanumeric() || "+/=".contains(c)) {
                return 0;
            }
            length += 1;
        }
    }
    length
}

/// Whether `value` starts like a provider's key (`ghp_`, `xoxb-`, `AKIA`…).
fn has_provider_prefix(value: &str) -> bool {
    table()
        .provider
        .iter()
        .flat_map(|shape| &shape.prefixes)
        .any(|prefix| value.starts_with(prefix.as_str()))
}

fn has_shape(shape: &ProviderShape, value: &str) -> bool {
    {
        {
            let Some(prefix) = shape
                .prefixes
                .iter()
                .find(|p| value.starts_with(p.as_str()))
            else {
                return false;
            };
            let rest = &value[prefix.len()..];
            let length_ok = shape
                .length
                .is_none_or(|[min, max]| (min..=max).contains(&value.len()));
            let chars_ok = !rest.is_empty()
                && rest.chars().all(|c| {
                    (if shape.upper {
                        c.is_ascii_uppercase() || c.is_ascii_digit()
                    } else {
                        c.is_ascii_alphanumeric()
                    }) || shape.extra.contains(c)
                });
            // A key has digits, or mixed case: `ghp_aaaaaaaa…` is a stand-in.
            let varied = rest.chars().any(|c| c.is_ascii_digit())
                || (rest.chars().any(|c| c.is_ascii_lowercase())
                    && rest.chars().any(|c| c.is_ascii_uppercase()));
            length_ok && chars_ok && varied
        }
    }
}

/// `${DB_PASSWORD}`, `$DB_PASSWORD`, `%(password)s`, `%s`, `%d`, `{password}`, `{}`, `<password>`.
fn is_template(value: &str) -> bool {
    value.contains("${")
        || (value.starts_with('$') && value.len() > 1)
        || has_percent_field(value)
        || (value.contains('{') && value.contains('}'))
        || (value.starts_with('<') && value.ends_with('>'))
}

/// A `%` field: `%(name)s`, or `%s`, `%d`, `%r`, `%i`, `%x` not followed by a
/// letter or digit (`user:%s@host`, `%s_%s`). A generated Django key may
/// hold `%r7h` or `%(-`; that is no field.
fn has_percent_field(value: &str) -> bool {
    const CONVERSIONS: &[u8] = b"sdrix";
    let bytes = value.as_bytes();
    bytes.iter().enumerate().any(|(at, &byte)| {
        if byte != b'%' {
            return false;
        }
        match bytes.get(at + 1) {
            Some(b'(') => {
                let name = &bytes[at + 2..];
                let length = name
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                    .count();
                length > 0
                    && name.get(length) == Some(&b')')
                    && name
                        .get(length + 1)
                        .is_some_and(|c| CONVERSIONS.contains(c))
            }
            Some(conversion) if CONVERSIONS.contains(conversion) => bytes
                .get(at + 2)
                .is_none_or(|next| !next.is_ascii_alphanumeric()),
            _ => false,
        }
    })
}

/// `:****`, `ab***`, `xxxx-1234`: an already masked value.
fn is_masked(value: &str) -> bool {
    let lower = value.to_lowercase();
    // `"XXX-REDACTED-XXX"`: the mask that keeps a secret out of a log.
    lower.contains("***") || lower.contains("xxxx") || lower.contains("redacted")
}

/// `[^\W\d]\w*`, `\{\{\{`: a regular expression (a lexer's token pattern, say):
/// a class shorthand, a group, or an escaped punctuation character.
fn is_pattern(value: &str) -> bool {
    ["\\w", "\\d", "\\s", "\\b", "[^", "(?"]
        .iter()
        .any(|marker| value.contains(marker))
        || value
            .split('\\')
            .skip(1)
            .any(|after| after.starts_with(|c: char| c.is_ascii_punctuation()))
}

/// `xxx`, `***`, `....`, `0000`: one mask character repeated. A repeated
/// letter or other digit (`SECRET_KEY = "aaaa"`) is a weak secret in use.
fn is_repeated_character(value: &str) -> bool {
    let mut chars = value.chars();
    let first = chars.next();
    first.is_some_and(|c| !c.is_alphanumeric() || matches!(c, 'x' | 'X' | '0'))
        && chars.all(|c| Some(c) == first)
}

/// `s3cr3t`, `a8Fk29xQ`: letters and digits mixed through the value (four
/// changes between them or more), the way generated and leetspeak secrets
/// are, and words, versions and type names (`float64`, `utf8mb4`) are not.
pub fn looks_generated(value: &str) -> bool {
    if value.chars().count() < 6 || !value.chars().all(|c| c.is_ascii_graphic()) {
        return false;
    }
    let classes: Vec<bool> = value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.is_ascii_digit())
        .collect();
    classes.windows(2).filter(|pair| pair[0] != pair[1]).count() >= 4
}

/// `this cool password`: three to eight words of letters and digits,
/// compared with a secret-like name (a passphrase; prompts and messages
/// carry punctuation).
pub fn is_passphrase(value: &str) -> bool {
    let words: Vec<&str> = value.split(' ').collect();
    (3..=8).contains(&words.len())
        && words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(char::is_alphanumeric))
        && !value.to_lowercase().contains("example")
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
    fn percent_fields_make_templates_and_a_generated_key_holds_none() {
        for value in ["%(password)s", "user:%s@host", "%s_%s", "%d", "pre%r"] {
            assert!(is_template(value), "{value}");
        }
        // pygeoapi's Django key: `%r7h`, `%cegb`, and `%(` with no field.
        for value in [
            ")#cqm2jfato)gk((nm#%r7h&#n&aqy00_21pavfp=l8)4%cegb",
            "k3%(-x9&q",
            "50%off",
        ] {
            assert!(!is_template(value), "{value}");
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
            "obscure_password",
            "self.url.obscure_password",
            "masked_token",
            "next_token",
            "client_token",
            "idempotency_token",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn a_private_key_is_a_pem_block_with_a_body_not_a_message_naming_its_markers() {
        let body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj";
        let key = format!("-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n");
        assert_eq!(provider_key(&key), Some("private key"));
        let encrypted = format!(
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F1\n\n{body}\n-----END RSA PRIVATE KEY-----"
        );
        assert_eq!(provider_key(&encrypted), Some("private key"));
        for message in [
            "Does it have a private key surrounded by '-----BEGIN PRIVATE KEY-----' and\n  '-----END PRIVATE KEY-----' markers?",
            "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----",
        ] {
            assert_eq!(provider_key(message), None, "{message}");
        }
    }

    #[test]
    fn partly_masked_aws_keys_in_their_slot_are_keys() {
        assert!(is_real_secret_for(
            "aws_access_key_id",
            "AKIAxxxxxxxxxxxxxxxx"
        ));
        assert!(is_real_secret_for(
            "aws_secret_access_key",
            "jWnyxxxxxxxxxxxxxxxxX7ZQxxxxxxxxxxxxxxxx"
        ));
        for (name, value) in [
            ("aws_access_key_id", "XXXXXXXX"),
            ("aws_access_key_id", "this-is-not-a-key"),
            ("aws_access_key_id", "<your token here>"),
            ("aws_secret_access_key", "----------------"),
            (
                "aws_secret_access_key",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            ),
            ("aws_secret_access_key", "<your secret here>"),
            ("aws_secret_access_key", "minioadmin"),
            ("aws_secret_access_key", "testing"),
            ("aws_access_key_id", "AKIAIOSFODNN7EXAMPLE"),
            ("api_key", "jWnyxxxxxxxxxxxxxxxxX7ZQxxxxxxxxxxxxxxxx"),
        ] {
            assert!(!has_aws_key_format(name, value), "{name} = {value}");
        }
        // Masked elsewhere than in an AWS key slot: still a stand-in.
        assert!(!is_real_secret_for(
            "api_key",
            "jWnyxxxxxxxxxxxxxxxxX7ZQxxxxxxxxxxxxxxxx"
        ));
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
            "X-Trino-Extra-Credential",
            "X-API-Key",
            "Proxy-Authorization",
        ] {
            assert!(!is_real_secret(value), "{value}");
        }
        for value in [
            "hunter2",
            "s3cr3t!",
            "ghp_abcdef123456",
            "admin",
            "aaaa",
            "1111",
            // Hyphenated, but not a header's capitalised words.
            "Tr0ub4dor-3",
            "correct-horse-battery",
        ] {
            assert!(is_real_secret(value), "{value}");
        }
        for value in ["xxxxxxxx", "XXXX", "0000", "----------------"] {
            assert!(!is_real_secret(value), "{value}");
        }
        // Stand-ins spelled out (Zope's lock token for a user without permission).
        for value in [
            "this-is-a-faked-no-permission-token",
            "dummy_password",
            "bogus-key",
        ] {
            assert!(!is_real_secret(value), "{value}");
        }
        for value in ["fakepass", "dummy1"] {
            assert!(is_real_secret(value), "{value}");
        }
        // The word alone, and test data (LinOTP's logout URL, a self-test).
        for value in ["fake", "bogus", "test", "test123"] {
            assert!(!is_real_secret(value), "{value}");
        }
        // A key's name in capitals; the holder's own word cut short.
        assert!(!is_real_secret_for("ldap_password", "BINDPW"));
        assert!(!is_real_secret_for("password", "passw"));
        assert!(is_real_secret_for("password", "PASSW0RD!"));
        for (holder, value) in [
            ("password", "PGPASSWORD"),
            ("key_password", "keyfile_password"),
            ("token", "access_token"),
            ("PASSWORD", "password"),
            ("auth", "true"),
            ("token", r"\{\{\{"),
            // A category's code (NetApp's authentication styles).
            ("STYLE_LOGIN_PASSWORD", "basic_auth"),
            // A label shown beside the field (diamond's config help).
            ("pass", "Password"),
            ("self.AUTH_TYPE_TOKEN", "header_token"),
        ] {
            assert!(!is_real_secret_for(holder, value), "{holder} = {value}");
        }
        for (holder, value) in [("LOGIN_PASSWORD", "basic_auth"), ("TYPE", "s3cr3t!x")] {
            assert!(is_real_secret_for(holder, value), "{holder} = {value}");
        }
        for (holder, value) in [
            ("EMAIL_PASSWORD", "secret"),
            ("key", "secret"),
            ("pwd", "1234"),
        ] {
            assert!(is_real_secret_for(holder, value), "{holder} = {value}");
        }
    }

    #[test]
    fn sentinels_are_one_capitals_word_between_mirrored_marks() {
        for value in ["//IMPLICIT//", "__UNSET__", "<<NONE>>", "[REDACTED]"] {
            assert!(is_sentinel(value), "{value}");
        }
        for value in [
            "IMPLICIT",
            "//implicit//",
            "__a8Fk29xQ__",
            "<<NONE",
            "(x)y(",
            "!Secret!",
        ] {
            assert!(!is_sentinel(value), "{value}");
        }
    }

    #[test]
    fn generated_values_mix_letters_and_digits() {
        for value in ["s3cr3t", "a8Fk29xQ", "ajk4l2b9"] {
            assert!(looks_generated(value), "{value}");
        }
        for value in [
            "float64",
            "utf8mb4",
            "base64url",
            "x86_64",
            "sha256",
            "1\n2",
            "s3c",
        ] {
            assert!(!looks_generated(value), "{value}");
        }
    }

    #[test]
    fn passphrases_are_plain_words() {
        assert!(is_passphrase("this cool password"));
        for value in [
            "Enter password:",
            "two words",
            "not a password, sorry",
            "a  b c",
        ] {
            assert!(!is_passphrase(value), "{value}");
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
