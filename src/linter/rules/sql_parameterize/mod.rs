//! `sql-parameterize` (CWE-89): SQL assembled from strings and values that
//! reaches a database call becomes a query with bound parameters.

mod assemble;
mod class_text;
mod clause_lists;
mod derived;
mod grammar;
mod quoting_helpers;

mod render;
mod variables;

use rustc_hash::FxHashMap;

use crate::linter::fix::literal::{quote_python, quote_python_triple};
use crate::model::sinks::{ParamsShape, Sink, find_sink};
use crate::model::validation;
use assemble::{Assembly, Constants, Decomposed, Piece, Value, decompose};
use class_text::{class_constant, enum_member_value};
use render::{Parameterized, Refusal, Spliced, Style, Unbindable, parameterize};
use variables::{VariablePart, VariablePlan};

use crate::linter::diagnostic::{Diagnostic, Edit, Fix};
use crate::linter::fix::Importer;
use crate::linter::fix::indent::owns_its_lines;
use crate::linter::syntax::{self, Scope, header_calls};
use crate::linter::traversal::{NodeRule, Walk};
use crate::model::Context;
use crate::model::drivers::{DbModel, Dialect, Paramstyle, reads_standard_strings};
use crate::model::index::FunctionSummary;
use crate::model::literal_values::LiteralValues;
use crate::model::outside_data::{may_carry_outside_data, may_carry_outside_name};
use crate::model::rule::Rule;
use crate::parse::{Expr, Ranged, Stmt, TextSize, ast};
use crate::semantic::{BindingId, BindingKind, ScopeId, ScopeKind, SemanticModel};

/// The rule, for the shared walk over a module: it looks at the calls in
/// each statement's header, with the statements around it.
pub fn node_rule<'a>(context: &'a Context<'a>) -> Box<dyn NodeRule<'a> + 'a> {
    let db = context.db();
    let mut constants = module_constants(context);
    quote_doubled_attributes(context, db, &mut constants);
    Box::new(Checker::new(context, db, constants))
}

/// The quote-doubling idiom's facts: whether the module's one driver family
/// reads `"…"` as an identifier (not MySQL), and the `self.X` attributes
/// stored exactly once in the module (any receiver counts as a store of
/// `X`), to `x.replace('"', '""')` or `'"%s"' % x.replace('"', '""')`.
fn quote_doubled_attributes(context: &Context, db: &DbModel, constants: &mut Constants) {
    let driver = db.module_driver().map(|driver| driver.name.as_str());
    constants.double_quotes_identify =
        driver.is_some_and(|driver| Dialect::of_driver(driver) != Dialect::MySql);
    constants.standard_strings = driver.is_some_and(reads_standard_strings);
    // The module's own helpers that quote by doubling the quote character.
    let helpers = quoting_helpers::quoting_functions(context, constants.double_quotes_identify);
    constants.quoting.extend(helpers);
    let project = quoting_helpers::project_helpers(context, constants.double_quotes_identify);
    constants.quoting.extend(project.quoting);
    constants.escaping = project.escaping;
    if !constants.double_quotes_identify {
        return;
    }
    let mut stores = AttributeStores::default();
    for stmt in context.body() {
        crate::parse::Visitor::visit_stmt(&mut stores, stmt);
    }
    for (name, value) in stores.self_values {
        if stores.counts.get(name) != Some(&1) {
            continue;
        }
        if assemble::doubles_quotes(value, constants) {
            constants.doubled_attributes.insert(name.to_owned());
        } else if assemble::quoted_identifier(value, constants) {
            constants.quoted_attributes.insert(name.to_owned());
        }
    }
}

/// Stores to attributes, by attribute name, and the value of each
/// `self.X = value`.
#[derive(Default)]
struct AttributeStores<'a> {
    counts: FxHashMap<&'a str, usize>,
    self_values: Vec<(&'a str, &'a Expr)>,
}

impl<'a> crate::parse::Visitor<'a> for AttributeStores<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let Stmt::Assign(assign) = stmt
            && let [Expr::Attribute(target)] = &assign.targets[..]
            && matches!(&*target.value, Expr::Name(n) if n.id.as_str() == "self")
        {
            self.self_values
                .push((target.attr.id.as_str(), &*assign.value));
        }
        // `setattr(obj, "x", …)` may store anything.
        if let Stmt::Expr(expr) = stmt
            && let Expr::Call(call) = &*expr.value
            && matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "setattr")
            && let Some(Expr::StringLiteral(name)) = call.arguments.args.get(1)
        {
            *self.counts.entry(name.value.to_str()).or_insert(0) += 2;
        }
        crate::parse::visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Attribute(attribute) = expr
            && attribute.ctx != ast::ExprContext::Load
        {
            *self.counts.entry(attribute.attr.id.as_str()).or_insert(0) += 1;
        }
        crate::parse::visitor::walk_expr(self, expr);
    }
}

/// Module-level names bound exactly once, to a string or integer literal
/// (or imported once from a module of the project that defines them so,
/// see [`crate::model::index::ProjectIndex::is_constant`]), and the quoting
/// helpers the configuration names.
fn module_constants(context: &Context) -> Constants {
    let mut constants = Constants {
        quoting: context.settings.sql_quoting_functions.clone(),
        ..Constants::default()
    };
    let mut seen = FxHashMap::default();
    for stmt in context.body() {
        if let Stmt::AugAssign(aug) = stmt
            && let Expr::Name(name) = &*aug.target
        {
            *seen.entry(name.id.to_string()).or_insert(0) += 2;
        }
        let Some((name, value)) = syntax::simple_assignment(stmt) else {
            continue;
        };
        *seen.entry(name.to_owned()).or_insert(0) += 1;
        match value {
            Expr::StringLiteral(value) => {
                constants
                    .strings
                    .insert(name.to_owned(), value.value.to_str().to_owned());
            }
            Expr::NumberLiteral(number) if matches!(number.value, ast::Number::Int(_)) => {
                constants.safe_names.insert(name.to_owned());
            }
            // `("a", "b")`, rows of literals (`[("last_error", True), …]`),
            // a table of them (`{"nodes": [("extra", True)]}`), or a set.
            Expr::Tuple(_) | Expr::List(_) | Expr::Dict(_) | Expr::Set(_)
                if literal_data(value) =>
            {
                constants.safe_names.insert(name.to_owned());
            }
            _ => {}
        }
    }
    for (name, count) in seen {
        if count > 1 {
            constants.strings.remove(&name);
            constants.safe_names.remove(&name);
        }
    }
    // `from app.tables import USERS`: safe to splice, its text unread.
    let semantic = context.semantic;
    for (id, binding) in semantic.bindings_in(ScopeId::MODULE) {
        if let BindingKind::FromImport { qualified } = &binding.kind
            && semantic.sole_binding(ScopeId::MODULE, binding.name) == Some(id)
            && context.project().is_constant(qualified)
        {
            constants.safe_names.insert(binding.name.to_owned());
        }
    }
    constants.shadowed_reads = shadowed_reads(context.semantic, &constants);
    constants
}

/// The reads of the constants' names, inside functions, classes, lambdas
/// and comprehensions, that see a binding other than the module's: `TABLE`
/// read in `def by_param(conn, TABLE)` is the caller's value, not the constant.
fn shadowed_reads(
    semantic: &SemanticModel,
    constants: &Constants,
) -> std::collections::HashSet<TextSize> {
    semantic
        .references()
        .iter()
        .filter(|reference| {
            reference.scope != ScopeId::MODULE
                && (constants.strings.contains_key(reference.name)
                    || constants.safe_names.contains(reference.name))
                && semantic
                    .reaching_bindings(reference.name, reference.range.start())
                    .iter()
                    .any(|&id| semantic.binding(id).scope != ScopeId::MODULE)
        })
        .map(|reference| reference.range.start())
        .collect()
}

struct Checker<'a> {
    context: &'a Context<'a>,
    db: &'a DbModel<'static>,
    constants: Constants,
    diagnostics: Vec<Diagnostic>,
    /// Whether the sink being checked is a project function that runs its
    /// parameter as SQL (found through the project index).
    derived_sink: bool,
    /// The values of the query being reported that sit inside an SQL string
    /// (`'…'`, or `"…"` in MySQL): string literals, so values whatever else
    /// is spliced beside them.
    string_values: Vec<crate::parse::TextRange>,
    /// Bind names given to `text()` criteria in this pass: no two criteria
    /// of one query may share a name.
    bind_names: std::cell::RefCell<std::collections::HashSet<String>>,
    /// The suites the walk is in, innermost last: each with the index of
    /// its next statement, and the function it belongs to.
    suites: Vec<(&'a [Stmt], usize, Scope<'a>)>,
    /// The statements the walk is in, with their suites.
    path: Path<'a>,
}

/// The chain of (block, index of the statement on the way down) to a statement.
type Path<'a> = Vec<(&'a [Stmt], usize)>;

impl<'a> NodeRule<'a> for Checker<'a> {
    fn enter_suite(&mut self, suite: &'a [Stmt], scope: Scope<'a>) {
        self.suites.push((suite, 0, scope));
    }

    fn leave_suite(&mut self, _suite: &'a [Stmt]) {
        self.suites.pop();
    }

    fn enter_stmt(&mut self, stmt: &'a Stmt) -> Walk {
        if let Some((suite, next, scope)) = self.suites.last_mut() {
            let (suite, index, scope) = (*suite, *next, *scope);
            *next += 1;
            debug_assert!(std::ptr::eq(&suite[index], stmt));
            self.path.push((suite, index));
            // `check_call` takes the checker mutably and the path shared:
            // the path is lent out for the calls and put back.
            let path = std::mem::take(&mut self.path);
            for call in header_calls(stmt) {
                self.check_call(call, scope, &path);
            }
            self.path = path;
        }
        Walk::Into
    }

    fn leave_stmt(&mut self, _stmt: &'a Stmt) {
        self.path.pop();
    }

    fn finish(self: Box<Self>) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

impl<'a> Checker<'a> {
    fn new(context: &'a Context<'a>, db: &'a DbModel<'static>, constants: Constants) -> Self {
        Self {
            context,
            db,
            constants,
            diagnostics: Vec::new(),
            derived_sink: false,
            string_values: Vec::new(),
            bind_names: std::cell::RefCell::default(),
            suites: Vec::new(),
            path: Vec::new(),
        }
    }

    fn check_call(&mut self, call: &'a ast::ExprCall, scope: Scope<'a>, path: &Path<'a>) {
        let context = self.context;
        let (mut sink, presumed) = match find_sink(context, self.db, call) {
            Some(sink) => (sink, false),
            // A project function that runs its parameter as SQL: the facts
            // come from another function (or file), so a fix is never safe.
            None => match derived::derived_sink(context, call) {
                Some(sink) => (sink, true),
                None => return,
            },
        };
        self.derived_sink = presumed;
        // A receiver known only by its name may be the project's own wrapper
        // whose `execute` drops the parameters: reported, not rewritten. (A
        // project helper's own summary says how it takes parameters.)
        if !presumed
            && sink.paramstyle_guessed
            && crate::model::index::may_wrap_execute_without_parameters(context)
        {
            sink.params_shape = ParamsShape::None;
        }
        let Some(sql) = sink.sql else { return };
        let sink_name = context.slice(call.func.range()).to_owned();
        // A template in a local bound once (`sql = "… '%s'"` … `execute(sql % name)`).
        let with_locals = local_templates(self.context.semantic, sql, &self.constants);
        if formatted_with_text_list(sql, self.context.semantic, &self.constants) {
            return;
        }
        match decompose(sql, with_locals.as_ref().unwrap_or(&self.constants)) {
            Decomposed::Pieces {
                mut pieces,
                assembly,
            } => {
                // Locals written only proven-safe values (`t = quote_identifier(x)`).
                self.settle_names(&mut pieces);
                if pieces
                    .iter()
                    .all(|p| matches!(p, Piece::Text(_)) || matches!(p, Piece::Value(v) if v.safe))
                {
                    return;
                }
                // `execute(query + " ORDER BY id")`: a query variable with constant text appended.
                if sink.params_shape != ParamsShape::Fragment
                    && let [Piece::Value(first), rest @ ..] = pieces.as_slice()
                    && let Expr::Name(_) = first.expr
                    && first.conversion == assemble::Conversion::Concatenated
                    && rest
                        .iter()
                        .all(|p| matches!(p, Piece::Text(text) if !text.contains('%')))
                {
                    let call_pieces = pieces.clone();
                    self.check_variable(&sink, sql, &call_pieces, &sink_name, scope, path);
                    return;
                }
                // `"… WHERE " + " AND ".join(clauses)`: clauses collected in a list.
                match self.settle_clauses(&mut pieces) {
                    ClauseValues::Spliced(list, assembly) => {
                        self.report_clauses(&sink, sql, &sink_name, &list, assembly, path);
                        return;
                    }
                    ClauseValues::Constant
                        if pieces.iter().all(|p| {
                            matches!(p, Piece::Text(_)) || matches!(p, Piece::Value(v) if v.safe)
                        }) =>
                    {
                        return;
                    }
                    _ => {}
                }
                // `execute(select + where + order)`: query variables of this
                // function, concatenated at the call.
                if assembly == Assembly::Concatenation
                    && let Some((vars, call_pieces)) = concatenated_variables(
                        &pieces,
                        path,
                        self.context.semantic,
                        &self.constants,
                    )
                {
                    self.check_variables(&sink, sql, &vars, &call_pieces, &sink_name, scope);
                    return;
                }
                let values = unsettled_values(&pieces, None);
                self.string_values = string_values(pieces.iter(), sink.double_quote_is_string);
                self.report(&sink, sql, &sink_name, assembly, &values, |checker| {
                    checker.direct_fix(&sink, sql, &pieces, path)
                });
            }
            Decomposed::Opaque { assembly } => self.report_without_fix(sql, &sink_name, assembly),
            Decomposed::Constant { .. } => {}
            Decomposed::Unknown => {
                if let Expr::Name(_) = sql {
                    let call_pieces = [Piece::Value(assemble::concatenated_value(sql))];
                    self.check_variable(&sink, sql, &call_pieces, &sink_name, scope, path);
                } else if let Some(assembly) = formatted_template(
                    sql,
                    with_locals.as_ref().unwrap_or(&self.constants),
                    &|value| {
                        class_constant(self.context, value)
                            || enum_member_value(self.context, value)
                    },
                ) {
                    // `sql % name` / `query.format(x)` with a template remedy
                    // cannot pin down: values reach the SQL all the same
                    // (values held by locals bound to literals are text).
                    self.report_without_fix(sql, &sink_name, assembly);
                }
            }
        }
    }

