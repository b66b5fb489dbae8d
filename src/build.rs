//! The pipeline's driver: load a site, then render it into an output, with every diagnostic
//! either way. The `build` and `check` commands, the preview server's first build, the tests
//! and the examples all build through here, with plain [`BuildOptions`]: the command line's
//! argument structs stay in `cmd`, so nothing below it depends on clap.

use std::path::PathBuf;

use crate::content::{self, LoadOptions};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::progress::Progress;

/// What to build and how: the site folder and the options that change what it loads.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder, where site.yaml is.
    pub root: PathBuf,
    /// Overrides `base_url` from `site.yaml` (the preview server serves the site at its own
    /// address).
    pub base_url: Option<String>,
    /// Publish drafts too (for previewing them; never for the public site).
    pub drafts: bool,
}

impl BuildOptions {
    /// The options of loading the site; "today" is the current date in the site's time zone.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            drafts: self.drafts,
            base_url: self.base_url.clone(),
            today: None,
            overlay: None,
        }
    }
}

/// Loads and renders a site into memory; diagnostics either way.
pub fn build_site(options: &BuildOptions) -> (Option<Output>, Diagnostics) {
    let built = build_with(options, |_| Ok(Output::new()));
    (built.output, built.diagnostics)
}

/// What a build gives: the output when there were no errors, every diagnostic, and the site
/// model (which the command line leaks on purpose: freeing a large site's many small strings
/// just before the process exits takes a noticeable part of a build). The model's pages have
/// no rendered bodies any more once it was rendered: each was freed as soon as it was written
/// (see `render::render_once`).
pub struct Built {
    pub output: Option<Output>,
    pub diagnostics: Diagnostics,
    pub site: Option<content::model::Site>,
}

/// Loads a site and, when it has no errors, renders it into the output `make_output` gives
/// (in memory, staged on disk, or discarded).
pub fn build_with(
    options: &BuildOptions,
    make_output: impl FnOnce(&content::model::Site) -> Result<Output, Diagnostic>,
) -> Built {
    build_with_progress(options, &Progress::hidden(), make_output)
}

/// [`build_with`] that reports its stages to `progress` (the `build` command's bar).
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &Progress,
    make_output: impl FnOnce(&content::model::Site) -> Result<Output, Diagnostic>,
) -> Built {
    progress.stage("Чтение файлов", 0);
    let loaded = content::load(&options.root, &options.load_options());
    let mut diagnostics = loaded.diagnostics;
    let Some(mut site) = loaded.site else {
        return Built {
            output: None,
            diagnostics,
            site: None,
        };
    };
    let out = match make_output(&site) {
        Ok(out) => out,
        Err(d) => {
            diagnostics.push(d);
            return Built {
                output: None,
                diagnostics,
                site: Some(site),
            };
        }
    };
    let output = match crate::render::render_once(&mut site, out, progress) {
        Ok(out) => Some(out),
        Err(ds) => {
            diagnostics.extend(ds);
            diagnostics.sort();
            None
        }
    };
    Built {
        output,
        diagnostics,
        site: Some(site),
    }
}
