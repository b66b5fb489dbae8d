//! `nastavnik`: a static site generator for the «Наставничество» (mentorship) section of a
//! methodical department's website.
//!
//! The pipeline (see docs/architecture.md):
//! `content` loads files into a checked [`content::model::Site`] (problems become
//! [`diagnostic::Diagnostic`]s), `render` turns the site into an [`output::Output`], and
//! `output` writes it atomically. `cmd` holds one module per command.

// A `Diagnostic` is the ordinary error of content loading and is returned by value on purpose:
// it is built once per editor mistake, far off any hot path, so boxing it buys nothing.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod calendar;
pub mod cmd;
pub mod content;
pub mod diagnostic;
pub mod fingerprint;
pub mod html;
pub mod import;
pub mod markdown;
pub mod output;
pub mod progress;
pub mod render;
pub mod ru;
pub mod search;
pub mod serve;
pub mod text;
pub mod timings;
pub mod urls;
pub mod when;
pub mod yaml;