    /// Reports SQL built from `values` (the values not proven safe) and
    /// offers the fix `build` makes. A name spliced where a bound parameter
    /// cannot go is named only when it may come from outside the program
    /// ([`may_carry_outside_data`]): the program's own table names are no
    /// finding.
    fn report(
        &mut self,
        sink: &Sink,
        sql: &Expr,
        sink_name: &str,
        assembly: Assembly,
        values: &[&Expr],
        build: impl FnOnce(&Self) -> Result<Rewrite, Refusal>,
    ) {
        let range = sql.range();
        if !sink.accepts_parameters {
            self.diagnostics.push(Diagnostic::new(
                Rule::SqlParameterize,
                range,
                format!("SQL built with {} reaches `{sink_name}`, which cannot take parameters; validate every value or run the statements with `execute` and bound parameters", assembly.describe()),
            ));
            return;
        }
        // Nothing tells the driver (no import, no connection remedy can
        // follow, no configured paramstyle): a placeholder would be a guess
        // with nothing behind it, so the finding goes without its fix.
        let built = build(self).and_then(|rewrite| {
            if self.paramstyle_unknown(sink) {
                Err(Refusal::Unsupported)
            } else {
                Ok(rewrite)
            }
        });
        match built {
            Ok(Rewrite { fix, spliced }) if spliced.is_empty() => self.diagnostics.push(
                Diagnostic::new(
                    Rule::SqlParameterize,
                    range,
                    format!("SQL built with {} reaches `{sink_name}`; pass the values as bound parameters", assembly.describe()),
                )
                .with_fix(fix),
            ),
            Ok(Rewrite { fix, spliced }) => {
                let named: Vec<String> = spliced
                    .iter()
                    .filter(|s| self.name_from_outside(values, s.range))
                    .map(|s| s.value.clone())
                    .collect();
                let message = if named.is_empty() {
                    format!("SQL built with {} reaches `{sink_name}`; pass the values as bound parameters", assembly.describe())
                } else {
                    format!(
                        "SQL built with {} reaches `{sink_name}`; pass the values as bound parameters, and validate {} against an allowlist (a table or column name, keyword or SQL fragment cannot be a bound parameter)",
                        assembly.describe(),
                        describe_params(&named)
                    )
                };
                self.diagnostics
                    .push(Diagnostic::new(Rule::SqlParameterize, range, message).with_fix(fix));
            }
            Err(Refusal::NotBindable(names)) => {
                self.report_unbindable(sql, sink_name, assembly, values, &names);
            }
            // No rewrite remedy can offer (placeholders already in the
            // text beside a `.format`, a driver it cannot name): the
            // program's own data alone is no finding (`IN ({placeholders})`
            // of `", ".join(["%s"] * len(ids))` beside `Model._meta.db_table`).
            Err(Refusal::Unsupported) => {
                self.report_outside_values(sql, sink_name, assembly, values);
            }
            Err(Refusal::Escaped) => self.diagnostics.push(Diagnostic::new(
                Rule::SqlParameterize,
                range,
                format!(
                    "SQL built with {} reaches `{sink_name}` with a value escaped by hand; bind the value as it was before escaping (a bound parameter needs no escaping)",
                    assembly.describe()
                ),
            )),
            Err(Refusal::Unparsed) => {
                // Which values are names cannot be told; the program's own
                // data alone is no finding.
                if values.iter().any(|value| may_carry_outside_data(self.context, value)) {
                    self.diagnostics.push(Diagnostic::new(
                        Rule::SqlParameterize,
                        range,
                        format!("SQL built with {} reaches `{sink_name}`, but it does not parse as SQL, so values cannot be told from names; bind the values and validate any name against an allowlist", assembly.describe()),
                    ));
                }
            }
        }
    }

    /// SQL remedy cannot rewrite, reported when one of its `values` may
    /// come from outside the program, naming those that may, so that a
    /// reviewer sees which value to look at (litequeue's `{self.table}`
    /// beside `:message_id`).
    fn report_outside_values(
        &mut self,
        sql: &Expr,
        sink_name: &str,
        assembly: Assembly,
        values: &[&Expr],
    ) {
        let mut outside: Vec<String> = Vec::new();
        for value in values {
            let text = self.context.slice(value.range()).to_owned();
            if !outside.contains(&text) && may_carry_outside_data(self.context, value) {
                outside.push(text);
            }
        }
        let it = if outside.len() == 1 { "it" } else { "each" };
        if !outside.is_empty() {
            self.diagnostics.push(Diagnostic::new(
                Rule::SqlParameterize,
                sql.range(),
                format!(
                    "SQL built with {} reaches `{sink_name}` with {} spliced in; bind {it} if it is a value, or validate {it} against an allowlist if it is a name",
                    assembly.describe(),
                    describe_params(&outside)
                ),
            ));
        }
    }

    /// A query variable's write that formats a template another local holds
    /// (`cmd = INS % {"id": row[0], …}`, then `execute(cmd)`: bigswitch's
    /// migrations), read as the call formatting it would be
    /// (`execute(INS % …)`), without a fix: the template sits in another
    /// statement. Whether one of `parts` was such a write.
    fn report_formatted_local_template(
        &mut self,
        sql: &Expr,
        sink_name: &str,
        parts: &[VariablePart<'a>],
    ) -> bool {
        for part in parts {
            if !matches!(part.decomposed, Decomposed::Unknown) {
                continue;
            }
            let Some(with_locals) =
                local_templates(self.context.semantic, part.value, &self.constants)
            else {
                continue;
            };
            match decompose(part.value, &with_locals) {
                Decomposed::Pieces {
                    mut pieces,
                    assembly,
                } => {
                    self.settle_names(&mut pieces);
                    let values = unsettled_values(&pieces, None);
                    self.report_outside_values(sql, sink_name, assembly, &values);
                    return true;
                }
                Decomposed::Constant { .. } => return true,
                _ => {}
            }
        }
        false
    }

    /// `names` sit where a bound parameter cannot go and kept the SQL from
    /// being rewritten. The first that may come from outside the program
    /// is named; when all are the program's own, the SQL is still reported
    /// if another of its values may come from outside, and is no finding
    /// when none does.
    fn report_unbindable(
        &mut self,
        sql: &Expr,
        sink_name: &str,
        assembly: Assembly,
        values: &[&Expr],
        names: &[Unbindable],
    ) {
        // The string values beside the names that may come from outside
        // (`'%s'`): named too, so that a reviewer sees the value to bind
        // (bottle-cork's login `key` beside `self._table_name`, through a
        // helper). A value outside quotes may be a name too: not named.
        let mut outside_values: Vec<String> = Vec::new();
        for value in values {
            let text = self.context.slice(value.range()).to_owned();
            // A value spliced as a name elsewhere too is named once, as the name.
            if self.string_values.contains(&value.range())
                && !names
                    .iter()
                    .any(|name| name.range == value.range() || name.value == text)
                && !outside_values.contains(&text)
                && may_carry_outside_data(self.context, value)
            {
                outside_values.push(text);
            }
        }
        let outside_names: Vec<&Unbindable> = names
            .iter()
            .filter(|name| self.name_from_outside(values, name.range))
            .collect();
        if let Some(named) = outside_names.first() {
            let message = if outside_values.is_empty() {
                format!(
                    "`{}` is spliced into SQL reaching `{sink_name}` where a bound parameter cannot go (a table or column name, keyword or SQL fragment); validate it against an allowlist of known names",
                    named.value
                )
            } else {
                let outside_names: Vec<String> = outside_names
                    .iter()
                    .map(|name| name.value.clone())
                    .collect();
                format!(
                    "SQL built with {} reaches `{sink_name}` with {} spliced in; bind {}, and validate {} against an allowlist (a table or column name, keyword or SQL fragment cannot be a bound parameter)",
                    assembly.describe(),
                    describe_params(&outside_values),
                    if outside_values.len() == 1 {
                        "it as a parameter"
                    } else {
                        "them as parameters"
                    },
                    describe_params(&outside_names)
                )
            };
            self.diagnostics
                .push(Diagnostic::new(Rule::SqlParameterize, sql.range(), message));
        } else if values.iter().any(|value| {
            // The names were asked already: as names.
            !names.iter().any(|name| name.range == value.range())
                && may_carry_outside_data(self.context, value)
        }) {
            self.report_without_fix(sql, sink_name, assembly);
        }
    }

    /// Whether the name among `values` at `range` (spliced where a bound
    /// parameter cannot go) may come from outside the program (a value
    /// remedy cannot find there is taken to).
    fn name_from_outside(&self, values: &[&Expr], range: crate::parse::TextRange) -> bool {
        values
            .iter()
            .find(|value| value.range() == range)
            .is_none_or(|value| may_carry_outside_name(self.context, value))
    }

    /// A query variable remedy cannot rewrite: reported when a write that
    /// reaches the sink splices values in (naming an identifier if that is
    /// what is spliced).
    fn report_reaching_writes(
        &mut self,
        sink: &Sink,
        sql: &Expr,
        read: &ast::ExprName,
        sink_name: &str,
        path: &Path<'a>,
    ) {
        let name = read.id.as_str();
        let mut parts = variables::reaching_parts(self.context.semantic, read, &self.constants);
        // Clause lists joined into the query: text only, or the finding.
        if let Some((list, assembly)) = self.settle_parts(&mut parts) {
            self.report_clauses(sink, sql, sink_name, &list, assembly, path);
            return;
        }
        // `sql = f"CASE WHEN {sql} …"` wraps the query in more SQL: no value of its own.
        let only_itself = |pieces: &[Piece]| {
            pieces.iter().all(|piece| match piece {
                Piece::Value(value) => {
                    value.safe || matches!(value.expr, Expr::Name(n) if n.id.as_str() == name)
                }
                Piece::Text(_) => true,
            })
        };
        let Some(assembly) = parts.iter().find_map(|part| match &part.decomposed {
            Decomposed::Pieces { assembly, pieces } if !only_itself(pieces) => Some(*assembly),
            Decomposed::Opaque { assembly } => Some(*assembly),
            _ => None,
        }) else {
            self.report_formatted_local_template(sql, sink_name, &parts);
            return;
        };
        let (style, _) = self.style(sink);
        let unbindable = {
            let source = self.source_of();
            parts.iter().find_map(|part| match &part.decomposed {
                Decomposed::Pieces { pieces, .. } => {
                    match parameterize(pieces, &style, &source, 0, &all_values(pieces)) {
                        Err(Refusal::NotBindable(names)) => {
                            // The variable itself (`q = q + …`) is no name to validate.
                            let names: Vec<Unbindable> =
                                names.into_iter().filter(|n| n.value != name).collect();
                            (!names.is_empty()).then_some(names)
                        }
                        _ => None,
                    }
                }
                _ => None,
            })
        };
        match unbindable {
            Some(names) => {
                let values = unsettled_values(parts_pieces(&parts), Some(name));
                self.string_values.clear();
                self.report_unbindable(sql, sink_name, assembly, &values, &names);
            }
            None => self.report_without_fix(sql, sink_name, assembly),
        }
    }

    fn report_without_fix(&mut self, sql: &Expr, sink_name: &str, assembly: Assembly) {
        self.diagnostics.push(Diagnostic::new(
            Rule::SqlParameterize,
            sql.range(),
            format!(
                "SQL built with {} reaches `{sink_name}`; use bound parameters instead",
                assembly.describe()
            ),
        ));
    }

    /// Which values of `pieces` the SQL grammar places where a bound
    /// parameter can go. SQL that does not parse gets no fix: the refusal
    /// names an identifier when the text shows one.
    fn value_positions(
        &self,
        sink: &Sink,
        pieces: &[Piece],
        existing: usize,
        style: &Style,
    ) -> Result<Vec<bool>, Refusal> {
        let mut positions = self.grammar_positions(sink, pieces, existing, style)?;
        // `schema_list = "'%s'" % "','".join(schemas)` … `IN (%s)`: a local
        // that holds SQL text (quoted values the program put together) fills
        // a value position but is no value: bound, it would be one string.
        let values = pieces.iter().filter_map(|piece| match piece {
            Piece::Value(value) => Some(value),
            Piece::Text(_) => None,
        });
        // `SCHEMA_ID({get_schema_name()})` where the function may return
        // `'SCHEMA_NAME()'`, or `{sa.func.current_timestamp()}`: SQL text.
        let quoted = quoted_values(pieces);
        for ((position, value), quoted) in positions.iter_mut().zip(values).zip(quoted) {
            if *position
                && (holds_sql_text(self.context.semantic, value)
                    || (!quoted && (self.makes_sql_text(value) || is_sql_text(value))))
            {
                *position = false;
            }
        }
        Ok(positions)
    }

    /// Whether `value` is a call that makes SQL text or an SQL expression:
    /// SQLAlchemy's `func.*`, `text()` and `literal_column()`, or a project
    /// function that may return a literal string (no number), which spliced
    /// outside quotes is SQL, not a value.
    fn makes_sql_text(&self, value: &Value) -> bool {
        let Expr::Call(call) = value.expr else {
            return false;
        };
        if !value.accessor.is_empty() || value.written_as.is_some() {
            return false;
        }
        let sqlalchemy_expression = self
            .context
            .semantic
            .resolve_qualified_name(&call.func)
            .is_some_and(|qualified| {
                let qualified = qualified.as_str();
                [
                    "sqlalchemy.func.",
                    "sqlalchemy.sql.func.",
                    "sqlalchemy.sql.functions.",
                ]
                .iter()
                .any(|prefix| qualified.starts_with(prefix))
                    || matches!(
                        qualified.rsplit_once('.'),
                        Some((module, "text" | "literal_column"))
                            if module.starts_with("sqlalchemy")
                    )
            });
        sqlalchemy_expression
            || self
                .context
                .callee_summary(call)
                .is_some_and(|summary| summary.returns_text_literal)
    }

    fn grammar_positions(
        &self,
        sink: &Sink,
        pieces: &[Piece],
        existing: usize,
        style: &Style,
    ) -> Result<Vec<bool>, Refusal> {
        let reading = grammar::Reading {
            dialect: sink.dialect,
            double_quote_is_string: sink.double_quote_is_string,
            existing: (existing > 0).then_some(match style.paramstyle {
                Paramstyle::Qmark => grammar::ExistingPlaceholders::Qmark,
                Paramstyle::Format | Paramstyle::Pyformat => grammar::ExistingPlaceholders::Format,
                Paramstyle::Numeric | Paramstyle::Named => grammar::ExistingPlaceholders::Colon,
                Paramstyle::Dollar => grammar::ExistingPlaceholders::Dollar,
            }),
        };
        let statement;
        let pieces = if sink.condition_only {
            statement = std::iter::once(Piece::Text("SELECT 1 FROM t WHERE ".to_owned()))
                .chain(pieces.iter().cloned())
                .collect::<Vec<_>>();
            statement.as_slice()
        } else {
            pieces
        };
        if let Some(positions) = grammar::value_positions(pieces, reading) {
            return Ok(positions);
        }
        // `ORDER BY %s %s` (a column, then a direction): a value right after
        // another stands for a keyword; read the SQL without it (it is not bound).
        let mut dropped = Vec::new();
        let mut after_value = false;
        for piece in pieces {
            match piece {
                Piece::Value(_) => {
                    dropped.push(after_value);
                    after_value = true;
                }
                Piece::Text(text) => after_value &= text.trim().is_empty(),
            }
        }
        if dropped.iter().any(|d| *d)
            && let Some(positions) = grammar::value_positions_without(pieces, reading, &dropped)
        {
            return Ok(positions);
        }
        let heuristic = Style {
            keep_unbindable: false,
            ..*style
        };
        match parameterize(
            pieces,
            &heuristic,
            &self.source_of(),
            existing,
            &all_values(pieces),
        ) {
            // Whether the escaped value would be bound cannot be told either.
            Ok(_) | Err(Refusal::Escaped) => Err(Refusal::Unparsed),
            Err(refusal) => Err(refusal),
        }
    }

    /// No `%s` guess in a module that uses sqlite3 (whose placeholder is
    /// `?`): such a fix would be a syntax error on the real connection.
    fn refuse_percent_guess(&self, style: &Style, decided: bool) -> Result<(), Refusal> {
        if !decided
            && style.paramstyle.doubles_percent()
            && ["sqlite3", "pysqlite2", "pysqlite3", "aiosqlite"]
                .iter()
                .any(|module| self.context.semantic.imports_module(module))
        {
            return Err(Refusal::Unsupported);
        }
        Ok(())
    }

    fn style(&self, sink: &Sink) -> (Style, bool) {
        let (paramstyle, decided) = match sink.paramstyle {
            // A derived sink (the facts come from another function), or a
            // driver presumed from a receiver's name that the project does
            // not rule in: the paramstyle is a guess.
            Some(paramstyle) if self.derived_sink || sink.paramstyle_guessed => (paramstyle, false),
            Some(paramstyle) => (paramstyle, true),
            None => match self.configured_paramstyle() {
                Some(configured) => (configured, true),
                None => (Paramstyle::Format, false),
            },
        };
        (
            Style {
                paramstyle,
                double_quote_is_string: sink.double_quote_is_string,
                percent_escape: sink.percent_escape,
                first_number: 1,
                keep_unbindable: false,
                keyed: false,
            },
            decided,
        )
    }

    /// The paramstyle the configuration names for sinks whose driver is unknown.
    fn configured_paramstyle(&self) -> Option<Paramstyle> {
        self.context
            .settings
            .default_paramstyle
            .as_deref()
            .and_then(Paramstyle::parse)
    }

    /// Whether nothing gives the sink's paramstyle: neither its driver nor
    /// the configuration.
    fn paramstyle_unknown(&self, sink: &Sink) -> bool {
        sink.paramstyle.is_none() && self.configured_paramstyle().is_none()
    }

    /// Whether a rewrite may bind the values even when an identifier stays
    /// spliced in (it is reported): the identifier then needs an f-string
    /// (Python 3.6+).
    fn can_keep_unbindable(&self) -> bool {
        self.context.settings.target_version
            >= crate::model::settings::PythonVersion { major: 3, minor: 6 }
    }

    fn source_of(&self) -> impl Fn(&Value) -> String + '_ {
        |value: &Value| match &value.written_as {
            Some(code) => code.clone(),
            None => format!(
                "{}{}",
                self.context.slice(value.expr.range()),
                value.accessor
            ),
        }
    }

