//! Where a new standard-library import goes: into the file's group of
//! standard-library imports, at its place in their order, when that group
//! is sorted (isort, OpenStack's hacking H306). Elsewhere it goes after
//! the imports.

use crate::parse::{Ranged, Stmt};

/// The top-level modules of Python 3.11's standard library (its
/// `sys.stdlib_module_names`, without the private ones), sorted.
const STDLIB_MODULES: [&str; 217] = [
    "abc",
    "aifc",
    "antigravity",
    "argparse",
    "array",
    "ast",
    "asynchat",
    "asyncio",
    "asyncore",
    "atexit",
    "audioop",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "cProfile",
    "calendar",
    "cgi",
    "cgitb",
    "chunk",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "crypt",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "distutils",
    "doctest",
    "email",
    "encodings",
    "ensurepip",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "genericpath",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "idlelib",
    "imaplib",
    "imghdr",
    "imp",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "lib2to3",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "mailcap",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "msilib",
    "msvcrt",
    "multiprocessing",
    "netrc",
    "nis",
    "nntplib",
    "nt",
    "ntpath",
    "nturl2path",
    "numbers",
    "opcode",
    "operator",
    "optparse",
    "os",
    "ossaudiodev",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pipes",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "posixpath",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "pydoc_data",
    "pyexpat",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtpd",
    "smtplib",
    "sndhdr",
    "socket",
    "socketserver",
    "spwd",
    "sqlite3",
    "sre_compile",
    "sre_constants",
    "sre_parse",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "sunau",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "telnetlib",
    "tempfile",
    "termios",
    "textwrap",
    "this",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "turtledemo",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uu",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "winsound",
    "wsgiref",
    "xdrlib",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
];

/// Whether `module` (dotted or not) belongs to the standard library.
pub fn is_stdlib(module: &str) -> bool {
    let top = module.split('.').next().unwrap_or(module);
    STDLIB_MODULES.binary_search(&top).is_ok()
}

/// The name an import sorts by: `import a.b` by `a.b`, `from a import b`
/// by `a.b`, lowercased (isort's force-sort-within-sections and hacking's
/// order); `None` for a relative import.
fn sort_key(stmt: &Stmt) -> Option<String> {
    match stmt {
        Stmt::Import(import) => Some(import.names.first()?.name.id.to_lowercase()),
        Stmt::ImportFrom(from) if from.level == 0 => {
            let module = from.module.as_ref()?.id.as_str();
            let member = from.names.first()?.name.id.as_str();
            Some(format!("{module}.{member}").to_lowercase())
        }
        _ => None,
    }
}

fn imported_module(stmt: &Stmt) -> Option<&str> {
    match stmt {
        Stmt::Import(import) => Some(import.names.first()?.name.id.as_str()),
        Stmt::ImportFrom(from) if from.level == 0 => Some(from.module.as_ref()?.id.as_str()),
        _ => None,
    }
}

/// Where `import module` goes in `body` (the module's statements, over
/// `text`): before the first import of the leading standard-library group
/// that sorts after it, or at the end of that group's last line (`Err`),
/// when the leading imports hold such a group, all standard library and
/// sorted. `None` otherwise.
pub fn place_in_stdlib_group(text: &str, body: &[Stmt], module: &str) -> Option<Placement> {
    if !is_stdlib(module) {
        return None;
    }
    let key = module.to_lowercase();
    let leading: Vec<&Stmt> = body
        .iter()
        .skip_while(|stmt| {
            matches!(stmt, Stmt::Expr(e) if e.value.is_string_literal_expr())
                || matches!(stmt, Stmt::ImportFrom(from) if from.module.as_ref().is_some_and(|m| m.id.as_str() == "__future__"))
        })
        .take_while(|stmt| matches!(stmt, Stmt::Import(_) | Stmt::ImportFrom(_)))
        .collect();
    // Groups: runs of imports with no blank line between them.
    let mut groups: Vec<Vec<&Stmt>> = Vec::new();
    for stmt in leading {
        let joined = groups
            .last()
            .and_then(|group| group.last())
            .is_some_and(|previous| {
                let between = &text[usize::from(previous.end())..usize::from(stmt.start())];
                between.matches('\n').count() <= 1 && !between.contains('#')
            });
        match groups.last_mut() {
            Some(group) if joined => group.push(stmt),
            _ => groups.push(vec![stmt]),
        }
    }
    let group = groups.into_iter().find(|group| {
        group
            .iter()
            .all(|stmt| imported_module(stmt).is_some_and(is_stdlib))
    })?;
    let keys: Vec<String> = group
        .iter()
        .map(|stmt| sort_key(stmt))
        .collect::<Option<_>>()?;
    if keys.windows(2).any(|pair| pair[0] > pair[1]) || keys.contains(&key) {
        return None;
    }
    Some(match keys.iter().position(|existing| *existing > key) {
        Some(index) => Placement::Before(group[index].start()),
        None => Placement::After(group.last()?.end()),
    })
}

/// Where a new import line goes within the standard-library group.
pub enum Placement {
    /// At the start of the line holding this offset.
    Before(crate::parse::TextSize),
    /// After the line holding this offset.
    After(crate::parse::TextSize),
}
