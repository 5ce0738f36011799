//! The project index: facts about every module of the run, gathered in a
//! first parallel pass and read (never written) by the rules.
//!
//! Per module: its imports (so a module that re-exports `sqlite3` is seen
//! through), its functions' summaries (which parameters are run as SQL,
//! composed through helpers that call helpers), its classes (bases,
//! `__enter__`/`__exit__`, placeholder-rewriting `execute` wrappers).

mod constants;
mod facts;
mod module_name;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use facts::ArgumentSlot;
pub use facts::{
    Callee, ClassFacts, DbFact, FunctionSummary, MODULE_CODE, ModuleFacts, ObjectSource, callee_of,
    catches_database_errors, extract, may_be_text_literal,
};
pub use module_name::{PackageFolders, has_python_extension, module_name, package_root};

use crate::model::Context;
use crate::model::settings::Settings;
use crate::parse::parse_module;
use crate::parse::source::SourceFile;
use crate::semantic::SemanticModel;

/// How many rounds of "a helper that calls a helper that runs SQL runs SQL".
const COMPOSITION_DEPTH: usize = 4;
/// How many re-export hops [`ProjectIndex::canonical`] follows.
const REEXPORT_DEPTH: usize = 8;

/// Facts about every module of a run.
#[derive(Debug, Default)]
pub struct ProjectIndex {
    modules: FxHashMap<String, ModuleFacts>,
    /// Method name → the project's functions so named.
    methods: FxHashMap<String, Namesakes>,
    /// The first component of every indexed module's name (`app` for
    /// `app.db`): a qualified name starting elsewhere is no project name.
    top_packages: FxHashSet<String>,
    /// Driver families imported anywhere in the project.
    driver_families: std::collections::BTreeSet<String>,
    /// Whether a class of the project defines an `execute`/`executemany`
    /// that hands no parameters on (see [`ClassFacts::execute_drops_parameters`]).
    has_execute_dropping_parameters: bool,
    /// Whether a connection or cursor wrapper class lacks `__enter__`.
    has_wrapper_without_enter: bool,
    /// Callers of each function (by canonical qualified name, or `.name`
    /// for calls on a receiver of unknown class): how many calls, and how
    /// many of them sit in a `try` that catches database errors.
    callers: FxHashMap<String, CallerCount>,
    /// Per function (keyed as `callers`), how many of those calls pass a
    /// program constant in each argument slot.
    constant_arguments: FxHashMap<String, FxHashMap<ArgumentSlot, usize>>,
    /// How often each private function name, and each public one some call
    /// passes a constant to, occurs in the project's files outside test
    /// code (parsed by the index pass or not).
    mentions: FxHashMap<String, usize>,
    /// Of those mentions, how many sit in an `import` statement or an
    /// `__all__` list (a package re-exporting its API calls nothing).
    reexports: FxHashMap<String, usize>,
    /// Class name → how many of the project's classes are so named.
    class_names: FxHashMap<String, usize>,
    /// Per function (keyed as `callers`), the calls that hand it one of
    /// the caller's own parameters: the argument slot, the caller's
    /// qualified name and its parameter's index.
    forwarded: FxHashMap<String, Vec<(ArgumentSlot, String, usize)>>,
    /// Per function (canonical qualified name), the database object every
    /// caller passes for each parameter, when all callers agree.
    parameter_objects: FxHashMap<String, Vec<Option<DbFact>>>,
    /// Per function, the database object it returns, when proven.
    returned_objects: FxHashMap<String, DbFact>,
    /// The names a call of a function that runs one of its parameters as
    /// SQL can have: those functions' own names, and every local name an
    /// `import … as …` gives (a cheap test before resolving a callee).
    sql_helper_names: FxHashSet<String>,
    /// The module name of every indexed file, by its path as the run names it.
    names_by_path: FxHashMap<PathBuf, (String, bool)>,
    /// [`Self::canonical`]'s answers so far: rules ask for the same few
    /// names over and over.
    canonical_names: std::sync::RwLock<FxHashMap<String, String>>,
}

/// The project's functions that share one name (`run`, or methods named
/// `execute` in several classes): how many, and the first one's qualified
/// name, which is all [`ProjectIndex`] asks (is there exactly one, and
/// which) — a list of every qualified name weighed a sixth of the index.
#[derive(Debug)]
struct Namesakes {
    count: usize,
    first: String,
}

impl Namesakes {
    /// The qualified name of the one function so named, if only one is.
    fn only(&self) -> Option<&str> {
        (self.count == 1).then_some(self.first.as_str())
    }
}

impl crate::semantic::Reexports for ProjectIndex {
    fn knows_nothing(&self) -> bool {
        self.is_empty()
    }

    fn canonical(&self, qualified: &str) -> String {
        ProjectIndex::canonical(self, qualified)
    }

    fn module_binds(&self, module: &str, name: &str) -> bool {
        self.module(module).is_some_and(|facts| {
            facts.imports.contains_key(name)
                || facts.definitions.contains(name)
                || facts.functions.contains_key(name)
        })
    }
}

/// How a function is called across the project.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallerCount {
    pub calls: usize,
    pub guarded: usize,
}

/// How many callers deep [`ProjectIndex::filled_by_developers`] follows a
/// parameter handed on.
const FILLED_BY_DEVELOPERS_DEPTH: usize = 3;

impl ProjectIndex {
    /// Indexes `files` in parallel (files that cannot be read or parsed are
    /// left out: the file pass reports them).
    pub fn build(files: &[PathBuf], settings: &Settings) -> Self {
        // On the pool's workers, for their stack (deeply nested sources).
        let folders = PackageFolders::default();
        let mut facts: Vec<ModuleFacts> = crate::parse::stack::on_worker(|| {
            files
                .par_iter()
                .filter_map(|path| index_file(path, settings, &folders))
                .collect()
        });
        read_imported_facts(&mut facts, settings);
        count_public_mentions(&mut facts, settings);
        Self::from_modules(facts)
    }