    /// The SQL expression is the sink's argument: rewrite it in place and pass the parameters.
    fn direct_fix(
        &self,
        sink: &Sink,
        sql: &Expr,
        pieces: &[Piece],
        path: &Path,
    ) -> Result<Rewrite, Refusal> {
        if let Some(mapping) = mapping_of(pieces)
            && let Some(rewrite) = self.mapping_fix(sink, sql, pieces, mapping)
        {
            return Ok(rewrite);
        }
        if sink.params_shape == ParamsShape::Rows {
            return self.rows_fix(sink, sql, pieces, path);
        }
        let (mut style, decided) = self.style(sink);
        if sink.params_shape == ParamsShape::Fragment {
            // An `ORDER BY`/`GROUP BY` list: what is spliced is a name or an expression.
            let source = self.source_of();
            return Err(Refusal::not_bindable(
                pieces
                    .iter()
                    .filter_map(|piece| match piece {
                        Piece::Value(value) if !value.safe => Some(Unbindable {
                            value: source(value),
                            range: value.expr.range(),
                        }),
                        _ => None,
                    })
                    .collect(),
            ));
        }
        if sink.params_shape == ParamsShape::None {
            // Still find identifiers (reported as such), but offer no rewrite.
            parameterize(pieces, &style, &self.source_of(), 0, &all_values(pieces))?;
            return Err(Refusal::Unsupported);
        }
        style.keep_unbindable = self.can_keep_unbindable();
        let existing = match &sink.existing_params {
            None => Vec::new(),
            Some(Expr::Tuple(tuple)) => tuple
                .elts
                .iter()
                .map(|e| self.context.slice(e.range()).to_owned())
                .collect(),
            Some(Expr::List(list)) => list
                .elts
                .iter()
                .map(|e| self.context.slice(e.range()).to_owned())
                .collect(),
            Some(_) => return Err(Refusal::Unsupported),
        };
        let source = self.source_of();
        let positions = self.value_positions(sink, pieces, existing.len(), &style)?;
        let mut result = match parameterize(pieces, &style, &source, existing.len(), &positions) {
            // Not rewritable as a whole: still name a value spliced where a
            // bound parameter cannot go, if there is one.
            Err(refusal @ (Refusal::Unsupported | Refusal::Escaped)) => {
                return Err(match unbindable_values(pieces, &positions, &source) {
                    Refusal::Unsupported => refusal,
                    named => named,
                });
            }
            other => other?,
        };
        // After the grammar, so that a name spliced in is still named.
        self.refuse_percent_guess(&style, decided)?;
        if let Some(refusal) = result.nothing_bound() {
            return Err(refusal);
        }
        if !existing.is_empty() {
            result.params = result.merged_with(&existing).ok_or(Refusal::Unsupported)?;
        }
        if evaluation_order_changes(&result, pieces) || percent_in_kept_values(&result, &style) {
            result.exact = false;
        }
        let mut edits = Vec::new();
        let literal = self.render_sql(sql, &result)?;
        let literal = if sink.params_shape == ParamsShape::TextClause {
            // Any other `:` could read as a bind parameter inside `text()`.
            if result.sql.matches(':').count() != result.params.len() {
                return Err(Refusal::Unsupported);
            }
            let text = Importer::new(self.context).import_from("sqlalchemy", "text");
            edits.extend(text.edits);
            format!("{}({literal})", text.expr)
        } else {
            literal
        };
        if let ParamsShape::TextBind { unique_names } = sink.params_shape {
            // In a loop (`for k in args: query = query.filter("%s = '%s'" % …)`)
            // every pass adds a criterion with the same bind name: they
            // would share one value. Reported, not rewritten.
            if unique_names
                && path[function_level(path)..]
                    .iter()
                    .any(|&(suite, index)| matches!(suite[index], Stmt::For(_) | Stmt::While(_)))
            {
                return Err(Refusal::Unsupported);
            }
            return self.text_bind_fix(sql, &literal, &result, unique_names, &style);
        }
        edits.push(Edit::replacement(literal, sql.range()));
        let names = named_parameters(&result);
        match (&sink.params_shape, &sink.existing_params) {
            (ParamsShape::BindParams { call_end }, _) => {
                if result.sql.contains("::") {
                    return Err(Refusal::Unsupported);
                }
                let arguments: Vec<String> = names
                    .iter()
                    .zip(&result.params)
                    .map(|(n, p)| format!("{n}={p}"))
                    .collect();
                edits.push(Edit::insertion(
                    format!(".bindparams({})", arguments.join(", ")),
                    *call_end,
                ));
            }
            (ParamsShape::TextClause, _) => {
                let entries: Vec<String> = names
                    .iter()
                    .zip(&result.params)
                    .map(|(name, value)| format!("\"{name}\": {value}"))
                    .collect();
                edits.push(Edit::insertion(
                    format!(", {{{}}}", entries.join(", ")),
                    sql.end(),
                ));
            }
            (shape, Some(existing)) => {
                edits.push(Edit::replacement(
                    render_params(shape, &result.params),
                    existing.range(),
                ));
            }
            (ParamsShape::Keyword { name, after }, None) => {
                edits.push(Edit::insertion(
                    format!(", {name}={}", tuple(&result.params)),
                    *after,
                ));
            }
            (ParamsShape::Spread, None) => {
                edits.push(Edit::insertion(
                    format!(", {}", result.params.join(", ")),
                    sql.end(),
                ));
            }
            (shape, None) => edits.push(Edit::insertion(
                format!(", {}", render_params(shape, &result.params)),
                sql.end(),
            )),
        }
        Ok(Rewrite {
            fix: self.make_fix(edits, &result, &style, decided),
            spliced: result.spliced.iter().filter(|s| !s.safe).cloned().collect(),
        })
    }

    /// `text("… :name").bindparams(name=value)` in place of the SQL (a
    /// SQLAlchemy < 1.4 string criterion, alembic's `op.execute`). With
    /// `unique_names`, each name is one that no `:name` of the file uses yet
    /// (other criteria of the same query are bound by name too, and two
    /// binds of one name in a statement silently share one value); binds
    /// elsewhere in the query (another function, another file) cannot be
    /// ruled out. alembic renders a bound parameter as a placeholder in
    /// offline (`--sql`) mode, where the string put its value in the
    /// script. So the fix is always unsafe.
    fn text_bind_fix(
        &self,
        sql: &Expr,
        literal: &str,
        result: &Parameterized,
        unique_names: bool,
        style: &Style,
    ) -> Result<Rewrite, Refusal> {
        // Any other `:` could read as a bind parameter inside `text()`.
        if result.sql.matches(':').count() != result.params.len() || result.sql.contains("::") {
            return Err(Refusal::Unsupported);
        }
        let mut names = named_parameters(result);
        let mut literal = literal.to_owned();
        if unique_names {
            let file = self.context.text();
            let mut taken: Vec<String> = Vec::new();
            let mut renamed = Vec::new();
            for (name, param) in names.iter().zip(&result.params) {
                // `str(name)` (what `%s` made of the value) is named after `name`.
                let bare = param
                    .strip_prefix("str(")
                    .and_then(|p| p.strip_suffix(')'))
                    .unwrap_or(param);
                let base = if is_identifier(bare) && !bare.starts_with('_') {
                    bare.to_owned()
                } else {
                    "value".to_owned()
                };
                let handed_out = self.bind_names.borrow();
                let used = |candidate: &str| {
                    taken.iter().any(|t| t == candidate)
                        || handed_out.contains(candidate)
                        || mentions_placeholder(file, candidate)
                };
                let mut candidate = base.clone();
                let mut suffix = 2;
                while used(&candidate) {
                    candidate = format!("{base}_{suffix}");
                    suffix += 1;
                }
                drop(handed_out);
                taken.push(candidate.clone());
                renamed.push((name.clone(), candidate));
            }
            self.bind_names.borrow_mut().extend(taken);
            // The literal holds each `:pN` once, in order.
            let mut rest = literal.as_str();
            let mut out = String::new();
            for (old, new) in &renamed {
                let marker = format!(":{old}");
                let at = rest.find(&marker).ok_or(Refusal::Unsupported)?;
                out.push_str(&rest[..at]);
                out.push(':');
                out.push_str(new);
                rest = &rest[at + marker.len()..];
            }
            out.push_str(rest);
            literal = out;
            names = renamed.into_iter().map(|(_, new)| new).collect();
        }
        let text = Importer::new(self.context).import_from("sqlalchemy", "text");
        let mut edits = text.edits;
        let arguments: Vec<String> = names
            .iter()
            .zip(&result.params)
            .map(|(n, p)| format!("{n}={p}"))
            .collect();
        edits.push(Edit::replacement(
            format!(
                "{}({literal}).bindparams({})",
                text.expr,
                arguments.join(", ")
            ),
            sql.range(),
        ));
        Ok(Rewrite {
            fix: self.make_fix(edits, result, style, false),
            spliced: result.spliced.iter().filter(|s| !s.safe).cloned().collect(),
        })
    }

    /// `executemany(sql, rows)` with values spliced into the SQL: each row
    /// gets them, after (or before) its own values, in a generator over the
    /// rows (`((*row, batch) for row in rows)`). Only when the SQL's own
    /// placeholders are positional (so every row is a sequence) and the new
    /// ones all come after (or all before) them; safe only when each value
    /// is a plain name (read again for each row, to the same effect).
    fn rows_fix(
        &self,
        sink: &Sink,
        sql: &Expr,
        pieces: &[Piece],
        path: &Path,
    ) -> Result<Rewrite, Refusal> {
        let (style, decided) = self.style(sink);
        let source = self.source_of();
        let Some(rows) = sink.existing_params else {
            return Err(Refusal::Unsupported);
        };
        let (existing, named) = render::count_placeholders(pieces, &style);
        // Names still reported as such; an unknown layout is report-only.
        let report_only = |refusal| -> Result<Rewrite, Refusal> {
            parameterize(pieces, &style, &source, existing, &all_values(pieces))?;
            Err(refusal)
        };
        let in_class_body = path[function_level(path)..]
            .iter()
            .any(|&(suite, index)| matches!(suite[index], Stmt::ClassDef(_)));
        if named
            || existing == 0
            || in_class_body
            || !matches!(
                style.paramstyle,
                Paramstyle::Qmark | Paramstyle::Format | Paramstyle::Pyformat
            )
        {
            return report_only(Refusal::Unsupported);
        }
        let positions = self.value_positions(sink, pieces, existing, &style)?;
        let result = parameterize(pieces, &style, &source, existing, &positions)?;
        self.refuse_percent_guess(&style, decided)?;
        if let Some(refusal) = result.nothing_bound() {
            return Err(refusal);
        }
        if !result.spliced.is_empty() {
            return Err(Refusal::Unsupported);
        }
        let new_first = result.slots.iter().position(|is_new| *is_new);
        let old_after_new = new_first.is_some_and(|first| result.slots[first..].contains(&false));
        let new_after_old = result
            .slots
            .iter()
            .position(|is_new| !*is_new)
            .is_some_and(|first| result.slots[first..].contains(&true));
        if old_after_new && new_after_old {
            return Err(Refusal::Unsupported);
        }
        let row = {
            let taken = |name: &str| {
                syntax::mentions_expr(rows, name)
                    || pieces.iter().any(|piece| {
                        matches!(piece, Piece::Value(v) if syntax::mentions_expr(v.expr, name))
                    })
            };
            ["row", "each_row", "row_values"]
                .into_iter()
                .find(|name| !taken(name))
                .ok_or(Refusal::Unsupported)?
        };
        let rows_text = self.context.slice(rows.range());
        let rows_text = if matches!(
            rows,
            Expr::Name(_)
                | Expr::Attribute(_)
                | Expr::Call(_)
                | Expr::Subscript(_)
                | Expr::List(_)
                | Expr::ListComp(_)
        ) {
            rows_text.to_owned()
        } else {
            format!("({rows_text})")
        };
        let added = result.params.join(", ");
        let row_values = if old_after_new {
            format!("({added}, *{row})")
        } else {
            format!("(*{row}, {added})")
        };
        // sqlite3 and the PostgreSQL drivers take any iterable of rows;
        // others get a list.
        let generator = format!("{row_values} for {row} in {rows_text}");
        let rows_arg = match sink.dialect {
            grammar::Dialect::Sqlite | grammar::Dialect::Postgres => format!("({generator})"),
            _ => format!("[{generator}]"),
        };
        let edits = vec![
            Edit::replacement(self.render_sql(sql, &result)?, sql.range()),
            Edit::replacement(rows_arg, rows.range()),
        ];
        let plain_names = result
            .params
            .iter()
            .all(|param| param.chars().all(|c| c.is_alphanumeric() || c == '_'));
        let summary = Parameterized {
            exact: result.exact && plain_names,
            ..result
        };
        Ok(Rewrite {
            fix: self.make_fix(edits, &summary, &style, decided),
            spliced: Vec::new(),
        })
    }

