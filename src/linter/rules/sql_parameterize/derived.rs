//! Derived sinks: project functions that run a parameter as SQL
//! (`def run_query(conn, sql): conn.cursor().execute(sql)`), found through
//! the project index. A call to one is a sink at the caller.

use super::grammar::Dialect;
use crate::model::Context;
use crate::model::index::FunctionSummary;
use crate::model::sinks::{ParamsShape, Sink};
use crate::parse::{Expr, ast};

/// The sink a call to a project function that runs its parameter as SQL is.
/// Its paramstyle is that of the call inside the helper, when proven there;
/// parameters are added only as the helper's own params argument, right
/// after the SQL one.
pub fn derived_sink<'a>(context: &Context, call: &'a ast::ExprCall) -> Option<Sink<'a>> {
    if !context.may_call_sql_helper(call) {
        return None;
    }
    let summary = context.callee_summary(call)?;
    let &executed = summary.executes.first()?;
    let sql = argument_for(summary, call, executed)?;
    let existing_params = summary
        .params_parameter
        .and_then(|p| argument_for(summary, call, p));
    let sql_position = summary.argument_for_parameter(executed)?;
    let params_follow_sql = summary
        .params_parameter
        .and_then(|p| summary.argument_for_parameter(p))
        == Some(sql_position + 1);
    let passed_positionally = call
        .arguments
        .args
        .get(sql_position)
        .is_some_and(|arg| std::ptr::eq(arg, sql));
    let params_shape = match existing_params {
        _ if !params_follow_sql || !passed_positionally => ParamsShape::None,
        Some(existing)
            if call
                .arguments
                .args
                .get(sql_position + 1)
                .is_some_and(|arg| std::ptr::eq(arg, existing)) =>
        {
            ParamsShape::Positional
        }
        None if call.arguments.args.len() == sql_position + 1
            && call.arguments.keywords.is_empty() =>
        {
            ParamsShape::Positional
        }
        _ => ParamsShape::None,
    };
    let driver = crate::model::index::sole_driver_family(context);
    let dialect = Dialect::of_driver(driver.map_or("", |d| d.name.as_str()));
    Some(Sink {
        paramstyle: summary
            .paramstyle
            .or_else(|| driver.map(|driver| driver.paramstyle)),
        dialect,
        // MySQL reads `"…"` as a string (ezmysql's `WHERE {}="{}"`).
        double_quote_is_string: dialect == Dialect::MySql,
        paramstyle_guessed: true,
        existing_params,
        params_shape,
        ..Sink::reading(Some(sql))
    })
}

/// The expression a call passes for parameter `index` (positionally or by keyword).
fn argument_for<'a>(
    summary: &FunctionSummary,
    call: &'a ast::ExprCall,
    index: usize,
) -> Option<&'a Expr> {
    let by_position = summary
        .argument_for_parameter(index)
        .and_then(|position| call.arguments.args.get(position))
        .filter(|arg| !matches!(arg, Expr::Starred(_)));
    by_position.or_else(|| {
        let name = summary.parameters.get(index)?;
        call.arguments.find_keyword(name).map(|k| &k.value)
    })
}