    /// Merges module facts and composes the function summaries.
    pub fn from_modules(modules: Vec<ModuleFacts>) -> Self {
        let mut index = ProjectIndex::default();
        // Sized once: growing the table would copy every module's facts.
        index.modules.reserve(modules.len());
        index.names_by_path.reserve(modules.len());
        for mut module in modules {
            // Before the module is filed by name: two scripts may share one
            // (`tools/run.py`, `scripts/run.py`), and each one's mentions count.
            for (name, count) in std::mem::take(&mut module.mentions) {
                *index.mentions.entry(name).or_default() += count as usize;
            }
            for (name, count) in std::mem::take(&mut module.reexports) {
                *index.reexports.entry(name).or_default() += count as usize;
            }
            for class in module.classes.keys() {
                *index.class_names.entry(class.clone()).or_default() += 1;
            }
            index.names_by_path.insert(
                module.path.clone(),
                (module.name.clone(), module.is_package),
            );
            index.modules.insert(module.name.clone(), module);
        }
        index.top_packages = index
            .modules
            .keys()
            .map(|name| name.split('.').next().unwrap_or(name).to_owned())
            .collect();
        for module in index.modules.values() {
            for function in module.functions.keys() {
                let method = function.rsplit('.').next().unwrap_or(function);
                index
                    .methods
                    .entry(method.to_owned())
                    .and_modify(|namesakes| namesakes.count += 1)
                    .or_insert_with(|| Namesakes {
                        count: 1,
                        first: format!("{}.{function}", module.name),
                    });
            }
        }
        for module in index.modules.values() {
            index
                .driver_families
                .extend(driver_families_of(&module.imported).map(str::to_owned));
            index.has_execute_dropping_parameters |=
                module.classes.values().any(|c| c.execute_drops_parameters);
            index.has_wrapper_without_enter |= module
                .classes
                .values()
                .any(|c| (c.wraps_connection_or_cursor || c.defines_execute) && !c.has_enter);
        }
        let mut callers: FxHashMap<String, CallerCount> = FxHashMap::default();
        let mut constants: FxHashMap<String, FxHashMap<ArgumentSlot, usize>> = FxHashMap::default();
        let key = |index: &ProjectIndex, callee: &Callee| match callee {
            Callee::Qualified(qualified) => index.canonical(qualified),
            Callee::Method(method) => format!(".{method}"),
        };
        // Test code's calls were not counted (see `ModuleFacts::calls`).
        for module in index.modules.values() {
            for (callee, count) in &module.calls {
                let total = callers.entry(key(&index, callee)).or_default();
                total.calls += count.calls;
                total.guarded += count.guarded;
            }
            for (callee, slots) in &module.constant_arguments {
                let counts = constants.entry(key(&index, callee)).or_default();
                for (slot, count) in slots {
                    *counts.entry(slot.clone()).or_default() += count;
                }
            }
        }
        let mut forwarded: FxHashMap<String, Vec<(ArgumentSlot, String, usize)>> =
            FxHashMap::default();
        // Test code's calls are not counted (`callers`): nor what it hands on.
        for module in index.modules.values().filter(|module| !module.is_test) {
            for (function, summary) in &module.functions {
                for call in &summary.forwards {
                    let callee = key(&index, &call.callee);
                    for (slot, parameter) in &call.arguments {
                        forwarded.entry(callee.clone()).or_default().push((
                            slot.clone(),
                            format!("{}.{function}", module.name),
                            *parameter,
                        ));
                    }
                }
            }
        }
        index.callers = callers;
        index.constant_arguments = constants;
        index.forwarded = forwarded;
        index.compose();
        index.trace_objects();
        index.sql_helper_names = index.names_of_sql_helpers();
        index.drop_what_only_building_needs();
        index
    }

    /// Frees what the summaries were composed from (the modules' call
    /// counts, the functions' forwarded arguments and objects passed): only
    /// building reads them.
    fn drop_what_only_building_needs(&mut self) {
        for module in self.modules.values_mut() {
            module.calls = FxHashMap::default();
            module.constant_arguments = FxHashMap::default();
            for summary in module.functions.values_mut() {
                summary.drop_building_lists();
            }
        }
        let functions: FxHashSet<&str> = self
            .modules
            .values()
            .flat_map(|module| module.functions.keys())
            .map(|function| function.rsplit('.').next().unwrap_or(function))
            .filter(|name| !name.starts_with("__"))
            .chain(self.class_names.keys().map(String::as_str))
            .collect();
        let mentions = std::mem::take(&mut self.mentions);
        self.mentions = mentions
            .into_iter()
            .filter(|(name, _)| functions.contains(name.as_str()))
            .collect();
        let reexports = std::mem::take(&mut self.reexports);
        self.reexports = reexports
            .into_iter()
            .filter(|(name, _)| functions.contains(name.as_str()))
            .collect();
    }

    /// The dotted name of the module at `path` and whether it is a package:
    /// as indexed, or from the file system for a file the run did not index.
    pub fn module_name_of(&self, path: &Path) -> Option<(String, bool)> {
        match self.names_by_path.get(path) {
            Some(known) => Some(known.clone()),
            None => module_name(path),
        }
    }

    /// The canonical qualified name a callee stands for.
    fn callee_name(&self, callee: &Callee) -> Option<String> {
        match callee {
            Callee::Qualified(qualified) => Some(self.canonical(qualified)),
            Callee::Method(method) => Some(self.canonical(self.methods.get(method)?.only()?)),
        }
    }

