//! Finding the Python files under the paths given on the command line.
