//! The thin binary: command-line arguments, running a command (settings,
//! the index pass, the batch, the exit code), interactive review and output.

pub mod args;
pub mod commands;
pub mod interactive;
pub mod output;
