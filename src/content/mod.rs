//! Content: reading source files, typed front matter per kind, the site model, loading in
//! parallel, and link, slug and reference resolution.

pub mod config;
pub mod contest;
pub mod documents;
pub mod front_matter;
pub mod link;
pub mod load;
pub mod mentor;
pub mod model;
pub mod organizations;
pub mod outcome;
pub mod parse;
pub mod roadmap;
pub mod schema;
pub mod source;
pub mod taxonomy;
pub mod vocabulary;

pub use load::{LoadCache, LoadOptions, Loaded, load, load_with};