    /// Follows connections and cursors across functions: what each function
    /// returns, and what every caller passes for each parameter.
    fn trace_objects(&mut self) {
        /// An [`ObjectSource`] with its callee's name resolved (once, not
        /// once a round).
        enum Source<'s> {
            Driver(&'s DbFact),
            Parameter(usize),
            Returned(String),
            Unknown,
        }
        fn source<'s>(index: &ProjectIndex, object: &'s ObjectSource) -> Source<'s> {
            match object {
                ObjectSource::Driver(fact) => Source::Driver(fact),
                ObjectSource::Parameter(position) => Source::Parameter(*position),
                ObjectSource::Returned(callee) => index
                    .callee_name(callee)
                    .map_or(Source::Unknown, Source::Returned),
                ObjectSource::Unknown => Source::Unknown,
            }
        }
        // Per function that may return a database object, its returns.
        let mut returners: Vec<(String, Vec<Source>)> = Vec::new();
        // Per call of a project function passing something that may be a
        // database object: the caller, the callee, and the sources of its
        // arguments. (Only a function with a summary gets parameter facts:
        // the calls of anything else need not be kept.)
        let mut calls: Vec<(String, String, Vec<Source>)> = Vec::new();
        for module in self.modules.values() {
            for (name, summary) in &module.functions {
                let returns_something = summary.returns.iter().any(|r| *r != ObjectSource::Unknown);
                if summary.object_arguments.is_empty() && !returns_something {
                    continue;
                }
                let qualified = format!("{}.{name}", module.name);
                for (callee, sources) in &summary.object_arguments {
                    if let Some(callee) = self.callee_name(callee)
                        && self.function(&callee).is_some()
                    {
                        let sources = sources.iter().map(|s| source(self, s)).collect();
                        calls.push((qualified.clone(), callee, sources));
                    }
                }
                if returns_something {
                    returners.push((
                        qualified,
                        summary.returns.iter().map(|r| source(self, r)).collect(),
                    ));
                }
            }
        }
        // Every call counts (a callee any of whose calls passes no object
        // gets no parameter facts), but a call none of whose arguments can
        // ever resolve to an object need not be resolved each round.
        let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
        for (_, callee, _) in &calls {
            *counts.entry(callee.as_str()).or_default() += 1;
        }
        let may_return: FxHashSet<&str> = returners.iter().map(|(name, _)| name.as_str()).collect();
        let live = |sources: &[Source]| {
            sources.iter().any(|s| match s {
                Source::Driver(_) | Source::Parameter(_) => true,
                Source::Returned(callee) => may_return.contains(callee.as_str()),
                Source::Unknown => false,
            })
        };
        let live_calls: Vec<&(String, String, Vec<Source>)> = calls
            .iter()
            .filter(|(_, _, sources)| live(sources))
            .collect();
        let mut parameter_objects: FxHashMap<String, Vec<Option<DbFact>>> = FxHashMap::default();
        let mut returned_objects: FxHashMap<String, DbFact> = FxHashMap::default();
        let resolve = |source: &Source,
                       caller: &str,
                       parameters: &FxHashMap<String, Vec<Option<DbFact>>>,
                       returned: &FxHashMap<String, DbFact>|
         -> Option<DbFact> {
            match source {
                Source::Driver(fact) => Some((*fact).clone()),
                Source::Parameter(index) => parameters.get(caller)?.get(*index)?.clone(),
                Source::Returned(callee) => returned.get(callee).cloned(),
                Source::Unknown => None,
            }
        };
        for _ in 0..COMPOSITION_DEPTH {
            let mut next_returned = FxHashMap::default();
            for (name, returns) in &returners {
                let mut facts = returns
                    .iter()
                    .map(|r| resolve(r, name, &parameter_objects, &returned_objects));
                if let Some(Some(first)) = facts.next()
                    && facts.all(|f| f.as_ref() == Some(&first))
                {
                    next_returned.insert(name.clone(), first);
                }
            }
            // For each callee: per argument position, the facts callers pass.
            let mut passed: FxHashMap<&str, Vec<Vec<Option<DbFact>>>> = FxHashMap::default();
            for (caller, callee, sources) in &live_calls {
                let args: Vec<Option<DbFact>> = sources
                    .iter()
                    .map(|s| resolve(s, caller, &parameter_objects, &returned_objects))
                    .collect();
                passed.entry(callee.as_str()).or_default().push(args);
            }
            let mut next_parameters = FxHashMap::default();
            for (callee, calls) in passed {
                let Some(summary) = self.function(callee) else {
                    continue;
                };
                // Every call of the function passes objects (a call passing
                // none of them leaves the parameters unknown).
                if self.callers_of(callee).calls != counts[callee] || calls.len() != counts[callee]
                {
                    continue;
                }
                let facts: Vec<Option<DbFact>> = (0..summary.parameters.len())
                    .map(|parameter| {
                        let position = summary.argument_for_parameter(parameter)?;
                        let mut each = calls
                            .iter()
                            .map(|args| args.get(position).cloned().flatten());
                        let first = each.next()??;
                        each.all(|f| f.as_ref() == Some(&first)).then_some(first)
                    })
                    .collect();
                if facts.iter().any(Option::is_some) {
                    next_parameters.insert(callee.to_owned(), facts);
                }
            }
            let settled = next_parameters == parameter_objects && next_returned == returned_objects;
            parameter_objects = next_parameters;
            returned_objects = next_returned;
            if settled {
                break;
            }
        }
        self.parameter_objects = parameter_objects;
        self.returned_objects = returned_objects;
    }

    /// The database object every caller of `function` passes as parameter
    /// `index`, when they all pass one of the same driver and kind.
    pub fn parameter_object(&self, function: &str, index: usize) -> Option<&DbFact> {
        self.parameter_objects
            .get(&self.canonical(function))?
            .get(index)?
            .as_ref()
    }

    /// The database object the project function `callee` returns, when proven.
    pub fn returned_object(&self, callee: &Callee) -> Option<&DbFact> {
        self.returned_objects.get(&self.callee_name(callee)?)
    }

    /// How the project calls the function `qualified` (`app.db.Store.save`):
    /// calls that name it, and calls of a method of that name on receivers
    /// of unknown class.
    pub fn callers_of(&self, qualified: &str) -> CallerCount {
        let direct = self
            .callers
            .get(&self.canonical(qualified))
            .copied()
            .unwrap_or_default();
        let by_method = qualified
            .rsplit('.')
            .next()
            .and_then(|name| self.callers.get(&format!(".{name}")))
            .copied()
            .unwrap_or_default();
        CallerCount {
            calls: direct.calls + by_method.calls,
            guarded: direct.guarded + by_method.guarded,
        }
    }

    /// Whether the function `qualified` is called in the run (outside test
    /// code), and every call passes a program constant (a string literal, a
    /// module constant, an internal attribute) for its parameter `index`.
    ///
    /// Only when every place its name occurs outside test code is one of
    /// those calls or the definition of a function so named: a call the
    /// index cannot see (in a module it left unparsed), a reference handed
    /// on as a value or a `getattr` string would occur once more. A public
    /// function (aiosyslogd's `create_monthly_table`, called once with
    /// `"SystemEvents"`) may have callers outside the run too: a library's
    /// caller answers for what it passes, and the run is what can be read.
    pub fn only_constants_reach(&self, qualified: &str, index: usize) -> bool {
        let name = qualified.rsplit('.').next().unwrap_or(qualified);
        if name.starts_with("__") {
            return false;
        }
        let Some(summary) = self.function(qualified) else {
            return false;
        };
        let calls = self.callers_of(qualified).calls;
        let definitions = self
            .methods
            .get(name)
            .map_or(0, |namesakes| namesakes.count);
        if self.mentions.get(name).copied().unwrap_or(0) != calls + definitions {
            return false;
        }
        let slots = |key: &str| {
            let counts = self.constant_arguments.get(key)?;
            let by_position = summary
                .argument_for_parameter(index)
                .and_then(|position| counts.get(&ArgumentSlot::Position(position)));
            let by_keyword = summary
                .parameters
                .get(index)
                .and_then(|name| counts.get(&ArgumentSlot::Keyword(name.clone())));
            Some(by_position.copied().unwrap_or(0) + by_keyword.copied().unwrap_or(0))
        };
        let direct = slots(&self.canonical(qualified)).unwrap_or(0);
        let by_method = qualified
            .rsplit('.')
            .next()
            .and_then(|name| slots(&format!(".{name}")))
            .unwrap_or(0);
        calls > 0 && direct + by_method == calls
    }

    /// Whether nothing outside test code names the public function (or,
    /// `class` set, the class) `name` but its definitions, the `import`s
    /// and `__all__` lists that re-export it: a library's API that only
    /// code beyond the run calls. Unknown (a name the index did not count,
    /// a definition in test code) is `false`.
    pub fn only_defined_and_reexported(&self, name: &str, class: bool) -> bool {
        self.uses_and_definitions(name, class)
            .is_some_and(|(uses, definitions)| definitions > 0 && uses <= definitions)
    }

    /// How often the function (or, `class` set, the class) `name` occurs
    /// in the run's files outside test code, re-exports aside, and how many
    /// of the project's functions (classes) are so named; `None` for a name
    /// the index did not count.
    fn uses_and_definitions(&self, name: &str, class: bool) -> Option<(usize, usize)> {
        let mentions = *self.mentions.get(name)?;
        let reexports = self.reexports.get(name).copied().unwrap_or(0);
        let definitions = if class {
            self.class_names.get(name).copied().unwrap_or(0)
        } else {
            self.methods
                .get(name)
                .map_or(0, |namesakes| namesakes.count)
        };
        Some((mentions.saturating_sub(reexports), definitions))
    }

    /// Whether the parameter `index` of the function `qualified` holds
    /// only what developers beyond the run pass: the function is a library's
    /// API ([`FunctionSummary::library_api`]) that nothing in the run calls
    /// ([`Self::only_defined_and_reexported`]), or every call in the run
    /// passes a program constant or such a parameter of its caller
    /// (sqlite-utils' `Table.extract(table)` handing `table` to
    /// `analyze_column`), to a depth of [`FILLED_BY_DEVELOPERS_DEPTH`]. A
    /// constructor's calls are its class's.
    pub fn filled_by_developers(&self, qualified: &str, index: usize) -> bool {
        self.filled_by_developers_within(qualified, index, 0)
    }

    fn filled_by_developers_within(&self, qualified: &str, index: usize, depth: usize) -> bool {
        if depth > FILLED_BY_DEVELOPERS_DEPTH {
            return false;
        }
        let Some(summary) = self.function(qualified) else {
            return false;
        };
        let (owner, name) = qualified.rsplit_once('.').unwrap_or(("", qualified));
        let constructor = matches!(name, "__init__" | "__new__");
        // A class is called by its name; a method also on a receiver of
        // unknown class (`.name`).
        let (callee, word, class) = if constructor {
            let class = owner.rsplit('.').next().unwrap_or(owner);
            (owner, class, true)
        } else {
            (qualified, name, false)
        };
        let calls = self.callers_of(callee).calls;
        if calls == 0 {
            return summary.library_api && self.only_defined_and_reexported(word, class);
        }
        // Every mention of the name outside test code is a definition, a
        // re-export or one of the calls counted.
        if self
            .uses_and_definitions(word, class)
            .is_none_or(|(uses, definitions)| uses != calls + definitions)
        {
            return false;
        }
        let position = summary.argument_for_parameter(index);
        let keyword = summary.parameters.get(index);
        let fills_the_parameter = |slot: &ArgumentSlot| match slot {
            ArgumentSlot::Position(at) => Some(*at) == position,
            ArgumentSlot::Keyword(name) => Some(name) == keyword,
        };
        let keys = [self.canonical(callee), format!(".{word}")];
        let mut accounted = 0;
        for key in &keys {
            if let Some(counts) = self.constant_arguments.get(key) {
                accounted += counts
                    .iter()
                    .filter(|(slot, _)| fills_the_parameter(slot))
                    .map(|(_, count)| count)
                    .sum::<usize>();
            }
            for (slot, caller, parameter) in self.forwarded.get(key).into_iter().flatten() {
                if !fills_the_parameter(slot) {
                    continue;
                }
                if !self.filled_by_developers_within(caller, *parameter, depth + 1) {
                    return false;
                }
                accounted += 1;
            }
        }
        accounted == calls
    }

    /// Whether the function `qualified` is called in the run, and every
    /// call sits in a `try` whose handlers catch database errors.
    pub fn every_caller_handles_database_errors(&self, qualified: &str) -> bool {
        let count = self.callers_of(qualified);
        count.calls > 0 && count.guarded == count.calls
    }

    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    /// The database object a module-level name of the project holds
    /// (`app.db.Session` bound once to `scoped_session(sessionmaker(…))`),
    /// re-exports followed.
    pub fn module_object(&self, qualified: &str) -> Option<&DbFact> {
        let qualified = self.canonical(qualified);
        let (module, name) = qualified.rsplit_once('.')?;
        self.module(module)?.objects.get(name)
    }

    /// Whether the project class `qualified` (`app.models.User`) is a
    /// Flask-SQLAlchemy model: a base of it, or of a project class it
    /// derives from, is `db.Model` with `db` bound once to
    /// `flask_sqlalchemy.SQLAlchemy(…)` in a module of the project.
    pub fn is_flask_model(&self, qualified: &str) -> bool {
        self.is_flask_model_within(qualified, 0)
    }

    fn is_flask_model_within(&self, qualified: &str, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        let qualified = self.canonical(qualified);
        let Some((module_name, class_name)) = qualified.rsplit_once('.') else {
            return false;
        };
        let Some(module) = self.module(module_name) else {
            return false;
        };
        let Some(class) = module.classes.get(class_name) else {
            return false;
        };
        class
            .bases
            .iter()
            .any(|base| match base.strip_suffix(".Model") {
                // `db.Model` with `db` this module's own, or `app.db.Model` imported.
                Some(database) if !database.contains('.') => {
                    module.flask_databases.contains(database)
                }
                Some(database) => {
                    let database = self.canonical(database);
                    database.rsplit_once('.').is_some_and(|(home, name)| {
                        self.module(home)
                            .is_some_and(|facts| facts.flask_databases.contains(name))
                    })
                }
                None if base.contains('.') => self.is_flask_model_within(base, depth + 1),
                None => self.is_flask_model_within(&format!("{module_name}.{base}"), depth + 1),
            })
    }

    pub fn module(&self, name: &str) -> Option<&ModuleFacts> {
        self.modules.get(name)
    }

    /// Whether `qualified` names a class the project defines: one the index
    /// read, or a name in a module of the run it left unparsed (a module
    /// with no database words, so no database error re-exported either).
    pub fn defines_class(&self, qualified: &str) -> bool {
        if self.class(qualified).is_some() {
            return true;
        }
        let canonical = self.canonical(qualified);
        canonical
            .rsplit_once('.')
            .and_then(|(module, _)| self.modules.get(module))
            .is_some_and(|module| !module.parsed)
    }

    /// Whether `qualified` (re-exports followed) names a module constant of
    /// the project (see [`constants`]): `app.tables.USERS`.
    pub fn is_constant(&self, qualified: &str) -> bool {
        let canonical = self.canonical(qualified);
        canonical.rsplit_once('.').is_some_and(|(module, name)| {
            self.modules
                .get(module)
                .is_some_and(|facts| facts.constants.contains(name))
        })
    }

    /// `qualified` with re-exports followed: `app.compat.sqlite.connect` →
    /// `sqlite3.connect` when `app/compat/sqlite.py` does `from sqlite3 import *`
    /// or `from sqlite3 import connect`.
    pub fn canonical(&self, qualified: &str) -> String {
        let head = qualified.split('.').next().unwrap_or(qualified);
        if !self.top_packages.contains(head) {
            return qualified.to_owned();
        }
        let cache = |names: &FxHashMap<String, String>| names.get(qualified).cloned();
        if let Some(known) = self
            .canonical_names
            .read()
            .ok()
            .and_then(|names| cache(&names))
        {
            return known;
        }
        let mut current = qualified.to_owned();
        for _ in 0..REEXPORT_DEPTH {
            match self.step(&current) {
                Some(next) if next != current => current = next,
                _ => break,
            }
        }
        if let Ok(mut names) = self.canonical_names.write() {
            names.insert(qualified.to_owned(), current.clone());
        }
        current
    }

    /// One re-export hop, if the longest module prefix of `qualified` is
    /// indexed and binds the next part by an import.
    fn step(&self, qualified: &str) -> Option<String> {
        // Each `.` splits `qualified` into a module prefix and the rest,
        // longest prefix first; nothing is allocated until a hop is found.
        for (dot, _) in qualified.rmatch_indices('.') {
            let Some(module) = self.modules.get(&qualified[..dot]) else {
                continue;
            };
            let after = &qualified[dot + 1..];
            let (first, rest) = match after.find('.') {
                Some(next) => (&after[..next], &after[next..]),
                None => (after, ""),
            };
            if module.definitions.contains(first) || module.functions.contains_key(first) {
                return None;
            }
            if let Some(target) = module.imports.get(first) {
                return Some(format!("{target}{rest}"));
            }
            if let [only] = module.star_imports.as_slice() {
                return Some(format!("{only}.{first}{rest}"));
            }
            return None;
        }
        None
    }

    /// The summary of the function `qualified` names (after re-exports).
    pub fn function(&self, qualified: &str) -> Option<&FunctionSummary> {
        let canonical = self.canonical(qualified);
        let (module, function) = self.split_function(&canonical)?;
        self.modules.get(module)?.functions.get(function)
    }

    /// `app.db.Store.query` → (`app.db`, `Store.query`).
    fn split_function<'q>(&self, qualified: &'q str) -> Option<(&'q str, &'q str)> {
        let mut split = qualified.len();
        while let Some(dot) = qualified[..split].rfind('.') {
            if self.modules.contains_key(&qualified[..dot]) {
                return Some((&qualified[..dot], &qualified[dot + 1..]));
            }
            split = dot;
        }
        None
    }

    /// The class `qualified` names (after re-exports).
    pub fn class(&self, qualified: &str) -> Option<&ClassFacts> {
        let canonical = self.canonical(qualified);
        let (module, class) = canonical.rsplit_once('.')?;
        self.modules.get(module)?.classes.get(class)
    }

    /// The one function of the project named `method` whose summary runs
    /// SQL, when exactly one function of the project has that name.
    pub fn only_method(&self, method: &str) -> Option<&FunctionSummary> {
        self.function(self.methods.get(method)?.only()?)
    }

    pub fn callee(&self, callee: &Callee) -> Option<&FunctionSummary> {
        match callee {
            Callee::Qualified(qualified) => self.function(qualified),
            Callee::Method(method) => self.only_method(method),
        }
    }

    fn names_of_sql_helpers(&self) -> FxHashSet<String> {
        let mut names = FxHashSet::default();
        for module in self.modules.values() {
            for (function, summary) in &module.functions {
                if !summary.executes.is_empty() {
                    names.insert(function.rsplit('.').next().unwrap_or(function).to_owned());
                }
            }
            for (local, qualified) in &module.imports {
                if qualified.rsplit('.').next() != Some(local.as_str()) {
                    names.insert(local.clone());
                }
            }
        }
        names
    }

    /// Whether a call of `name` (`run` in `db.run(sql)`) may call a project
    /// function that runs one of its parameters as SQL.
    pub fn may_be_sql_helper(&self, name: &str) -> bool {
        self.sql_helper_names.contains(name)
    }

    /// Whether any module of the project wraps `execute` in a class that
    /// rewrites placeholders.
    pub fn has_placeholder_rewriting_wrapper(&self) -> bool {
        self.modules
            .values()
            .any(|m| m.classes.values().any(|c| c.rewrites_placeholders))
    }

    /// A helper that hands a parameter to a helper that runs it as SQL runs it too.
    fn compose(&mut self) {
        for _ in 0..COMPOSITION_DEPTH {
            let mut updates: Vec<(String, String, usize, Option<usize>)> = Vec::new();
            for (module_name, module) in &self.modules {
                for (function_name, summary) in &module.functions {
                    for call in &summary.forwards {
                        let Some(callee) = self.callee(&call.callee) else {
                            continue;
                        };
                        for (slot, parameter) in &call.arguments {
                            let callee_parameter = match slot {
                                ArgumentSlot::Position(position) => {
                                    Some(callee.parameter_for_argument(*position))
                                }
                                ArgumentSlot::Keyword(name) => {
                                    callee.parameters.iter().position(|p| p == name)
                                }
                            };
                            let Some(callee_parameter) = callee_parameter else {
                                continue;
                            };
                            if callee.executes.contains(&callee_parameter)
                                && !summary.executes.contains(parameter)
                            {
                                let params = call
                                    .arguments
                                    .iter()
                                    .find(|(slot, _)| {
                                        callee.params_parameter.is_some_and(|p| match slot {
                                            ArgumentSlot::Position(position) => {
                                                callee.parameter_for_argument(*position) == p
                                            }
                                            ArgumentSlot::Keyword(name) => {
                                                callee.parameters.get(p) == Some(name)
                                            }
                                        })
                                    })
                                    .map(|(_, parameter)| *parameter);
                                updates.push((
                                    module_name.clone(),
                                    function_name.clone(),
                                    *parameter,
                                    params,
                                ));
                            }
                        }
                    }
                }
            }
            if updates.is_empty() {
                break;
            }
            for (module, function, parameter, params) in updates {
                if let Some(summary) = self
                    .modules
                    .get_mut(&module)
                    .and_then(|m| m.functions.get_mut(&function))
                {
                    if !summary.executes.contains(&parameter) {
                        summary.executes.push(parameter);
                        summary.executes.sort_unstable();
                    }
                    summary.params_parameter = summary.params_parameter.or(params);
                }
            }
        }
    }
}