    /// `"… %(city)s …" % params` with `params` a local dict: named
    /// placeholders (`:city` for sqlite3, `%(city)s` for the format styles)
    /// and the dict itself as the parameters. Only when every key is bound
    /// as it is (outside SQL quotes: a quoted one was `str(…)` of the value,
    /// which binding the dict would not reproduce); otherwise the values are
    /// bound one by one (`str(params["city"])`).
    fn mapping_fix(
        &self,
        sink: &Sink,
        sql: &Expr,
        pieces: &[Piece],
        mapping: &Expr,
    ) -> Option<Rewrite> {
        if sink.params_shape != ParamsShape::Positional || sink.existing_params.is_some() {
            return None;
        }
        let (mut style, decided) = self.style(sink);
        let named_supported = match style.paramstyle {
            Paramstyle::Format | Paramstyle::Pyformat => true,
            Paramstyle::Qmark => sink.dialect == grammar::Dialect::Sqlite,
            _ => false,
        };
        let Expr::Name(name) = mapping else {
            return None;
        };
        if !named_supported || !local_dict(self.context.semantic, name) {
            return None;
        }
        self.refuse_percent_guess(&style, decided).ok()?;
        style.keyed = true;
        let positions = self.value_positions(sink, pieces, 0, &style).ok()?;
        if positions.iter().any(|bindable| !bindable) {
            return None;
        }
        let source = self.source_of();
        let result = parameterize(pieces, &style, &source, 0, &positions).ok()?;
        let keyed: Vec<String> = pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Value(value) if value.key.is_some() => Some(source(value)),
                _ => None,
            })
            .collect();
        if !result.spliced.is_empty()
            || !result.exact
            || result.params.iter().any(|param| !keyed.contains(param))
        {
            return None;
        }
        let literal = self.render_sql(sql, &result).ok()?;
        let edits = vec![
            Edit::replacement(literal, sql.range()),
            Edit::insertion(format!(", {}", name.id), sql.end()),
        ];
        let placeholder = match style.paramstyle {
            Paramstyle::Format | Paramstyle::Pyformat => "`%(name)s`",
            _ => "`:name`",
        };
        Some(Rewrite {
            fix: Fix::safe_if(
                decided,
                format!(
                    "Pass `{}` as the bound parameters ({placeholder} placeholders)",
                    name.id
                ),
                edits,
            ),
            spliced: Vec::new(),
        })
    }

    fn make_fix(
        &self,
        edits: Vec<Edit>,
        result: &Parameterized,
        style: &Style,
        decided: bool,
    ) -> Fix {
        let placeholder = match style.paramstyle {
            Paramstyle::Qmark => "`?`",
            Paramstyle::Format | Paramstyle::Pyformat => "`%s`",
            Paramstyle::Numeric => "`:1`",
            Paramstyle::Named => "`:name`",
            Paramstyle::Dollar => "`$1`",
        };
        let title = format!(
            "Pass {} as bound parameters ({placeholder} placeholders)",
            describe_params(&result.params)
        );
        // asyncpg binds each value with the type PostgreSQL infers for its
        // place: `age > $1` given the text "30" raises DataError where the
        // spliced SQL compared a number. Which type reaches the call is unknown.
        let typed_binding = style.paramstyle == Paramstyle::Dollar;
        // An alembic migration (`op.get_bind()`'s connection) may run
        // offline (`alembic upgrade --sql`), where a bound parameter is
        // written to the script as a placeholder, not as its value.
        let alembic_migration = style.paramstyle == Paramstyle::Named
            && self.context.semantic.imports_module("alembic");
        Fix::safe_if(
            decided && result.exact && !typed_binding && !alembic_migration,
            title,
            edits,
        )
    }

    /// The rewritten SQL: a plain literal, or an f-string when values that
    /// cannot be bound stay in it.
    fn render_sql(&self, original: &Expr, result: &Parameterized) -> Result<String, Refusal> {
        if result.spliced.is_empty() {
            return Ok(self.render_literal(original, &result.sql));
        }
        let refusal = || {
            Refusal::not_bindable(
                result
                    .spliced
                    .iter()
                    .filter(|s| !s.safe)
                    .map(Spliced::unbindable)
                    .collect(),
            )
        };
        let text = self.context.slice(original.range());
        let (quote, triple) = first_quote(original).unwrap_or(('"', false));
        if triple || text.contains(['\n', '\r']) {
            return Err(refusal());
        }
        // Before Python 3.12 a field cannot hold a backslash, a comment or the string's quote.
        let fits = |q: char| {
            result
                .spliced
                .iter()
                .all(|s| !s.field.contains([q, '\\', '#', '\n', '\r', '{', '}']))
        };
        let other = if quote == '"' { '\'' } else { '"' };
        let quote = [quote, other]
            .into_iter()
            .find(|q| fits(*q))
            .ok_or_else(refusal)?;
        let segment = |text: &str| {
            let quoted = crate::linter::fix::literal::quote_python(text, quote);
            quoted[1..quoted.len() - 1]
                .replace('{', "{{")
                .replace('}', "}}")
        };
        let mut out = format!("f{quote}");
        let mut last = 0;
        for spliced in &result.spliced {
            out.push_str(&segment(&result.sql[last..spliced.at]));
            out.push('{');
            out.push_str(&spliced.field);
            out.push('}');
            last = spliced.at;
        }
        out.push_str(&segment(&result.sql[last..]));
        out.push(quote);
        Ok(out)
    }

    /// A Python literal for the new SQL, in the original's quote style; a
    /// multi-line original keeps a multi-line layout.
    fn render_literal(&self, original: &Expr, sql: &str) -> String {
        let source = self.context.source;
        let (quote, triple) = first_quote(original).unwrap_or(('"', false));
        if triple && sql.contains('\n') {
            return quote_python_triple(sql, quote, source.newline());
        }
        let one_line = quote_python(sql, quote);
        let text = self.context.slice(original.range());
        if !text.contains(['\n', '\r']) || triple {
            return one_line;
        }
        // Keep roughly the original line breaks: split at spaces into lines no
        // longer than the original's longest line.
        let width = text
            .lines()
            .map(|l| l.trim().len())
            .max()
            .unwrap_or(60)
            .max(20);
        let second_line_start = source.full_line_end(original.start());
        let indent = source.indentation_at(second_line_start).to_owned();
        let mut chunks: Vec<String> = Vec::new();
        let mut current = String::new();
        for word in sql.split_inclusive(' ') {
            if !current.is_empty() && current.len() + word.len() + 2 > width {
                chunks.push(std::mem::take(&mut current));
            }
            current.push_str(word);
        }
        chunks.push(current);
        let joined = chunks
            .iter()
            .map(|c| quote_python(c, quote))
            .collect::<Vec<_>>()
            .join(&format!("{}{indent}", source.newline()));
        if self.is_parenthesized(original) {
            joined
        } else {
            format!("({joined})")
        }
    }

    /// Whether `expr` sits inside brackets (a call's arguments, parentheses).
    fn is_parenthesized(&self, expr: &Expr) -> bool {
        let before = &self.context.text()[..usize::from(expr.start())];
        matches!(before.trim_end().chars().last(), Some('(' | ',' | '['))
    }

    /// `query = "..." + x` on earlier lines, `query += ...` appends, then `execute(query)`.
    fn check_variable(
        &mut self,
        sink: &Sink,
        sql: &'a Expr,
        call_pieces: &[Piece],
        sink_name: &str,
        scope: Scope<'a>,
        path: &Path<'a>,
    ) {
        // The variable: the one value the call's SQL expression holds.
        let Some(read) = call_pieces.iter().find_map(|piece| match piece {
            Piece::Value(Value {
                expr: Expr::Name(name),
                ..
            }) => Some(name),
            _ => None,
        }) else {
            return;
        };
        let name = read.id.as_str();
        let Some(mut plan) = variables::trace(self.context.semantic, read, &self.constants) else {
            // Not rewritable (reused after the call, appended to a parameter…),
            // but built from values all the same: report it.
            self.report_reaching_writes(sink, sql, read, sink_name, path);
            return;
        };
        // `sql += " WHERE " + " AND ".join(clauses)`: clauses collected in a list.
        if let Some((list, assembly)) = self.settle_parts(&mut plan.parts) {
            self.report_clauses(sink, sql, sink_name, &list, assembly, path);
            return;
        }
        for part in &mut plan.parts {
            if let Decomposed::Pieces { pieces, .. } = &part.decomposed
                && pieces
                    .iter()
                    .all(|p| matches!(p, Piece::Text(_)) || matches!(p, Piece::Value(v) if v.safe))
            {
                part.decomposed = Decomposed::Constant {
                    pieces: pieces.clone(),
                };
            }
        }
        let assemblies: Vec<Assembly> = plan
            .parts
            .iter()
            .filter_map(|part| match &part.decomposed {
                Decomposed::Pieces { assembly, .. } | Decomposed::Opaque { assembly } => {
                    Some(*assembly)
                }
                _ => None,
            })
            .collect();
        let Some(&assembly) = assemblies.first() else {
            self.report_formatted_local_template(sql, sink_name, &plan.parts);
            return;
        };
        if plan
            .parts
            .iter()
            .any(|p| matches!(p.decomposed, Decomposed::Unknown))
        {
            self.report_formatted_local_template(sql, sink_name, &plan.parts);
            return;
        }
        if plan
            .parts
            .iter()
            .any(|p| matches!(p.decomposed, Decomposed::Opaque { .. }))
        {
            self.report_without_fix(sql, sink_name, assembly);
            return;
        }
        let values = unsettled_values(parts_pieces(&plan.parts), Some(name));
        let pieces: Vec<&Piece> = parts_pieces(&plan.parts).collect();
        self.string_values = string_values(pieces.into_iter(), sink.double_quote_is_string);
        self.report(sink, sql, sink_name, assembly, &values, |checker| {
            checker.variable_fix(sink, sql, &[(name, &plan)], call_pieces, scope)
        });
    }

    /// Settles the values of a query variable's writes: safe locals, then
    /// clause lists. The clause list a write splices a value into, if any,
    /// is the finding.
    fn settle_parts(&self, parts: &mut [VariablePart]) -> Option<(String, Assembly)> {
        for part in parts {
            if let Decomposed::Pieces { pieces, .. } = &mut part.decomposed {
                self.settle_names(pieces);
                if let ClauseValues::Spliced(list, assembly) = self.settle_clauses(pieces) {
                    return Some((list, assembly));
                }
            }
        }
        None
    }

    /// Marks proven safe the values that are locals every reaching write of
    /// which is proven safe ([`safe_local`]: `t = "recs_loc"` in one branch,
    /// `t = "recs_float"` in the other).
    fn settle_names(&self, pieces: &mut [Piece]) {
        for piece in pieces {
            if let Piece::Value(value) = piece
                && !value.safe
                && value.accessor.is_empty()
                && value.written_as.is_none()
            {
                value.safe = match value.expr {
                    Expr::Name(name) => {
                        safe_local(self.context.semantic, name, &self.constants)
                            || returned_by_validator(self.context, name)
                            || returned_by_clause_builder(self.context, name, &self.constants)
                    }
                    // `cls._columns`, a column list the class body writes as a
                    // literal; `Status.READY.value`, an enum member's literal.
                    Expr::Attribute(_) => {
                        class_constant(self.context, value.expr)
                            || enum_member_value(self.context, value.expr)
                    }
                    _ => false,
                } || validated_before(self.context, value.expr);
            }
        }
    }

    /// Values of `pieces` that join a list of clauses (`" AND ".join(clauses)`,
    /// or a local bound once to that): clauses that only ever hold text make
    /// the value proven safe; a clause with a value spliced in is the finding.
    fn settle_clauses(&self, pieces: &mut [Piece]) -> ClauseValues {
        let mut seen = ClauseValues::None;
        for piece in pieces.iter_mut() {
            let Piece::Value(value) = piece else { continue };
            if value.safe || !value.accessor.is_empty() || value.written_as.is_some() {
                continue;
            }
            match clause_text(value.expr, self.context.semantic, &self.constants) {
                Some((list, Some(assembly))) => return ClauseValues::Spliced(list, assembly),
                Some((_, None)) => {
                    value.safe = true;
                    seen = ClauseValues::Constant;
                }
                None => {}
            }
        }
        seen
    }

    fn report_clauses(
        &mut self,
        sink: &Sink,
        sql: &Expr,
        sink_name: &str,
        list: &str,
        assembly: Assembly,
        path: &Path<'a>,
    ) {
        let diagnostic = Diagnostic::new(
            Rule::SqlParameterize,
            sql.range(),
            format!(
                "SQL joined from the clauses in `{list}`, built with {}, reaches `{sink_name}`; keep a list of parameters beside `{list}` and use bound parameters instead",
                assembly.describe()
            ),
        );
        let diagnostic = match self.clause_list_fix(sink, sql, list, path) {
            Ok(fix) if !self.paramstyle_unknown(sink) => diagnostic.with_fix(fix),
            _ => diagnostic,
        };
        self.diagnostics.push(diagnostic);
    }

    /// Query variables concatenated at the call where an SQL string opens in
    /// one and closes in another (`b = "… name = '" + name`, `c = "' AND …"`):
    /// each variable is bound once (no appends, no branches); the statement
    /// is rewritten as a whole and cut back into the variables, each value's
    /// parameter going to the list of the variable it comes from.
    #[allow(clippy::too_many_arguments)]
    fn spanning_fix(
        &self,
        sink: &Sink,
        sql: &Expr,
        vars: &[(&str, &VariablePlan)],
        call_pieces: &[Piece],
        style: &Style,
        decided: bool,
        scope: Scope,
    ) -> Result<Rewrite, Refusal> {
        let source = self.source_of();
        let boundary = || Piece::Text(render::BOUNDARY.to_string());
        let mut whole: Vec<Piece> = Vec::new();
        // For each piece of `whole`: the variable (index in call order) it belongs to.
        let mut owner: Vec<Option<usize>> = Vec::new();
        let mut parts: Vec<&VariablePart> = Vec::new();
        let mut call_text = vec![String::new()];
        for piece in call_pieces {
            match piece {
                Piece::Text(text) => {
                    call_text.last_mut().expect("one text").push_str(text);
                    whole.push(piece.clone());
                    owner.push(None);
                }
                Piece::Value(value) => {
                    let plan = vars
                        .iter()
                        .find(|(name, _)| matches!(value.expr, Expr::Name(n) if n.id.as_str() == *name))
                        .map(|(_, plan)| *plan)
                        .ok_or(Refusal::Unsupported)?;
                    let [part] = plan.parts.as_slice() else {
                        return Err(Refusal::Unsupported);
                    };
                    let (Decomposed::Pieces { pieces, .. } | Decomposed::Constant { pieces }) =
                        &part.decomposed
                    else {
                        return Err(Refusal::Unsupported);
                    };
                    if !part.is_definition || !owns_its_lines(self.context.source, part.stmt) {
                        return Err(Refusal::Unsupported);
                    }
                    whole.push(boundary());
                    owner.push(None);
                    for inner in pieces {
                        whole.push(inner.clone());
                        owner.push(Some(parts.len()));
                    }
                    whole.push(boundary());
                    owner.push(None);
                    parts.push(part);
                    call_text.push(String::new());
                }
            }
        }
        let plain: Vec<Piece> = whole
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => Piece::Text(text.replace(render::BOUNDARY, "")),
                value => value.clone(),
            })
            .collect();
        let positions = self.value_positions(sink, &plain, 0, style)?;
        let result = parameterize(&whole, style, &source, 0, &positions)?;
        if !result.spliced.is_empty() || result.params.is_empty() {
            return Err(Refusal::Unsupported);
        }
        // Text of the call, variable, text of the call, …: the call's own text unchanged.
        let segments: Vec<&str> = result.sql.split(render::BOUNDARY).collect();
        if segments.len() != 2 * parts.len() + 1 {
            return Err(Refusal::Unsupported);
        }
        if call_text
            .iter()
            .enumerate()
            .any(|(at, text)| segments[2 * at] != text)
        {
            return Err(Refusal::Unsupported);
        }
        let mut exact = result.exact;
        let mut params: Vec<Vec<String>> = vec![Vec::new(); parts.len()];
        for (param, &(first, last)) in result.params.iter().zip(&result.param_pieces) {
            let (Some(first_owner), Some(last_owner)) = (owner[first], owner[last]) else {
                return Err(Refusal::Unsupported);
            };
            // A parameter evaluated with a later variable's statement: an
            // earlier value may have been rebound in between.
            exact &= first_owner == last_owner;
            params[last_owner].push(param.clone());
        }
        let source_file = self.context.source;
        let newline = source_file.newline();
        let mut edits = Vec::new();
        let mut lists = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            let unchanged = matches!(&part.decomposed, Decomposed::Constant { pieces }
                if pieces.iter().all(|p| matches!(p, Piece::Text(_)))
                    && pieces.iter().map(|p| match p { Piece::Text(t) => t.as_str(), Piece::Value(_) => "" }).collect::<String>() == segments[2 * index + 1]);
            if !unchanged {
                edits.push(Edit::replacement(
                    self.render_literal(part.value, segments[2 * index + 1]),
                    part.value.range(),
                ));
            }
            if params[index].is_empty() {
                continue;
            }
            let Stmt::Assign(assign) = part.stmt else {
                return Err(Refusal::Unsupported);
            };
            let [Expr::Name(target)] = assign.targets.as_slice() else {
                return Err(Refusal::Unsupported);
            };
            let list =
                syntax::fresh_local_name(self.context, scope, &format!("{}_params", target.id));
            let indent = source_file.indentation_at(part.stmt.start());
            edits.push(Edit::insertion(
                format!("{indent}{list} = [{}]{newline}", params[index].join(", ")),
                source_file.full_line_end(part.stmt.end()),
            ));
            lists.push(list);
        }
        let passed = lists.join(" + ");
        let passed = if style.paramstyle == Paramstyle::Pyformat {
            format!("tuple({passed})")
        } else {
            passed
        };
        edits.push(match &sink.params_shape {
            ParamsShape::Keyword { name, after } => {
                Edit::insertion(format!(", {name}={passed}"), *after)
            }
            _ => Edit::insertion(format!(", {passed}"), sql.end()),
        });
        let summary = Parameterized {
            params: result.params.clone(),
            exact,
            ..Parameterized::default()
        };
        Ok(Rewrite {
            fix: self.make_fix(edits, &summary, style, decided),
            spliced: Vec::new(),
        })
    }

    /// Several query variables concatenated at the call (`vars`, traced).
    fn check_variables(
        &mut self,
        sink: &Sink,
        sql: &Expr,
        vars: &[(String, VariablePlan)],
        call_pieces: &[Piece],
        sink_name: &str,
        scope: Scope<'a>,
    ) {
        let parts = || vars.iter().flat_map(|(_, plan)| plan.parts.iter());
        let Some(assembly) = parts().find_map(|part| match &part.decomposed {
            Decomposed::Pieces { assembly, .. } | Decomposed::Opaque { assembly } => {
                Some(*assembly)
            }
            _ => None,
        }) else {
            return;
        };
        if parts().any(|p| matches!(p.decomposed, Decomposed::Opaque { .. })) {
            self.report_without_fix(sql, sink_name, assembly);
            return;
        }
        let vars: Vec<(&str, &VariablePlan)> = vars
            .iter()
            .map(|(name, plan)| (name.as_str(), plan))
            .collect();
        let values: Vec<&Expr> = vars
            .iter()
            .flat_map(|(name, plan)| unsettled_values(parts_pieces(&plan.parts), Some(name)))
            .collect();
        self.string_values.clear();
        self.report(sink, sql, sink_name, assembly, &values, |checker| {
            checker.variable_fix(sink, sql, &vars, call_pieces, scope)
        });
    }

    /// Query variables built over several statements, rewritten: each write
    /// gets placeholders and a parameter list that mirrors it, and the call
    /// passes the lists. `call_pieces` is the call's SQL expression: each
    /// variable (a value piece naming it, in `vars`) and constant text.
    fn variable_fix(
        &self,
        sink: &Sink,
        sql: &Expr,
        vars: &[(&str, &VariablePlan)],
        call_pieces: &[Piece],
        scope: Scope,
    ) -> Result<Rewrite, Refusal> {
        let (mut style, decided) = self.style(sink);
        self.refuse_percent_guess(&style, decided)?;
        let source = self.source_of();
        let parts = || vars.iter().flat_map(|(_, plan)| plan.parts.iter());
        if !matches!(
            style.paramstyle,
            Paramstyle::Qmark | Paramstyle::Format | Paramstyle::Pyformat
        ) || sink.existing_params.is_some()
            || !matches!(
                sink.params_shape,
                ParamsShape::Positional | ParamsShape::List | ParamsShape::Keyword { .. }
            )
        {
            // Still name an identifier spliced in (reported as such), but offer no rewrite.
            for part in parts() {
                if let Decomposed::Pieces { pieces, .. } = &part.decomposed {
                    parameterize(pieces, &style, &source, 0, &all_values(pieces))?;
                }
            }
            return Err(Refusal::Unsupported);
        }
        // Text the rewrite leaves as it is (constant writes, the call's own
        // text) must not hold a `%` once parameters make the driver read them.
        let text_has_percent = |pieces: &[Piece]| {
            pieces
                .iter()
                .any(|piece| matches!(piece, Piece::Text(text) if text.contains('%')))
        };
        if style.paramstyle.doubles_percent()
            && (text_has_percent(call_pieces)
                || parts().any(|part| {
                    matches!(&part.decomposed, Decomposed::Constant { pieces } if text_has_percent(pieces))
                }))
        {
            return Err(Refusal::Unsupported);
        }
        if vars.len() > 1
            && vars.iter().any(|(_, plan)| {
                plan.parts.iter().any(|part| match &part.decomposed {
                    Decomposed::Pieces { pieces, .. } | Decomposed::Constant { pieces } => {
                        leaves_quote_open(pieces, &style)
                    }
                    _ => false,
                })
            })
        {
            return self.spanning_fix(sink, sql, vars, call_pieces, &style, decided, scope);
        }
        style.keep_unbindable = self.can_keep_unbindable();
        let source_file = self.context.source;
        let mut spliced = Vec::new();
        let newline = source_file.newline();
        let mut edits = Vec::new();
        let mut exact = true;
        let mut all_params = Vec::new();
        let mut lists = Vec::new();
        let var_of = |value: &Value| {
            vars.iter()
                .find(|(name, _)| matches!(value.expr, Expr::Name(n) if n.id.as_str() == *name))
                .map(|(_, plan)| *plan)
        };
        // The grammar reads the statement the call runs: its own text around
        // the variables' writes, in source order. With one variable, each
        // definition (`sql = …`, one per branch) starts another statement.
        let mut positions = Vec::new();
        if let [(_, plan)] = vars {
            let at = call_pieces
                .iter()
                .position(|piece| matches!(piece, Piece::Value(_)))
                .ok_or(Refusal::Unsupported)?;
            let (before, after) = (&call_pieces[..at], &call_pieces[at + 1..]);
            let mut whole: Vec<Piece> = before.to_vec();
            for part in &plan.parts {
                if part.is_definition && whole.len() > before.len() {
                    whole.extend(after.iter().cloned());
                    positions.extend(self.value_positions(sink, &whole, 0, &style)?);
                    whole.truncate(0);
                    whole.extend(before.iter().cloned());
                }
                match &part.decomposed {
                    Decomposed::Pieces { pieces, .. } | Decomposed::Constant { pieces } => {
                        whole.extend(pieces.iter().cloned());
                    }
                    _ => return Err(Refusal::Unsupported),
                }
            }
            whole.extend(after.iter().cloned());
            positions.extend(self.value_positions(sink, &whole, 0, &style)?);
        } else {
            // Each piece of the call: the texts it may stand for (several for
            // a variable bound to plain text in each branch), read in every
            // combination; a value is bindable only if it is in all of them.
            let mut choices: Vec<Vec<Vec<Piece>>> = Vec::new();
            for piece in call_pieces {
                match piece {
                    Piece::Text(_) => choices.push(vec![vec![piece.clone()]]),
                    Piece::Value(value) => {
                        let plan = var_of(value).ok_or(Refusal::Unsupported)?;
                        if let Some(texts) = text_choices(plan).filter(|t| t.len() > 1) {
                            choices.push(texts.into_iter().map(<[Piece]>::to_vec).collect());
                            continue;
                        }
                        let mut whole = Vec::new();
                        for part in &plan.parts {
                            match &part.decomposed {
                                Decomposed::Pieces { pieces, .. }
                                | Decomposed::Constant { pieces } => {
                                    whole.extend(pieces.iter().cloned());
                                }
                                _ => return Err(Refusal::Unsupported),
                            }
                        }
                        choices.push(vec![whole]);
                    }
                }
            }
            let readings: usize = choices.iter().map(Vec::len).product();
            if readings > 16 {
                return Err(Refusal::Unsupported);
            }
            for reading in 0..readings {
                let mut whole: Vec<Piece> = Vec::new();
                let mut rest = reading;
                for options in &choices {
                    whole.extend(options[rest % options.len()].iter().cloned());
                    rest /= options.len();
                }
                let read = self.value_positions(sink, &whole, 0, &style)?;
                if positions.is_empty() {
                    positions = read;
                } else if positions.len() == read.len() {
                    for (kept, now) in positions.iter_mut().zip(read) {
                        *kept &= now;
                    }
                } else {
                    return Err(Refusal::Unsupported);
                }
            }
        }
        let mut positions = positions.as_slice();
        for piece in call_pieces {
            let Piece::Value(value) = piece else {
                continue;
            };
            let plan = var_of(value).ok_or(Refusal::Unsupported)?;
            if plan
                .parts
                .iter()
                .all(|part| matches!(part.decomposed, Decomposed::Constant { .. }))
            {
                // Text only: no parameters of its own.
                for part in &plan.parts {
                    if let Decomposed::Constant { pieces } = &part.decomposed {
                        positions = &positions[value_count(pieces)..];
                    }
                }
                continue;
            }
            let params_name = if vars.len() == 1 {
                syntax::fresh_local_name(self.context, scope, "params")
            } else {
                let Expr::Name(name) = value.expr else {
                    return Err(Refusal::Unsupported);
                };
                syntax::fresh_local_name(self.context, scope, &format!("{}_params", name.id))
            };
            for part in &plan.parts {
                let pieces = match &part.decomposed {
                    Decomposed::Pieces { pieces, .. } => pieces.clone(),
                    Decomposed::Constant { pieces } => {
                        positions = &positions[value_count(pieces)..];
                        if part.is_definition {
                            let indent = source_file.indentation_at(part.stmt.start());
                            edits.push(Edit::insertion(
                                format!("{indent}{params_name} = []{newline}"),
                                source_file.full_line_end(part.stmt.end()),
                            ));
                        }
                        continue;
                    }
                    _ => return Err(Refusal::Unsupported),
                };
                if !owns_its_lines(source_file, part.stmt) {
                    return Err(Refusal::Unsupported);
                }
                let count = value_count(&pieces);
                let result = parameterize(&pieces, &style, &source, 0, &positions[..count])?;
                positions = &positions[count..];
                exact &= result.exact;
                if evaluation_order_changes(&result, &pieces)
                    || percent_in_kept_values(&result, &style)
                {
                    exact = false;
                }
                let rendered = self.render_sql(part.value, &result)?;
                edits.push(Edit::replacement(
                    match &part.restates {
                        Some(name) => format!("{name} + {rendered}"),
                        None => rendered,
                    },
                    part.value.range(),
                ));
                spliced.extend(result.spliced.iter().cloned());
                if result.params.is_empty() && !part.is_definition {
                    // Only identifiers here: nothing to add to the parameters.
                    continue;
                }
                let indent = source_file.indentation_at(part.stmt.start());
                let line = if part.is_definition {
                    format!(
                        "{indent}{params_name} = [{}]{newline}",
                        result.params.join(", ")
                    )
                } else {
                    format!(
                        "{indent}{params_name} += [{}]{newline}",
                        result.params.join(", ")
                    )
                };
                let at = source_file.full_line_end(part.stmt.end());
                let prefix = if usize::from(at) == self.context.text().len()
                    && !self.context.text().ends_with(['\n', '\r'])
                {
                    newline
                } else {
                    ""
                };
                edits.push(Edit::insertion(format!("{prefix}{line}"), at));
                all_params.extend(result.params);
            }
            lists.push(params_name);
        }
        let passed = lists.join(" + ");
        // pymssql (`pyformat`) reads a list as one value (an `IN` list): a tuple.
        let passed = if style.paramstyle == Paramstyle::Pyformat {
            format!("tuple({passed})")
        } else {
            passed
        };
        edits.push(match &sink.params_shape {
            ParamsShape::Keyword { name, after } => {
                Edit::insertion(format!(", {name}={passed}"), *after)
            }
            _ => Edit::insertion(format!(", {passed}"), sql.end()),
        });
        if all_params.is_empty() {
            // Only identifiers were spliced in: they are the finding.
            return Err(Refusal::not_bindable(
                spliced
                    .iter()
                    .filter(|s| !s.safe)
                    .map(Spliced::unbindable)
                    .collect(),
            ));
        }
        let summary = Parameterized {
            params: all_params,
            exact,
            ..Parameterized::default()
        };
        Ok(Rewrite {
            fix: self.make_fix(edits, &summary, &style, decided),
            spliced: spliced.into_iter().filter(|s| !s.safe).collect(),
        })
    }
}

