//! `nastavnik`: a static site generator for the «Наставничество» section.