/// The driver families that some of `imported` (qualified module names) belong to.
fn driver_families_of<'i>(
    imported: impl IntoIterator<Item = &'i String> + 'i,
) -> impl Iterator<Item = &'static str> + 'i {
    let drivers = crate::model::drivers::builtin_drivers();
    imported.into_iter().filter_map(move |qualified| {
        drivers
            .iter()
            .find(|driver| driver.owns(qualified))
            .map(|driver| driver.name.as_str())
    })
}

/// Whether the project (this module included) defines a connection or
/// cursor wrapper class without `__enter__`: a cursor reached through a
/// receiver known only by its name may then be one of them, and `with` on it
/// would raise `TypeError`.
pub fn may_wrap_cursors_without_enter(context: &Context) -> bool {
    let lacks_enter = |class: &ClassFacts| {
        (class.wraps_connection_or_cursor || class.defines_execute) && !class.has_enter
    };
    context.project().has_wrapper_without_enter
        || context.own_facts().classes.values().any(lacks_enter)
}

/// Whether the project (this module included) defines an `execute` method
/// that hands no parameters on: a receiver known only by its name
/// (`self.conn`) may be one of those, and parameters added to its call would
/// be dropped (sqlite-bro's `Baresql.execute(self, sql, env=None)`).
pub fn may_wrap_execute_without_parameters(context: &Context) -> bool {
    context.project().has_execute_dropping_parameters
        || context
            .own_facts()
            .classes
            .values()
            .any(|class| class.execute_drops_parameters)
}