fn first_quote(expr: &Expr) -> Option<(char, bool)> {
    use ast::StringFlags as _;
    let quote_of = |flags: &dyn Fn() -> (ast::str::Quote, bool)| {
        let (quote, triple) = flags();
        Some((
            if quote == ast::str::Quote::Single {
                '\''
            } else {
                '"'
            },
            triple,
        ))
    };
    match expr {
        Expr::StringLiteral(s) => s
            .value
            .iter()
            .next()
            .and_then(|p| quote_of(&|| (p.flags.quote_style(), p.flags.is_triple_quoted()))),
        Expr::FString(f) => f.value.iter().next().and_then(|part| match part {
            ast::FStringPart::Literal(p) => {
                quote_of(&|| (p.flags.quote_style(), p.flags.is_triple_quoted()))
            }
            ast::FStringPart::FString(p) => {
                quote_of(&|| (p.flags.quote_style(), p.flags.is_triple_quoted()))
            }
        }),
        Expr::BinOp(b) => first_quote(&b.left).or_else(|| first_quote(&b.right)),
        Expr::Call(c) => match &*c.func {
            Expr::Attribute(a) => first_quote(&a.value),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a rewrite that keeps some values spliced in (an f-string, evaluated
/// before the bound ones) could change the order in which a call among the
/// values runs.
fn evaluation_order_changes(result: &Parameterized, pieces: &[Piece]) -> bool {
    !result.spliced.is_empty()
        && pieces
            .iter()
            .any(|piece| matches!(piece, Piece::Value(value) if may_have_effects(value.expr)))
}

/// Whether evaluating `expr` could do more than read values: a call, an
/// `await`, a `yield` or an assignment expression.
fn may_have_effects(expr: &Expr) -> bool {
    syntax::any_expr(expr, |inner| {
        matches!(
            inner,
            Expr::Call(_) | Expr::Await(_) | Expr::Yield(_) | Expr::YieldFrom(_) | Expr::Named(_)
        )
    })
}

/// Every value of `pieces` taken as in a value position: the text around
/// each still decides (used where no fix is built, to name identifiers).
/// The values of `pieces` not proven safe, leaving out reads of the query
/// variable `itself` (`q = q + …`).
fn unsettled_values<'p, 'a: 'p>(
    pieces: impl IntoIterator<Item = &'p Piece<'a>>,
    itself: Option<&str>,
) -> Vec<&'a Expr> {
    pieces
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Value(value) if !value.safe => Some(value.expr),
            _ => None,
        })
        .filter(|expr| !matches!(expr, Expr::Name(n) if Some(n.id.as_str()) == itself))
        .collect()
}

/// The pieces of every write of a query variable that splices values in.
fn parts_pieces<'p, 'a>(parts: &'p [VariablePart<'a>]) -> impl Iterator<Item = &'p Piece<'a>> {
    parts.iter().flat_map(|part| match &part.decomposed {
        Decomposed::Pieces { pieces, .. } => pieces.as_slice(),
        _ => &[],
    })
}

fn all_values(pieces: &[Piece]) -> Vec<bool> {
    vec![true; value_count(pieces)]
}

fn value_count(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .filter(|piece| matches!(piece, Piece::Value(_)))
        .count()
}

/// A fix and the values it had to leave spliced into the SQL.
struct Rewrite {
    fix: Fix,
    spliced: Vec<Spliced>,
}

fn tuple(params: &[String]) -> String {
    match params {
        [one] => format!("({one},)"),
        many => format!("({})", many.join(", ")),
    }
}

fn render_params(shape: &ParamsShape, params: &[String]) -> String {
    match shape {
        ParamsShape::List => format!("[{}]", params.join(", ")),
        ParamsShape::Spread => params.join(", "),
        _ => tuple(params),
    }
}

fn describe_params(params: &[String]) -> String {
    let shown: Vec<String> = params.iter().take(3).map(|p| format!("`{p}`")).collect();
    let more = if params.len() > 3 {
        format!(" and {} more", params.len() - 3)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(", "))
}

