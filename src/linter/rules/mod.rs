//! One module per rule: detection and fix.

pub mod db_error_handling;
pub mod hardcoded_credentials;
pub mod resource_with;
pub mod secret_names;
pub mod sensitive_exposure;
pub mod sql_parameterize;
pub mod unvalidated_input;
