//! Optional filters collected in a list and joined into the query get a
//! parallel list of parameters:
//!
//! ```python
//! clauses = []                                   clauses = []
//!                                                clauses_params = []
//! if name:                                       if name:
//!     clauses.append("name = '%s'" % name)           clauses.append("name = ?")
//!                                                    clauses_params.append(str(name))
//! sql += " WHERE " + " AND ".join(clauses)       sql += " WHERE " + " AND ".join(clauses)
//! cur.execute(sql)                               cur.execute(sql, clauses_params)
//! ```
//!
//! Each value is appended to the parameters right after its clause, in the
//! same branch, so the parameters follow the placeholders in the order the
//! clauses are joined. Only a list bound once to `[]`, changed only by
//! `append` and joined once, into SQL that holds no other value, is
//! rewritten; the fix is unsafe (the list may be joined into a query
//! another call also runs).

use super::assemble::{Decomposed, Piece, decompose};
use super::render::{Parameterized, Refusal, parameterize};
use super::{Checker, Path, function_level};
use crate::linter::diagnostic::{Edit, Fix};
use crate::linter::fix::indent::owns_its_lines;
use crate::linter::syntax::{self, Scope};
use crate::model::drivers::Paramstyle;
use crate::model::sinks::{ParamsShape, PercentEscape, Sink};
use crate::parse::{Expr, Ranged, Stmt, TextSize, Visitor, ast, visitor};

/// Text a clause is read after, so that the grammar sees it as a condition.
const CONDITION_PREFIX: &str = "SELECT 1 FROM t WHERE ";

impl<'a> Checker<'a> {
    /// The fix for a query joined from the clauses in `list` that reaches
    /// `sink` (whose SQL argument is `sql`), if the shape is understood.
    pub(super) fn clause_list_fix(
        &self,
        sink: &Sink,
        sql: &Expr,
        list: &str,
        path: &Path<'a>,
    ) -> Result<Fix, Refusal> {
        let (style, decided) = self.style(sink);
        // The fix is unsafe anyway; a `%s` guess stays out of sqlite3 modules.
        self.refuse_percent_guess(&style, decided)?;
        if sink.params_shape != ParamsShape::Positional
            || sink.existing_params.is_some()
            || !matches!(
                style.paramstyle,
                Paramstyle::Qmark | Paramstyle::Format | Paramstyle::Pyformat
            )
            || (style.paramstyle != Paramstyle::Qmark
                && sink.percent_escape != PercentEscape::Everywhere)
        {
            return Err(Refusal::Unsupported);
        }
        let level = function_level(path);
        if level == 0 {
            return Err(Refusal::Unsupported);
        }
        let (suite, index) = path[level - 1];
        let Stmt::FunctionDef(function) = &suite[index] else {
            return Err(Refusal::Unsupported);
        };
        let uses = ListUses::of(function, list);
        let [init] = uses.bindings[..] else {
            return Err(Refusal::Unsupported);
        };
        if uses.joins != 1 || uses.appends.is_empty() {
            return Err(Refusal::Unsupported);
        }
        // Any other literal of the function with the placeholder's mark in
        // it (`LIKE '50%'` elsewhere in the query) would change meaning once
        // parameters are passed.
        let mark = if style.paramstyle == Paramstyle::Qmark {
            '?'
        } else {
            '%'
        };
        let clause_ranges: Vec<_> = uses.appends.iter().map(|(_, c)| c.range()).collect();
        if uses.literals.iter().any(|(range, text)| {
            text.contains(mark) && !clause_ranges.iter().any(|c| c.contains_range(*range))
        }) {
            return Err(Refusal::Unsupported);
        }
        let source = self.context.source;
        let text = self.context.text();
        let scope = Scope {
            function: Some(function),
        };
        let params = syntax::fresh_local_name(self.context, scope, &format!("{list}_params"));
        let mut edits = Vec::new();
        if !owns_its_lines(source, init) {
            return Err(Refusal::Unsupported);
        }
        edits.push(Edit::insertion(
            format!("\n{}{params} = []", indentation(text, init.start())),
            line_end(text, init.end()),
        ));
        let value_source = self.source_of();
        let mut bound_any = false;
        for (append, clause) in &uses.appends {
            let pieces = match decompose(clause, &self.constants) {
                Decomposed::Constant { .. } => continue,
                Decomposed::Pieces { pieces, .. } => pieces,
                Decomposed::Opaque { .. } | Decomposed::Unknown => {
                    return Err(Refusal::Unsupported);
                }
            };
            if pieces
                .iter()
                .all(|p| matches!(p, Piece::Text(_)) || matches!(p, Piece::Value(v) if v.safe))
            {
                continue;
            }
            if !owns_its_lines(source, append) {
                return Err(Refusal::Unsupported);
            }
            let mut read = vec![Piece::Text(CONDITION_PREFIX.to_owned())];
            read.extend(pieces.iter().cloned());
            let positions = self.value_positions(sink, &read, 0, &style)?;
            let result = parameterize(&read, &style, &value_source, 0, &positions)?;
            if let Some(refusal) = result.nothing_bound() {
                return Err(refusal);
            }
            if !result.spliced.is_empty() {
                return Err(Refusal::Unsupported);
            }
            let Some(clause_sql) = result.sql.strip_prefix(CONDITION_PREFIX) else {
                return Err(Refusal::Unsupported);
            };
            let clause_result = Parameterized {
                sql: clause_sql.to_owned(),
                ..result.clone()
            };
            let literal = self.render_sql(clause, &clause_result)?;
            edits.push(Edit::replacement(literal, clause.range()));
            let added = match &result.params[..] {
                [one] => format!("{params}.append({one})"),
                many => format!("{params}.extend(({},))", many.join(", ")),
            };
            edits.push(Edit::insertion(
                format!("\n{}{added}", indentation(text, append.start())),
                line_end(text, append.end()),
            ));
            bound_any = true;
        }
        if !bound_any {
            return Err(Refusal::Unsupported);
        }
        edits.push(Edit::insertion(format!(", {params}"), sql.end()));
        Ok(Fix::safe_if(
            false,
            format!("Keep the values of `{list}` in `{params}` and pass them as bound parameters"),
            edits,
        ))
    }
}