/// Names for named placeholders (`:name`), matching the order of `result.params`.
/// Whether `text` is a plain Python identifier (ASCII).
fn is_identifier(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `:name` (not followed by more of a name) occurs in `text`.
fn mentions_placeholder(text: &str, name: &str) -> bool {
    let marker = format!(":{name}");
    text.match_indices(&marker).any(|(at, _)| {
        !text[at + marker.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn named_parameters(result: &Parameterized) -> Vec<String> {
    let mut names = Vec::new();
    for (index, token) in result.sql.split(':').skip(1).enumerate() {
        let name: String = token
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        names.push(if name.is_empty() {
            format!("p{}", index + 1)
        } else {
            name
        });
    }
    names.truncate(result.params.len());
    names
}

/// `template % values` or `template.format(…)` with a template held in a
/// name (or attribute) and at least one value not proven safe.
fn formatted_template(
    sql: &Expr,
    constants: &Constants,
    class_text: &dyn Fn(&Expr) -> bool,
) -> Option<Assembly> {
    let unsafe_value =
        |value: &Expr| !assemble::proven_safe(value, constants) && !class_text(value);
    match sql {
        Expr::BinOp(binop)
            if binop.op == ast::Operator::Mod
                && matches!(&*binop.left, Expr::Name(_) | Expr::Attribute(_)) =>
        {
            let any_unsafe = match &*binop.right {
                Expr::Tuple(tuple) => tuple.elts.iter().any(unsafe_value),
                Expr::Dict(dict) => dict.items.iter().any(|item| unsafe_value(&item.value)),
                other => unsafe_value(other),
            };
            any_unsafe.then_some(Assembly::PercentFormat)
        }
        Expr::Call(call) => {
            let Expr::Attribute(attribute) = &*call.func else {
                return None;
            };
            let any_unsafe = attribute.attr.id.as_str() == "format"
                && matches!(&*attribute.value, Expr::Name(_) | Expr::Attribute(_))
                && (call.arguments.args.iter().any(unsafe_value)
                    || call
                        .arguments
                        .keywords
                        .iter()
                        .any(|keyword| unsafe_value(&keyword.value)));
            any_unsafe.then_some(Assembly::StrFormat)
        }
        _ => None,
    }
}

/// The module's constants plus the string literals that locals of the
/// sink's function are bound to, for locals bound exactly once (so the
/// template a call formats is that literal), and the reads in `sql` of
/// locals that hold literals only; `None` when there are none.
fn local_templates(
    semantic: &SemanticModel,
    sql: &Expr,
    constants: &Constants,
) -> Option<Constants> {
    let scope = semantic.function_scope_at(sql.start())?;
    let found: Vec<(BindingId, String, String)> = semantic
        .bindings_in(scope)
        .filter_map(|(id, binding)| {
            let (target, Expr::StringLiteral(literal)) = syntax::simple_assignment(binding.stmt?)?
            else {
                return None;
            };
            (target == binding.name && semantic.sole_binding(scope, target) == Some(id))
                .then(|| (id, target.to_owned(), literal.value.to_str().to_owned()))
        })
        .collect();
    // Locals holding only literals (`for table, columns in TABLES`) are safe to splice.
    let values = LiteralValues::new(semantic, |name: &str| {
        constants.strings.contains_key(name) || constants.safe_names.contains(name)
    });
    let literal: Vec<&ast::ExprName> = crate::semantic::names_read(sql)
        .into_iter()
        .filter(|read| {
            !found.iter().any(|(_, name, _)| name == read.id.as_str())
                && constants.string(read).is_none()
                && values.holds_literals(read)
        })
        .collect();
    // Locals every write of which doubles `"` (`ident = name.replace('"', '""')`),
    // or quotes a name so (`ident = '"%s"' % name.replace('"', '""')`).
    let assigned_so = |read: &ast::ExprName, test: &dyn Fn(&Expr) -> bool| {
        semantic.every_reaching_binding(read, |binding| {
            binding.kind == BindingKind::Assignment && binding.value.is_some_and(test)
        })
    };
    let reads = crate::semantic::names_read(sql);
    let doubled: Vec<TextSize> = reads
        .iter()
        .filter(|read| assigned_so(read, &|value| assemble::doubles_quotes(value, constants)))
        .map(|read| read.start())
        .collect();
    let quoted: Vec<TextSize> = reads
        .iter()
        .filter(|read| assigned_so(read, &|value| assemble::quoted_identifier(value, constants)))
        .map(|read| read.start())
        .collect();
    let escaped: Vec<TextSize> = reads
        .iter()
        .filter(|read| assigned_so(read, &|value| assemble::escapes_for_sql(value, constants)))
        .map(|read| read.start())
        .collect();
    // `", ".join(escaped_columns)` where `escaped_columns =
    // [common.escape(c) for c in keys]` (tap-mysql): quoted names joined.
    let joined: Vec<TextSize> = reads
        .iter()
        .filter(|read| {
            assigned_so(read, &|value| {
                joins_safe_items(&values, value, constants, 0)
            })
            // `cols = [_ident(c) for c in row]`, joined where it is read.
            || names_safe_items(&values, read, constants, 0)
        })
        .map(|read| read.start())
        .collect();
    if found.is_empty()
        && literal.is_empty()
        && doubled.is_empty()
        && quoted.is_empty()
        && escaped.is_empty()
        && joined.is_empty()
    {
        return None;
    }
    let mut constants = constants.clone();
    constants.doubled_reads.extend(doubled);
    constants.escaped_reads.extend(escaped);
    constants.quoted_reads.extend(quoted);
    for (id, name, text) in found {
        // The local's own reads are no longer shadowed: they read its text.
        for reference in semantic.references_to(&name) {
            let at = reference.range.start();
            if semantic.reaching_bindings(&name, at).as_slice() == [id] {
                constants.shadowed_reads.remove(&at);
            }
        }
        constants.safe_names.remove(&name);
        constants.strings.insert(name, text);
    }
    constants
        .literal_reads
        .extend(literal.into_iter().map(Ranged::start));
    constants.literal_reads.extend(joined);
    Some(constants)
}

/// `", ".join(items)` where every item is proven safe to splice (see
/// [`safe_items`]).
fn joins_safe_items<F: Fn(&str) -> bool>(
    values: &LiteralValues<'_, '_, F>,
    value: &Expr,
    constants: &Constants,
    depth: usize,
) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    matches!(&*call.func, Expr::Attribute(join)
        if join.attr.id.as_str() == "join" && assemble::literal_text(&join.value, constants).is_some())
        && call.arguments.keywords.is_empty()
        && matches!(&call.arguments.args[..], [items] if safe_items(values, items, constants, depth))
}

/// Items proven safe to splice: literals, quoting helpers' results
/// (`[common.escape(c) for c in keys]`), each of a safe list with literal
/// text added (`[c + " DESC" for c in escaped_columns]`), or a local every
/// write of which is one of those, and which nothing changes in place
/// (`clauses = []` then `clauses.append(…)` holds what is appended).
fn safe_items<F: Fn(&str) -> bool>(
    values: &LiteralValues<'_, '_, F>,
    items: &Expr,
    constants: &Constants,
    depth: usize,
) -> bool {
    if depth > 2 {
        return false;
    }
    match items {
        Expr::ListComp(ast::ExprListComp {
            elt, generators, ..
        })
        | Expr::Generator(ast::ExprGenerator {
            elt, generators, ..
        }) => {
            let [generator] = &generators[..] else {
                return false;
            };
            if assemble::proven_safe(elt, constants) {
                return true;
            }
            // The loop variable takes the items of a safe list.
            let Expr::Name(item) = &generator.target else {
                return false;
            };
            if !safe_items(values, &generator.iter, constants, depth + 1) {
                return false;
            }
            let mut inner = constants.clone();
            inner.literal_reads.extend(
                crate::semantic::names_read(elt)
                    .iter()
                    .filter(|read| read.id == item.id)
                    .map(|read| read.start()),
            );
            assemble::proven_safe(elt, &inner)
        }
        Expr::Name(name) => names_safe_items(values, name, constants, depth),
        _ => assemble::literal_items(items, constants),
    }
}

/// Whether the local `name` reads holds [`safe_items`]: every write that
/// reaches the read is a comprehension of them, and nothing changes the
/// list in place.
fn names_safe_items<F: Fn(&str) -> bool>(
    values: &LiteralValues<'_, '_, F>,
    name: &ast::ExprName,
    constants: &Constants,
    depth: usize,
) -> bool {
    let semantic = values.semantic();
    let reaching = semantic.reaching_bindings(name.id.as_str(), name.start());
    !reaching.is_empty()
        && reaching.iter().all(|&id| {
            let binding = semantic.binding(id);
            binding.kind == BindingKind::Assignment
                && values.unchanged(id)
                && binding.value.is_some_and(|value| {
                    matches!(value, Expr::ListComp(_) | Expr::Generator(_))
                        && safe_items(values, value, constants, depth + 1)
                })
        })
}

/// `select + where + order` at the call: every value is a local variable of
/// the sink's function that [`trace_in_function`] understands (built only
/// by writes, read only by the sink), each named once. With more than one
/// variable, each has exactly one definition, its first write.
#[allow(clippy::type_complexity)]
fn concatenated_variables<'a, 'p>(
    pieces: &[Piece<'p>],
    path: &Path<'a>,
    semantic: &SemanticModel<'a>,
    constants: &Constants,
) -> Option<(Vec<(String, VariablePlan<'a>)>, Vec<Piece<'p>>)> {
    // `base + where + "…"` reads as `(base + where) + "…"`: the leading
    // names are values of their own (text, once traced).
    let mut expanded = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Value(value)
                if value.conversion == assemble::Conversion::Concatenated
                    && matches!(value.expr, Expr::BinOp(_)) =>
            {
                let mut leaves = Vec::new();
                if !name_leaves(value.expr, &mut leaves) {
                    return None;
                }
                expanded.extend(
                    leaves
                        .into_iter()
                        .map(|leaf| Piece::Value(assemble::concatenated_value(leaf))),
                );
            }
            other => expanded.push(other.clone()),
        }
    }
    let pieces = expanded;
    if function_level(path) == 0 {
        return None;
    }
    let mut vars: Vec<(String, VariablePlan<'a>)> = Vec::new();
    for piece in &pieces {
        let Piece::Value(value) = piece else {
            continue;
        };
        let Expr::Name(read) = value.expr else {
            return None;
        };
        let name = read.id.as_str();
        if value.safe
            || value.conversion != assemble::Conversion::Concatenated
            || !value.accessor.is_empty()
            || vars.iter().any(|(seen, _)| seen == name)
        {
            return None;
        }
        let plan = variables::trace(semantic, read, constants)?;
        if plan
            .parts
            .iter()
            .any(|part| matches!(part.decomposed, Decomposed::Unknown))
        {
            return None;
        }
        vars.push((name.to_owned(), plan));
    }
    // Several plain-text choices (`base = "…"` in each branch) are fine: the
    // grammar reads the statement with each.
    let single_definitions = vars.iter().all(|(_, plan)| {
        let single = plan.parts.first().is_some_and(|part| part.is_definition)
            && plan.parts.iter().filter(|part| part.is_definition).count() == 1;
        single || text_choices(plan).is_some()
    });
    (!vars.is_empty() && (vars.len() == 1 || single_definitions)).then_some((vars, pieces))
}

/// A variable only ever bound to plain text (one text per definition, no
/// appends, no values at all): those texts.
fn text_choices<'p>(plan: &'p VariablePlan) -> Option<Vec<&'p [Piece<'p>]>> {
    plan.parts
        .iter()
        .map(|part| match &part.decomposed {
            Decomposed::Constant { pieces } if part.is_definition && value_count(pieces) == 0 => {
                Some(pieces.as_slice())
            }
            _ => None,
        })
        .collect()
}

/// The names a `+` chain of names adds up (`a + b + c`).
fn name_leaves<'p>(expr: &'p Expr, leaves: &mut Vec<&'p Expr>) -> bool {
    match expr {
        Expr::Name(_) => {
            leaves.push(expr);
            true
        }
        Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
            name_leaves(&binop.left, leaves) && name_leaves(&binop.right, leaves)
        }
        _ => false,
    }
}

/// Whether the text of `pieces` leaves an SQL string open at its end.
fn leaves_quote_open(pieces: &[Piece], style: &Style) -> bool {
    let mut quote: Option<char> = None;
    for piece in pieces {
        let Piece::Text(text) = piece else { continue };
        for c in text.chars() {
            match quote {
                // A doubled quote closes and reopens: the state comes out the same.
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '\'' || (c == '"' && style.double_quote_is_string) => {
                    quote = Some(c);
                }
                None => {}
            }
        }
    }
    quote.is_some()
}

/// For each value of `pieces`, in order: whether it sits inside an SQL
/// string (`'…'` or `"…"`).
fn quoted_values(pieces: &[Piece]) -> Vec<bool> {
    value_quotes(pieces.iter())
        .into_iter()
        .map(|(_, quote)| quote.is_some())
        .collect()
}

/// The ranges of the values of `pieces` that sit inside `'…'` (or `"…"`
/// where `double_quote_is_string`, MySQL) in a DML or `ATTACH` statement
/// (in DDL, SQLite reads `'…'` as a name where one goes: `CREATE TRIGGER
/// '{name}'`).
fn string_values<'p, 'a: 'p>(
    pieces: impl Iterator<Item = &'p Piece<'a>> + Clone,
    double_quote_is_string: bool,
) -> Vec<crate::parse::TextRange> {
    let first_text = pieces.clone().find_map(|piece| match piece {
        Piece::Text(text) if !without_leading_comments(text).is_empty() => {
            Some(without_leading_comments(text).to_uppercase())
        }
        _ => None,
    });
    let dml = first_text.is_some_and(|text| {
        [
            "SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "WITH", "ATTACH",
        ]
        .iter()
        .any(|keyword| text.starts_with(keyword))
    });
    if !dml {
        return Vec::new();
    }
    value_quotes(pieces)
        .into_iter()
        .filter(|(_, quote)| {
            *quote == Some('\'') || (double_quote_is_string && *quote == Some('"'))
        })
        .map(|(range, _)| range)
        .collect()
}

/// `text` from its first SQL token on: past white space, `-- …` lines and
/// `/* … */` comments (pgqmini's `-- Insert a message into the queue`
/// before its `INSERT`).
fn without_leading_comments(text: &str) -> &str {
    let mut rest = text.trim_start();
    loop {
        if let Some(comment) = rest.strip_prefix("--") {
            match comment.find('\n') {
                Some(end) => rest = comment[end..].trim_start(),
                None => return "",
            }
        } else if let Some(comment) = rest.strip_prefix("/*") {
            match comment.find("*/") {
                Some(end) => rest = comment[end + 2..].trim_start(),
                None => return "",
            }
        } else {
            return rest;
        }
    }
}

/// Each value of `pieces`, in order, with the SQL quote it sits in.
fn value_quotes<'p, 'a: 'p>(
    pieces: impl Iterator<Item = &'p Piece<'a>>,
) -> Vec<(crate::parse::TextRange, Option<char>)> {
    let mut quote: Option<char> = None;
    let mut quoted = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => {
                for c in text.chars() {
                    match quote {
                        Some(q) if c == q => quote = None,
                        Some(_) => {}
                        None if c == '\'' || c == '"' => quote = Some(c),
                        None => {}
                    }
                }
            }
            Piece::Value(value) => quoted.push((value.expr.range(), quote)),
        }
    }
    quoted
}

/// Whether `value` is a local some write of which, reaching it, builds text
/// with quotes in it (`"'%s'" % "','".join(names)`, `f"'{a}', '{b}'"`):
/// SQL text, not a value.
fn holds_sql_text(semantic: &SemanticModel, value: &Value) -> bool {
    let Expr::Name(name) = value.expr else {
        return false;
    };
    if !value.accessor.is_empty() || value.written_as.is_some() {
        return false;
    }
    holds_sql_text_within(semantic, name, 2)
}

/// [`holds_sql_text`], following a local bound to another up to `depth`
/// times (djorm-ext-pgfulltext's `search_vector = full_search_field`).
fn holds_sql_text_within(semantic: &SemanticModel, name: &ast::ExprName, depth: usize) -> bool {
    semantic
        .reaching_bindings(name.id.as_str(), name.start())
        .into_iter()
        .any(|id| {
            let binding = semantic.binding(id);
            matches!(
                binding.kind,
                BindingKind::Assignment | BindingKind::AugmentedAssignment
            ) && binding.value.is_some_and(|value| match value {
                Expr::Name(other) if depth > 0 => holds_sql_text_within(semantic, other, depth - 1),
                _ => {
                    builds_quoted_text(value)
                        || joins_a_list(value)
                        || crate::model::quoting::returns_quoted_text(semantic, &[value])
                }
            })
        })
}