/// The one driver family the project (this module included) imports, if exactly one.
pub fn sole_driver_family(context: &Context) -> Option<&'static crate::model::drivers::Driver> {
    // From this module's imports, not its facts: extracting those asks this.
    let mut families = context.project().driver_families.clone();
    let imported = context.semantic.imports().iter().map(|i| &i.qualified);
    families.extend(driver_families_of(imported).map(str::to_owned));
    match families.len() {
        1 => {
            let name = families.into_iter().next()?;
            crate::model::drivers::builtin_drivers()
                .iter()
                .find(|driver| driver.name == name)
        }
        _ => None,
    }
}

/// Words a module must contain to hold facts the rules use; other modules
/// are not parsed by the index pass (a package's `__init__.py` always is,
/// for its re-exports).
const WORTH_INDEXING: &[&str] = &[
    "execute",
    "cursor",
    "sqlite",
    "psycopg",
    "mysql",
    "MySQLdb",
    "sqlalchemy",
    "django.db",
    "asyncpg",
    "oracle",
    "pg8000",
    "__enter__",
    "raw(",
    "query",
    // Quoting helpers' own calls (see `crate::model::quoting`).
    "quote_ident",
    "quote_name",
    "quote_table",
    "quote_column",
    "quote_literal",
    "escape_identifier",
    "escape_sqlite",
    // Name validators' own tests (see `crate::model::validation`).
    "isidentifier",
    "ascii_letters",
    "fullmatch",
    // Project classes derived from werkzeug's HTTP errors (see
    // sensitive-exposure's `derives_from_werkzeug`).
    "HTTPException",
];

