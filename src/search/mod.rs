//! Search: the Russian stemmer and tokenizer shared (by test) with the browser.

pub mod stem;