/// `", ".join(ids)`: items rendered as a comma-separated list, SQL text
/// for `IN (…)` (django-lfs' `variant_ids`); bound, it is one string.
fn joins_a_list(expr: &Expr) -> bool {
    matches!(expr, Expr::Call(call)
        if matches!(&*call.func, Expr::Attribute(method)
            if method.attr.id.as_str() == "join"
                && matches!(&*method.value, Expr::StringLiteral(separator)
                    if separator.value.to_str().trim() == ",")))
}

/// A value that is SQL text where it stands outside quotes: a choice one
/// of whose branches is a literal string that is no number, or text built
/// with an SQL quote (pipelinewise-target-redshift's `"LOWER(table_schema)"
/// if table_schema is None else "'{}'".format(table_schema.lower())`).
fn is_sql_text(value: &Value) -> bool {
    value.accessor.is_empty()
        && value.written_as.is_none()
        && (matches!(value.expr, Expr::If(_) | Expr::BoolOp(_))
            && crate::model::index::may_be_text_literal(value.expr)
            || builds_quoted_text(value.expr))
}

/// A string built (`%`, `+`, `.format`, an f-string) from a literal that
/// holds an SQL quote.
fn builds_quoted_text(expr: &Expr) -> bool {
    let quoted = |text: &str| text.contains('\'') || text.contains('"');
    match expr {
        Expr::BinOp(binop) => {
            builds_quoted_text(&binop.left)
                || builds_quoted_text(&binop.right)
                || matches!(&*binop.left, Expr::StringLiteral(s) if quoted(s.value.to_str()))
                || matches!(&*binop.right, Expr::StringLiteral(s) if quoted(s.value.to_str()))
        }
        Expr::FString(fstring) => {
            fstring.value.elements().any(|element| match element {
                ast::InterpolatedStringElement::Literal(literal) => quoted(&literal.value),
                ast::InterpolatedStringElement::Interpolation(_) => false,
            }) && fstring
                .value
                .elements()
                .any(|e| matches!(e, ast::InterpolatedStringElement::Interpolation(_)))
        }
        Expr::Call(call) => match &*call.func {
            Expr::Attribute(method) if matches!(method.attr.id.as_str(), "format" | "join") => {
                matches!(&*method.value, Expr::StringLiteral(s) if quoted(s.value.to_str()))
                    // `", ".join(f"'{m._meta.db_table}'" for m in models)`
                    // (django-pgschemas): a list of quoted literals, put
                    // in `IN (%s)` as SQL text.
                    || (method.attr.id.as_str() == "join"
                        && matches!(&call.arguments.args[..], [items] if quotes_each_item(items)))
            }
            _ => false,
        },
        _ => false,
    }
}

/// Items each built with an SQL quote in their text (`f"'{name}'"`, `"'%s'"
/// % name`), from a comprehension or a list.
fn quotes_each_item(items: &Expr) -> bool {
    match items {
        Expr::ListComp(ast::ExprListComp { elt, .. })
        | Expr::Generator(ast::ExprGenerator { elt, .. })
        | Expr::SetComp(ast::ExprSetComp { elt, .. }) => builds_quoted_text(elt),
        Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => {
            elts.iter().any(builds_quoted_text)
        }
        _ => false,
    }
}

/// Whether names kept in the SQL as f-string fields may hold a `%` that the
/// driver then reads as a placeholder: the original passed no parameters,
/// so PyMySQL or psycopg never %-formatted it (pg_chameleon's `` `growth%` ``
/// column made `execute` raise). The fix is then unsafe.
fn percent_in_kept_values(result: &Parameterized, style: &Style) -> bool {
    !result.spliced.is_empty()
        && style.placeholder(1, "p").starts_with('%')
        && style.percent_escape != crate::model::sinks::PercentEscape::Never
}

/// The values not proven safe that sit where SQL takes no value (a name, a
/// keyword, a fragment), as a refusal naming them (`Unsupported` if none).
fn unbindable_values(
    pieces: &[Piece],
    positions: &[bool],
    source: &dyn Fn(&Value) -> String,
) -> Refusal {
    Refusal::not_bindable(
        pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Value(value) => Some(value),
                Piece::Text(_) => None,
            })
            .zip(positions.iter().copied().chain(std::iter::repeat(false)))
            .filter(|(value, in_value_position)| !value.safe && !in_value_position)
            .map(|(value, _)| Unbindable {
                value: source(value),
                range: value.expr.range(),
            })
            .collect(),
    )
}

/// What the clause lists joined into a query hold.
enum ClauseValues {
    /// No joined clause list among the values.
    None,
    /// Joined clause lists, every clause plain text.
    Constant,
    /// A clause of this list splices a value in, this way.
    Spliced(String, Assembly),
}

/// Text built around joined clause lists: `SEP.join(clauses)`, `"WHERE " +
/// SEP.join(clauses)`, `… if clauses else ""`; the list (the first one) and
/// how a clause spliced a value in (`None`: text only).
fn clause_text(
    expr: &Expr,
    semantic: &SemanticModel,
    constants: &Constants,
) -> Option<(String, Option<Assembly>)> {
    let merge =
        |a: Option<(String, Option<Assembly>)>, b: Option<(String, Option<Assembly>)>| match (a, b)
        {
            (Some((list, spliced)), Some((other, more))) => {
                let spliced_first = spliced.is_some() || more.is_none();
                Some(if spliced_first {
                    (list, spliced.or(more))
                } else {
                    (other, more)
                })
            }
            (one, None) | (None, one) => one,
        };
    let text_or_clauses = |side: &Expr| -> Result<Option<(String, Option<Assembly>)>, ()> {
        if assemble::literal_text(side, constants).is_some() {
            return Ok(None);
        }
        clause_text(side, semantic, constants).map(Some).ok_or(())
    };
    match expr {
        Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
            let (left, right) = (
                text_or_clauses(&binop.left).ok()?,
                text_or_clauses(&binop.right).ok()?,
            );
            if left.is_none() && right.is_none() {
                return None;
            }
            merge(left, right)
        }
        Expr::If(choice) => {
            let (body, orelse) = (
                text_or_clauses(&choice.body).ok()?,
                text_or_clauses(&choice.orelse).ok()?,
            );
            if body.is_none() && orelse.is_none() {
                return None;
            }
            merge(body, orelse)
        }
        _ => joined_clauses(expr, semantic, constants),
    }
}

/// `SEP.join(clauses)` (or a local of the sink's function bound once to it),
/// with `clauses` a local bound once to `[]` (or a list of string literals) and changed only by
/// `clauses.append(…)`: the list's name, and how the first appended clause
/// that splices in a value not proven safe was built (`None`: text only).
/// `None` when the list is not understood.
fn joined_clauses(
    expr: &Expr,
    semantic: &SemanticModel,
    constants: &Constants,
) -> Option<(String, Option<Assembly>)> {
    let assigned = |name: &str| sole_local_value(semantic, name, expr.start());
    let call = match expr {
        Expr::Call(call) => call,
        Expr::Name(name) => match assigned(name.id.as_str())? {
            Expr::Call(call) => call,
            _ => return None,
        },
        _ => return None,
    };
    let Expr::Attribute(attribute) = &*call.func else {
        return None;
    };
    let ([Expr::Name(list)], []) = (&call.arguments.args[..], &call.arguments.keywords[..]) else {
        return None;
    };
    if attribute.attr.id.as_str() != "join"
        || assemble::literal_text(&attribute.value, constants).is_none()
    {
        return None;
    }
    list_of_clauses(semantic, constants, list.id.as_str(), expr.start())
}

/// `TEMPLATE % tuple(conditions)`, with `conditions` a list of this
/// function holding only text (monasca's `[TENANT_EQ]`, `.append(START_GE)`
/// or `.append('')`): the program's own text, whatever the branches chose.
fn formatted_with_text_list(expr: &Expr, semantic: &SemanticModel, constants: &Constants) -> bool {
    let Expr::BinOp(binop) = expr else {
        return false;
    };
    if binop.op != ast::Operator::Mod || assemble::literal_text(&binop.left, constants).is_none() {
        return false;
    }
    let Expr::Call(call) = &*binop.right else {
        return false;
    };
    if !matches!(&*call.func, Expr::Name(f) if f.id.as_str() == "tuple")
        || semantic.is_bound("tuple")
    {
        return false;
    }
    let ([Expr::Name(list)], []) = (&call.arguments.args[..], &call.arguments.keywords[..]) else {
        return false;
    };
    list_of_clauses(semantic, constants, list.id.as_str(), expr.start())
        .is_some_and(|(_, spliced)| spliced.is_none())
}

/// A list local to the function around `at`, bound once to `[]` (or a list
/// of text) and changed only by `list.append(…)`: its name, and how the
/// first appended clause that splices in a value not proven safe was built
/// (`None`: text only). `None` when the list is not understood.
fn list_of_clauses(
    semantic: &SemanticModel,
    constants: &Constants,
    list: &str,
    at: TextSize,
) -> Option<(String, Option<Assembly>)> {
    let function = semantic.function_at(at)?;
    // Started empty, or with clauses of plain text (`where = ["type = 'table'"]`).
    if !matches!(sole_local_value(semantic, list, at)?, Expr::List(start)
        if start.elts.iter().all(|clause| assemble::literal_text(clause, constants).is_some()))
    {
        return None;
    }
    let values = LiteralValues::new(semantic, |name: &str| {
        constants.strings.contains_key(name) || constants.safe_names.contains(name)
    });
    let mut understood = true;
    let mut spliced = None;
    for stmt in &function.body {
        syntax::for_each_simple_statement(stmt, &mut |inner| {
            if !syntax::mentions(inner, list) || syntax::is_compound_header_only(inner, list) {
                return;
            }
            if let Stmt::Expr(ast::StmtExpr { value, .. }) = inner
                && let Expr::Call(call) = &**value
                && let Expr::Attribute(method) = &*call.func
                && matches!(&*method.value, Expr::Name(n) if n.id.as_str() == list)
                && method.attr.id.as_str() == "append"
                && let ([clause], []) = (&call.arguments.args[..], &call.arguments.keywords[..])
                && !syntax::mentions_expr(clause, list)
            {
                match decompose(clause, constants) {
                    Decomposed::Constant { .. } => {}
                    // `f"MODIFY COLUMN {column} {null}"` with `column` drawn
                    // from a literal table: the program's own text.
                    // `elif key in SEARCH_FIELDS: terms.append("%s = ?" % key)`
                    // (Mopidy-Local): a name the code lets through only
                    // when it is an allowed one.
                    Decomposed::Pieces { pieces, .. }
                        if pieces.iter().all(|piece| {
                            holds_literals(piece, &values, semantic)
                                || matches!(piece, Piece::Value(value)
                                    if matches!(value.expr, Expr::Name(name)
                                        if allowlisted_name(semantic, name)))
                        }) => {}
                    Decomposed::Pieces { assembly, .. } | Decomposed::Opaque { assembly } => {
                        spliced.get_or_insert(assembly);
                    }
                    Decomposed::Unknown => {
                        understood &= assemble::proven_safe(clause, constants);
                    }
                }
                return;
            }
            if syntax::simple_assignment(inner).is_some_and(|(target, _)| target == list) {
                return;
            }
            // Anything else may only read the list: join it, take its
            // length, test it (`if clauses:`).
            let mut reads = ListReads { list, other: false };
            match inner {
                Stmt::If(choice) => {
                    reads.test(&choice.test);
                    for clause in &choice.elif_else_clauses {
                        if let Some(test) = &clause.test {
                            reads.test(test);
                        }
                    }
                }
                Stmt::While(each) => reads.test(&each.test),
                Stmt::Expr(_) | Stmt::Assign(_) | Stmt::AugAssign(_) | Stmt::Return(_) => {
                    crate::parse::Visitor::visit_stmt(&mut reads, inner);
                }
                _ => reads.other = true,
            }
            understood &= !reads.other;
        });
    }
    understood.then(|| (list.to_owned(), spliced))
}

/// Whether `expr` is data written out as literals: strings, numbers,
/// booleans and `None`, in tuples, lists, sets and dicts keyed by literals.
fn literal_data(expr: &Expr) -> bool {
    match expr {
        Expr::StringLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_) => true,
        Expr::Tuple(tuple) => tuple.elts.iter().all(literal_data),
        Expr::List(list) => list.elts.iter().all(literal_data),
        Expr::Set(set) => set.elts.iter().all(literal_data),
        Expr::Dict(dict) => dict
            .items
            .iter()
            .all(|item| item.key.as_ref().is_some_and(literal_data) && literal_data(&item.value)),
        _ => false,
    }
}

/// Whether a piece of a clause is text, a value proven safe, or a local
/// name that holds literals only (see [`LiteralValues`]).
fn holds_literals<F: Fn(&str) -> bool>(
    piece: &Piece,
    values: &LiteralValues<F>,
    semantic: &SemanticModel,
) -> bool {
    match piece {
        Piece::Text(_) => true,
        Piece::Value(value) => {
            value.safe
                || (value.accessor.is_empty()
                    && value.written_as.is_none()
                    && matches!(value.expr, Expr::Name(name)
                        if values.holds_literals(name) || holds_an_index(semantic, name)))
        }
    }
}

/// `for i, item in enumerate(items)`, `j = len(rows)`: every write of the
/// name is a count (kinto's `f"(:obj_{i}, :perm_{i})"` placeholder names).
fn holds_an_index(semantic: &SemanticModel, name: &ast::ExprName) -> bool {
    let builtin = |call: &ast::ExprCall, function: &str| {
        matches!(&*call.func, Expr::Name(f) if f.id.as_str() == function)
            && !semantic.is_bound(function)
    };
    semantic.every_reaching_binding(name, |binding| match binding.kind {
        BindingKind::LoopTarget => matches!(binding.stmt, Some(Stmt::For(each))
            if matches!(&*each.target, Expr::Tuple(pair)
                if matches!(pair.elts.first(), Some(Expr::Name(first)) if first.range == binding.range))
            && matches!(&*each.iter, Expr::Call(call) if builtin(call, "enumerate"))),
        BindingKind::Assignment => {
            matches!(binding.value, Some(Expr::Call(call)) if builtin(call, "len"))
        }
        _ => false,
    })
}

/// Finds uses of a list other than `SEP.join(list)`, `len(list)` and a
/// truth test (`if list:`, `if not list:`).
struct ListReads<'n> {
    list: &'n str,
    other: bool,
}

impl ListReads<'_> {
    fn test(&mut self, test: &Expr) {
        let tested = match test {
            Expr::UnaryOp(unary) if unary.op == ast::UnaryOp::Not => &*unary.operand,
            other => other,
        };
        if !matches!(tested, Expr::Name(n) if n.id.as_str() == self.list) {
            crate::parse::Visitor::visit_expr(self, test);
        }
    }
}

impl<'a> crate::parse::Visitor<'a> for ListReads<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr
            && let [Expr::Name(arg)] = &call.arguments.args[..]
            && arg.id.as_str() == self.list
            && call.arguments.keywords.is_empty()
            && match &*call.func {
                Expr::Attribute(attribute) => {
                    attribute.attr.id.as_str() == "join"
                        && matches!(&*attribute.value, Expr::StringLiteral(_) | Expr::Name(_))
                }
                // A length, or a copy to format with (`% tuple(clauses)`).
                Expr::Name(function) => matches!(function.id.as_str(), "len" | "tuple"),
                _ => false,
            }
        {
            return;
        }
        // `… if clauses else ""`
        if let Expr::If(choice) = expr {
            self.test(&choice.test);
            self.visit_expr(&choice.body);
            self.visit_expr(&choice.orelse);
            return;
        }
        if matches!(expr, Expr::Name(n) if n.id.as_str() == self.list) {
            self.other = true;
        }
        crate::parse::visitor::walk_expr(self, expr);
    }
}

/// The mapping every value comes from, when all are `%(key)s` fields of one
/// mapping variable (`"… %(city)s" % params`).
fn mapping_of<'a>(pieces: &[Piece<'a>]) -> Option<&'a Expr> {
    let mut mapping: Option<&'a Expr> = None;
    for piece in pieces {
        if let Piece::Value(value) = piece {
            if value.key.is_none() || mapping.is_some_and(|m| !std::ptr::eq(m, value.expr)) {
                return None;
            }
            mapping = Some(value.expr);
        }
    }
    mapping
}