/// Whether a source holds any of [`WORTH_INDEXING`] (one pass over its bytes).
fn worth_indexing(bytes: &[u8]) -> bool {
    static WORDS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    WORDS
        .get_or_init(|| {
            aho_corasick::AhoCorasick::new(WORTH_INDEXING).expect("the words build an automaton")
        })
        .is_match(bytes)
}

/// Reads more of the modules the index pass skipped (no database words)
/// when a module it parsed imports from them: a name in capitals, their
/// constants (`from app.tables import USERS`: such a module holds the
/// names a query splices in, and is seldom one the pass reads for itself);
/// a name that says it quotes or escapes, all their facts (django-tenants'
/// `from .utils import quote_schema_name`, see [`FunctionSummary::quotes_by_doubling`]).
fn read_imported_facts(facts: &mut [ModuleFacts], settings: &Settings) {
    let mut constants_wanted: FxHashSet<String> = FxHashSet::default();
    let mut facts_wanted: FxHashSet<String> = FxHashSet::default();
    for qualified in facts
        .iter()
        .filter(|module| module.parsed)
        .flat_map(|module| module.imports.values())
    {
        let Some((module, name)) = qualified.rsplit_once('.') else {
            continue;
        };
        if constants::is_constant_name(name) {
            constants_wanted.insert(module.to_owned());
        }
        let lower = name.to_ascii_lowercase();
        if lower.contains("quote") || lower.contains("escape") {
            facts_wanted.insert(module.to_owned());
        }
    }
    crate::parse::stack::on_worker(|| {
        facts
            .par_iter_mut()
            .filter(|module| !module.parsed)
            .for_each(|module| {
                if facts_wanted.contains(&module.name) {
                    if let Some(mut parsed) = facts_of_file(module, settings) {
                        parsed.mentions = std::mem::take(&mut module.mentions);
                        *module = parsed;
                    }
                } else if constants_wanted.contains(&module.name) {
                    module.constants = constants_of_file(&module.path);
                }
            });
    });
}