/// The white space before `at` on its line.
fn indentation(text: &str, at: TextSize) -> &str {
    let at = usize::from(at);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    &text[start..at]
}

/// Where the line holding `at` ends (before its newline).
fn line_end(text: &str, at: TextSize) -> TextSize {
    let at = usize::from(at);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    TextSize::try_from(end).expect("a source fits in TextSize")
}

/// How a function uses one list: the statements binding it, its
/// `list.append(clause)` statements, how many times it is joined, and every
/// string literal of the function (with its range).
struct ListUses<'a> {
    list: &'a str,
    bindings: Vec<&'a Stmt>,
    appends: Vec<(&'a Stmt, &'a Expr)>,
    joins: usize,
    literals: Vec<(crate::parse::TextRange, String)>,
}

impl<'a> ListUses<'a> {
    fn of(function: &'a ast::StmtFunctionDef, list: &'a str) -> Self {
        let mut uses = ListUses {
            list,
            bindings: Vec::new(),
            appends: Vec::new(),
            joins: 0,
            literals: Vec::new(),
        };
        for stmt in &function.body {
            uses.visit_stmt(stmt);
        }
        uses
    }
}

impl<'a> Visitor<'a> for ListUses<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let Some((target, Expr::List(empty))) = syntax::simple_assignment(stmt)
            && target == self.list
            && empty.elts.is_empty()
        {
            self.bindings.push(stmt);
        }
        if let Stmt::Expr(ast::StmtExpr { value, .. }) = stmt
            && let Expr::Call(call) = &**value
            && let Expr::Attribute(method) = &*call.func
            && matches!(&*method.value, Expr::Name(n) if n.id.as_str() == self.list)
            && method.attr.id.as_str() == "append"
            && let ([clause], []) = (&call.arguments.args[..], &call.arguments.keywords[..])
        {
            self.appends.push((stmt, clause));
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(call)
                if matches!(&*call.func, Expr::Attribute(a) if a.attr.id.as_str() == "join")
                    && matches!(&call.arguments.args[..], [Expr::Name(n)] if n.id.as_str() == self.list) =>
            {
                self.joins += 1;
            }
            Expr::StringLiteral(literal) => {
                self.literals
                    .push((literal.range(), literal.value.to_str().to_owned()));
            }
            Expr::FString(fstring) => {
                for part in fstring.value.iter() {
                    match part {
                        ast::FStringPart::Literal(literal) => {
                            self.literals
                                .push((literal.range(), literal.value.to_string()));
                        }
                        ast::FStringPart::FString(inner) => {
                            for element in inner.elements.iter() {
                                if let ast::InterpolatedStringElement::Literal(literal) = element {
                                    self.literals
                                        .push((literal.range(), literal.value.to_string()));
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}