/// Whether `name` is a local of the function it is read in, bound exactly
/// once, to a dict display or comprehension (so a `dict`, as sqlite3
/// requires of named parameters).
fn local_dict(semantic: &SemanticModel, name: &ast::ExprName) -> bool {
    sole_local_value(semantic, name.id.as_str(), name.start())
        .is_some_and(|value| matches!(value, Expr::Dict(_) | Expr::DictComp(_)))
}

/// Whether every write of `name` that reaches this read, in the function
/// the name belongs to, gives it a proven-safe value: `name = value` with a
/// value [`assemble::proven_safe`] accepts, or a loop over literals (`for t in
/// ("a", "b")`, `for fn in FUNCTIONS`), in every branch (`t = "recs_loc"` /
/// `else: t = "recs_float"`), and no other code rebinds it. A parameter
/// among the writes, or any other kind of write, is not safe.
fn safe_local(semantic: &SemanticModel, name: &ast::ExprName, constants: &Constants) -> bool {
    safe_local_within(semantic, name, constants, 0)
}

/// How many locals deep [`safe_local`] follows a write that reads another
/// local (`where = "%s AND qm.user_id = %d" % (where, user.id)`).
const SAFE_LOCAL_DEPTH: usize = 3;

fn safe_local_within(
    semantic: &SemanticModel,
    name: &ast::ExprName,
    constants: &Constants,
    depth: usize,
) -> bool {
    let id = name.id.as_str();
    let scope = semantic.scope_of_name(id, name.start());
    if semantic.scope(scope).kind != ScopeKind::Function || semantic.rebound_elsewhere(scope, id) {
        return false;
    }
    let reaching = semantic.reaching_bindings(id, name.start());
    !reaching.is_empty()
        && reaching.iter().all(|&write| {
            let binding = semantic.binding(write);
            binding.scope == scope
                && match (&binding.kind, binding.stmt) {
                    (BindingKind::Assignment, Some(stmt)) => syntax::simple_assignment(stmt)
                        .is_some_and(|(target, value)| {
                            let constants =
                                &with_safe_local_reads(semantic, value, constants, depth);
                            target == id
                                && (assemble::proven_safe(value, constants)
                                    || validated_choice(semantic, value, constants))
                        }),
                    (BindingKind::LoopTarget, Some(Stmt::For(each))) => {
                        matches!(&*each.target, Expr::Name(target) if target.id.as_str() == id)
                            && assemble::literal_items(&each.iter, constants)
                    }
                    _ => false,
                }
        })
}

/// `constants`, and the reads in `value` of locals [`safe_local`] proves
/// (tendenci's `where_clause = """%s AND qm.user_id = %d""" % (where_clause,
/// request.user.id)`, extending a literal first write).
fn with_safe_local_reads<'c>(
    semantic: &SemanticModel,
    value: &Expr,
    constants: &'c Constants,
    depth: usize,
) -> std::borrow::Cow<'c, Constants> {
    if depth >= SAFE_LOCAL_DEPTH {
        return std::borrow::Cow::Borrowed(constants);
    }
    let safe: Vec<TextSize> = crate::semantic::names_read(value)
        .into_iter()
        .filter(|read| {
            !constants.is_constant(read) && safe_local_within(semantic, read, constants, depth + 1)
        })
        .map(|read| read.start())
        .collect();
    if safe.is_empty() {
        return std::borrow::Cow::Borrowed(constants);
    }
    let mut constants = constants.clone();
    constants.literal_reads.extend(safe);
    std::borrow::Cow::Owned(constants)
}

/// `sort if sort in SORTABLE else "id"`: each branch is proven safe, or is
/// a name the test lets through to it only when it is an allowed name (see
/// [`validation`]).
fn validated_choice(semantic: &SemanticModel, value: &Expr, constants: &Constants) -> bool {
    let Expr::If(choice) = value else {
        return false;
    };
    fn same_name(branch: &Expr) -> impl Fn(&Expr) -> bool + '_ {
        move |candidate: &Expr| matches!((branch, candidate), (Expr::Name(a), Expr::Name(b)) if a.id == b.id)
    }
    let checks = validation::NameChecks::without_project(semantic);
    let body_safe = assemble::proven_safe(&choice.body, constants)
        || (matches!(&*choice.body, Expr::Name(_))
            && validation::holds_only_name(&checks, &choice.test, &same_name(&choice.body)));
    let orelse_safe = assemble::proven_safe(&choice.orelse, constants)
        || (matches!(&*choice.orelse, Expr::Name(_))
            && validation::fails_unless_name(&checks, &choice.test, &same_name(&choice.orelse)));
    body_safe && orelse_safe
}

/// The value of `name = value`, when that is the one binding
/// [`sole_local_binding`] finds.
fn sole_local_value<'a>(
    semantic: &SemanticModel<'a>,
    name: &str,
    at: TextSize,
) -> Option<&'a Expr> {
    let (target, value) = syntax::simple_assignment(sole_local_binding(semantic, name, at)?)?;
    (target == name).then_some(value)
}

/// The statement binding `name` in the function around `at`, when the
/// function binds it exactly once, not as a parameter, and nothing else
/// rebinds it (the semantic model's bindings of that scope).
fn sole_local_binding<'a>(
    semantic: &SemanticModel<'a>,
    name: &str,
    at: TextSize,
) -> Option<&'a Stmt> {
    let scope = semantic.scope_of_name(name, at);
    if semantic.scope(scope).kind != ScopeKind::Function {
        return None;
    }
    let binding = semantic.binding(semantic.sole_binding(scope, name)?);
    (binding.kind != BindingKind::Parameter).then_some(binding.stmt?)
}

/// How many entries of `path` lead into the function the sink is in: the
/// function's own blocks start there (0 at module level).
fn function_level(path: &Path) -> usize {
    path.iter()
        .rposition(|&(suite, index)| matches!(suite[index], Stmt::FunctionDef(_)))
        .map_or(0, |level| level + 1)
}

/// `if not name.isidentifier(): raise …` (or `return`, or a project
/// function that raises, `validate_savepoint_name(name)`) earlier on every
/// path to the use of `name` or `self.name`, or an `if name in SORTABLE:`
/// around the use, with no write of it in between; or `if name not in
/// SORTABLE: name = "id"` before it: the allowlist check the finding asks
/// for (itemdb, piccolo). See [`validation`].
fn validated_before(context: &Context, expr: &Expr) -> bool {
    let self_attribute = matches!(expr, Expr::Attribute(attribute)
        if matches!(&*attribute.value, Expr::Name(owner) if owner.id.as_str() == "self"));
    if !matches!(expr, Expr::Name(_)) && !self_attribute {
        return false;
    }
    let semantic = context.semantic;
    let Some(function) = semantic.function_at(expr.start()) else {
        return false;
    };
    let text = context.slice(expr.range());
    let predicate = |call: &ast::ExprCall| name_predicate_argument(context, call);
    let checks = validation::NameChecks::with_predicate(semantic, &predicate);
    let is_value = |candidate: &Expr| {
        matches!(candidate, Expr::Name(_) | Expr::Attribute(_))
            && context.slice(candidate.range()) == text
    };
    // `qualified = f"{schema}.{table}"` of names validated before it (the
    // MySQL connector's AI utilities): text and checked names only.
    if let Expr::Name(name) = expr
        && let Some(binding) = semantic.binding_at(name.id.as_str(), name.start())
        && binding.kind == BindingKind::Assignment
        && let Some(Expr::FString(built)) = binding.value
        && crate::parse::fstring::every_field(built, |field| {
            field.format_spec.is_none()
                && matches!(&*field.expression, Expr::Name(_))
                && validated_before(context, &field.expression)
        })
    {
        return true;
    }
    // Nothing writes the value between `at` and the use.
    let unchanged_since = |at: TextSize| match expr {
        // The same writes reach `at` and the use.
        Expr::Name(name) => {
            semantic.reaching_bindings(name.id.as_str(), at)
                == semantic.reaching_bindings(name.id.as_str(), expr.start())
        }
        // `self.name` is stored nowhere in the function.
        _ => !function.body.iter().any(|stmt| {
            syntax::any_expr_in(stmt, |candidate| {
                matches!(candidate, Expr::Attribute(attribute)
                    if attribute.ctx == ast::ExprContext::Store
                        && context.slice(candidate.range()) == text)
            })
        }),
    };
    if validation::tests_holding_at(&function.body, expr.start())
        .into_iter()
        .any(|test| {
            validation::holds_only_name(&checks, test, &is_value) && unchanged_since(test.start())
        })
    {
        return true;
    }
    let before = validation::statements_before(&function.body, expr.start());
    let Some(guard) = before.iter().rev().find(|stmt| {
        validation::is_name_guard(&checks, stmt, &is_value)
            || calls_validator(context, stmt, &is_value)
            || validation::defaulting_guard(&checks, stmt, &is_value).is_some()
    }) else {
        return false;
    };
    match validation::defaulting_guard(&checks, guard, &is_value) {
        Some(default) => {
            let Expr::Name(name) = expr else {
                return false;
            };
            defaulted_since(context, name, guard, default)
        }
        None => unchanged_since(guard.start()),
    }
}

/// Past `if name not in SORTABLE: name = "id"` (`guard`, whose last
/// statement `default` writes `name`): the write is a program constant, and
/// the writes that reach the use are those that reached the guard and it.
fn defaulted_since(context: &Context, name: &ast::ExprName, guard: &Stmt, default: &Stmt) -> bool {
    let semantic = context.semantic;
    let Some((_, value)) = syntax::simple_assignment(default) else {
        return false;
    };
    if !matches!(value, Expr::StringLiteral(_)) {
        return false;
    }
    let id = name.id.as_str();
    let mut at_use: Vec<_> = semantic.reaching_bindings(id, name.start()).to_vec();
    let Some(written) = at_use.iter().position(|&binding| {
        semantic
            .binding(binding)
            .stmt
            .is_some_and(|stmt| stmt.range() == default.range())
    }) else {
        return false;
    };
    at_use.remove(written);
    let mut at_guard: Vec<_> = semantic.reaching_bindings(id, guard.start()).to_vec();
    at_use.sort_unstable();
    at_guard.sort_unstable();
    at_use == at_guard
}

/// A local name an `if name in ALLOWED:` around the read (or a guard
/// before it that leaves unless the name is allowed) lets through, with no
/// write of it since (see [`validation`]): what [`validated_before`] asks
/// of names, for code that has the semantic model only.
fn allowlisted_name(semantic: &SemanticModel, name: &ast::ExprName) -> bool {
    let Some(function) = semantic.function_at(name.start()) else {
        return false;
    };
    let id = name.id.as_str();
    let checks = validation::NameChecks::without_project(semantic);
    let is_value = |candidate: &Expr| matches!(candidate, Expr::Name(n) if n.id.as_str() == id);
    let unchanged_since = |at: TextSize| {
        semantic.reaching_bindings(id, at) == semantic.reaching_bindings(id, name.start())
    };
    validation::tests_holding_at(&function.body, name.start())
        .into_iter()
        .any(|test| {
            validation::holds_only_name(&checks, test, &is_value) && unchanged_since(test.start())
        })
        || validation::statements_before(&function.body, name.start())
            .iter()
            .rev()
            .find(|stmt| validation::is_name_guard(&checks, stmt, &is_value))
            .is_some_and(|guard| unchanged_since(guard.start()))
}

/// `db_name = validate_identifier(parts[1])`: every write of `name` that
/// reaches the read binds the result of a project function that returns its
/// argument only once it has validated it (see
/// [`FunctionSummary::returns_validated`](crate::model::index::FunctionSummary)).
fn returned_by_validator(context: &Context, name: &ast::ExprName) -> bool {
    context.semantic.every_reaching_binding(name, |binding| {
        let Some(Expr::Call(call)) = binding.value else {
            return false;
        };
        binding.kind == BindingKind::Assignment
            && binding
                .stmt
                .and_then(syntax::simple_assignment)
                .is_some_and(|(target, _)| target == name.id.as_str())
            && context.callee_summary(call).is_some_and(|summary| {
                summary.returns_validated.is_some_and(|parameter| {
                    summary
                        .argument_for_parameter(parameter)
                        .is_some_and(|position| {
                            call.arguments.args.len() > position
                                && !call.arguments.args[..=position]
                                    .iter()
                                    .any(Expr::is_starred_expr)
                        })
                })
            })
    })
}

/// The position of the argument a call checks is a plain name, when the
/// project function it calls returns true for nothing else (see
/// [`FunctionSummary::name_predicate`]).
fn name_predicate_argument(context: &Context, call: &ast::ExprCall) -> Option<usize> {
    let summary = context.callee_summary(call)?;
    summary.argument_for_parameter(summary.name_predicate?)
}

/// `only, params = people.sql_in(ids, "t.account_id")`: every write of
/// `name` that reaches the read unpacks, as its first item, the result of a
/// project function that returns a clause beside its parameters (see
/// [`crate::model::clause_builders`]), called with values proven safe for
/// the parameters spliced into the clause, or without them where they
/// default to a literal.
fn returned_by_clause_builder(
    context: &Context,
    name: &ast::ExprName,
    constants: &Constants,
) -> bool {
    context.semantic.every_reaching_binding(name, |binding| {
        let Some(Stmt::Assign(assign)) = binding.stmt else {
            return false;
        };
        let first = match &assign.targets[..] {
            [Expr::Tuple(targets)] => targets.elts.first(),
            [Expr::List(targets)] => targets.elts.first(),
            _ => None,
        };
        let Expr::Call(call) = &*assign.value else {
            return false;
        };
        binding.kind == BindingKind::Assignment
            && matches!(first, Some(Expr::Name(target)) if target.id == name.id)
            && context
                .callee_summary(call)
                .and_then(|summary| Some((summary, summary.returns_clause.as_ref()?)))
                .is_some_and(|(summary, spliced)| {
                    spliced.iter().all(|parameter| {
                        match argument_passed(summary, call, parameter.index) {
                            Passed::Value(argument) => assemble::proven_safe(argument, constants),
                            Passed::Nothing => parameter.literal_default,
                            Passed::Unknown => false,
                        }
                    })
                })
    })
}

/// What a call passes for a parameter of the function it calls.
enum Passed<'a> {
    Value(&'a Expr),
    Nothing,
    /// Something spread (`*args`, `**kwargs`) may hold it.
    Unknown,
}

fn argument_passed<'a>(
    summary: &FunctionSummary,
    call: &'a ast::ExprCall,
    index: usize,
) -> Passed<'a> {
    let arguments = &call.arguments;
    if let Some(position) = summary.argument_for_parameter(index) {
        if arguments.args[..position.min(arguments.args.len())]
            .iter()
            .any(Expr::is_starred_expr)
        {
            return Passed::Unknown;
        }
        if let Some(argument) = arguments.args.get(position) {
            return if argument.is_starred_expr() {
                Passed::Unknown
            } else {
                Passed::Value(argument)
            };
        }
    }
    let name = &summary.parameters[index];
    for keyword in &arguments.keywords {
        match &keyword.arg {
            Some(arg) if arg.id == *name => return Passed::Value(&keyword.value),
            None => return Passed::Unknown,
            Some(_) => {}
        }
    }
    Passed::Nothing
}

/// `validate_savepoint_name(name)`: a call statement of a project function
/// that validates the parameter receiving `name` (see
/// [`validation::validated_parameters`]).
fn calls_validator(context: &Context, stmt: &Stmt, is_value: &dyn Fn(&Expr) -> bool) -> bool {
    let Stmt::Expr(statement) = stmt else {
        return false;
    };
    let Expr::Call(call) = &*statement.value else {
        return false;
    };
    let Some(summary) = context.callee_summary(call) else {
        return false;
    };
    !summary.validates.is_empty()
        && call
            .arguments
            .args
            .iter()
            .enumerate()
            .take_while(|(_, argument)| !argument.is_starred_expr())
            .any(|(position, argument)| {
                is_value(argument)
                    && summary
                        .validates
                        .contains(&summary.parameter_for_argument(position))
            })
}