/// All the facts of the module `skipped` stands for (the index pass kept
/// only its name), read from its file.
fn facts_of_file(skipped: &ModuleFacts, settings: &Settings) -> Option<ModuleFacts> {
    let source = source_of_file(&skipped.path)?;
    facts_of_source(
        &skipped.path,
        &source,
        settings,
        &skipped.name,
        skipped.is_package,
    )
}

/// The constants of the module in the file at `path` (none when it cannot
/// be read or parsed: the file pass reports that).
fn constants_of_file(path: &Path) -> FxHashSet<String> {
    let Some(source) = source_of_file(path) else {
        return FxHashSet::default();
    };
    let Ok(module) = parse_module(source.text()) else {
        return FxHashSet::default();
    };
    let semantic = SemanticModel::new(module.body());
    constants::module_constants(&semantic, module.body())
}

/// The decoded text of the file at `path`, when it can be read and decoded.
fn source_of_file(path: &Path) -> Option<SourceFile> {
    SourceFile::decode(&std::fs::read(path).ok()?).ok()
}

fn index_file(path: &Path, settings: &Settings, folders: &PackageFolders) -> Option<ModuleFacts> {
    let (name, is_package) = folders.module_name(path)?;
    let bytes = std::fs::read(path).ok()?;
    let parsed = (is_package || worth_indexing(&bytes))
        .then(|| SourceFile::decode(&bytes).ok())
        .flatten()
        .and_then(|source| facts_of_source(path, &source, settings, &name, is_package));
    // A module that cannot be decoded or parsed (Python 2 beside Python 3)
    // keeps its name and its mentions, as one without database words does:
    // a call there is still a mention the counts must see.
    let mut facts = parsed.unwrap_or_else(|| ModuleFacts {
        name,
        path: path.to_path_buf(),
        is_package,
        ..ModuleFacts::default()
    });
    // Test code's mentions are left out, as its calls are (`callers`).
    if !settings.test_paths.matches(path) {
        facts.mentions = private_mentions(&bytes);
    }
    Some(facts)
}

/// Counts, in every module outside test code, the mentions of each public
/// function name a call of the project passes a constant to (see
/// [`ProjectIndex::only_constants_reach`]): only those names can be asked
/// about, and the files are read again for them (the first pass could not
/// know them, and counting every word of every file would cost more).
fn count_public_mentions(facts: &mut [ModuleFacts], settings: &Settings) {
    let defined: FxHashSet<&str> = facts
        .iter()
        .flat_map(|module| module.functions.keys())
        .map(|function| function.rsplit('.').next().unwrap_or(function))
        .filter(|name| !name.starts_with('_'))
        .collect();
    // Every function of a module the index read (outside test code) that
    // may be a library's API, and the class of such a constructor, for
    // `ProjectIndex::filled_by_developers`.
    let api = facts
        .iter()
        .filter(|module| !settings.test_paths.matches(&module.path))
        .flat_map(|module| {
            module
                .functions
                .iter()
                .filter(|(_, summary)| summary.library_api)
                .map(|(function, _)| match function.rsplit_once('.') {
                    Some((class, "__init__" | "__new__")) => class,
                    Some((_, name)) => name,
                    None => function.as_str(),
                })
        });
    let wanted: FxHashMap<Vec<u8>, usize> = facts
        .iter()
        .flat_map(|module| module.constant_arguments.keys())
        .map(|callee| match callee {
            Callee::Qualified(qualified) => qualified.rsplit('.').next().unwrap_or(qualified),
            Callee::Method(method) => method.as_str(),
        })
        .filter(|name| defined.contains(name))
        .chain(api)
        .collect::<FxHashSet<&str>>()
        .into_iter()
        .enumerate()
        .map(|(id, name)| (name.as_bytes().to_vec(), id))
        .collect();
    if wanted.is_empty() {
        return;
    }
    let mut names = vec![""; wanted.len()];
    for (name, &id) in &wanted {
        names[id] = std::str::from_utf8(name).unwrap_or_default();
    }
    let names: Vec<String> = names.into_iter().map(str::to_owned).collect();
    // Cheap tests before hashing a word: its length and first byte.
    let mut lengths = [false; 256];
    // The first two bytes (the last one twice for a one-byte name).
    let mut prefixes = vec![false; 1 << 16];
    for name in wanted.keys() {
        lengths[name.len().min(255)] = true;
        prefixes[prefix(name)] = true;
    }
    facts
        .par_iter_mut()
        .filter(|module| !settings.test_paths.matches(&module.path))
        .for_each(|module| {
            let Ok(bytes) = std::fs::read(&module.path) else {
                return;
            };
            let reexporting = reexporting_statements(&bytes);
            // Per name found: its mentions, and those that re-export it.
            let mut counts: FxHashMap<usize, (u32, u32)> = FxHashMap::default();
            for word in words(&bytes) {
                if lengths[word.len().min(255)]
                    && prefixes[prefix(word)]
                    && let Some(&id) = wanted.get(word)
                {
                    let at = word.as_ptr() as usize - bytes.as_ptr() as usize;
                    let count = counts.entry(id).or_default();
                    count.0 += 1;
                    if reexporting.iter().any(|range| range.contains(&at)) {
                        count.1 += 1;
                    }
                }
            }
            for (id, (mentions, reexports)) in counts {
                *module.mentions.entry(names[id].clone()).or_default() += mentions;
                if reexports > 0 {
                    *module.reexports.entry(names[id].clone()).or_default() += reexports;
                }
            }
        });
}

