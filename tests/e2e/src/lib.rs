//! End-to-end tests live in tests/; this crate has no library of its own.