/// A word's first two bytes as one index (a one-byte word's byte twice).
fn prefix(word: &[u8]) -> usize {
    let first = usize::from(word[0]);
    let second = usize::from(word.get(1).copied().unwrap_or(word[0]));
    (first << 8) | second
}

/// The byte ranges of the `import` statements and `__all__` assignments of
/// a source, read line by line (a statement starts a line; brackets and a
/// trailing backslash continue it). A line inside a string that looks like
/// one counts too: a mention less, never one more.
fn reexporting_statements(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut open: Option<usize> = None;
    let mut depth: i32 = 0;
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |at| start + at);
        let line = &bytes[start..end];
        if open.is_none() {
            let text = line.trim_ascii_start();
            if text.starts_with(b"import ")
                || text.starts_with(b"from ")
                || text.starts_with(b"__all__")
            {
                open = Some(start);
                depth = 0;
            }
        }
        if let Some(from) = open {
            for &byte in line {
                match byte {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' => depth -= 1,
                    _ => {}
                }
            }
            if depth <= 0 && !line.trim_ascii_end().ends_with(b"\\") {
                ranges.push(from..end);
                open = None;
            }
        }
        start = end + 1;
    }
    if let Some(from) = open {
        ranges.push(from..bytes.len());
    }
    ranges
}

/// The whole words (runs of identifier bytes: ASCII letters, digits, `_`
/// and any non-ASCII byte) of `bytes`, strings and comments included.
fn words(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes
        .split(|&byte| !(byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80))
        .filter(|word| !word.is_empty())
}

/// How often each private name (`_create`: one leading underscore) occurs
/// in a source as a whole word, strings and comments included.
fn private_mentions(bytes: &[u8]) -> FxHashMap<String, u32> {
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80;
    let mut mentions: FxHashMap<String, u32> = FxHashMap::default();
    for start in memchr::memchr_iter(b'_', bytes) {
        let starts_word = start == 0 || !is_word(bytes[start - 1]);
        if !starts_word
            || bytes
                .get(start + 1)
                .is_none_or(|&next| next == b'_' || !is_word(next))
        {
            continue;
        }
        let end = bytes[start..]
            .iter()
            .position(|&byte| !is_word(byte))
            .map_or(bytes.len(), |length| start + length);
        if let Ok(word) = std::str::from_utf8(&bytes[start..end]) {
            *mentions.entry(word.to_owned()).or_default() += 1;
        }
    }
    mentions
}

/// The facts of one decoded source under module `name`.
pub fn facts_of_source(
    path: &Path,
    source: &SourceFile,
    settings: &Settings,
    name: &str,
    is_package: bool,
) -> Option<ModuleFacts> {
    let module = parse_module(source.text()).ok()?;
    let semantic = SemanticModel::for_module(module.body(), name, is_package);
    let context = Context::new(path, source, &module, &semantic, settings);
    let facts = extract(&context, name, is_package);
    // A function of the module that returns a connection or cursor
    // (db-api-server's `sql_connection()`): what the module's other
    // functions do with its result is known once the module's own facts
    // are (`cnx = sql_connection()` then `cnx.cursor().execute(sql)` runs
    // a parameter). The index pass has no index yet: the module's facts are
    // made again, with an index of this module alone.
    let makes_objects = facts.functions.values().any(|summary| {
        summary
            .returns
            .iter()
            .any(|source| matches!(source, ObjectSource::Driver(_)))
    });
    if !makes_objects || settings.project.is_some() {
        return Some(facts);
    }
    let mut own = settings.clone();
    own.project = Some(std::sync::Arc::new(ProjectIndex::from_modules(vec![
        facts.clone(),
    ])));
    let context = Context::new(path, source, &module, &semantic, &own);
    Some(extract(&context, name, is_package))
}

/// The files to index for a run over `files`: those files, and for each
/// of the `lone` files (named on their own) inside a package every Python
/// file of that package.
pub fn files_to_index(files: &[PathBuf], lone: &[PathBuf]) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = files.to_vec();
    let mut roots: Vec<PathBuf> = lone.iter().filter_map(|file| package_root(file)).collect();
    roots.sort();
    roots.dedup();
    for root in roots {
        for entry in ignore::WalkBuilder::new(&root).build().flatten() {
            let path = entry.path();
            if has_python_extension(path) && path.is_file() {
                all.push(path.to_path_buf());
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    all.retain(|path| {
        let key = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        seen.insert(key)
    });
    all
}
