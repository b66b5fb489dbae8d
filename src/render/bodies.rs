//! The pages' rendered bodies as the renderer hands them out: read from the model, or taken
//! out of it for a build that renders the site once and freed as soon as nothing needs them.
//!
//! A page's body has two readers in a build: its own page job and the search index. At
//! 10,000/5,000 the bodies are about 110 MB, a third of what the build holds while the search
//! index is made beside the pages; every body held to the end put that stage's peak over
//! 300 MiB. Each reader holds its own handle (an [`Arc`] of the one body) and lets go of it
//! when done, so a body is freed once its page is rendered and the index has counted its words,
//! whichever comes last. The dev server keeps its model and renders pages again after each
//! edit, so it reads the bodies from the model ([`Bodies::kept`]).

use std::sync::{Arc, Mutex, PoisonError};

use crate::content::model::{PageId, Site};

/// Where the renderer finds each page's rendered body.
pub(crate) struct Bodies {
    /// `None`: in the model, which keeps them.
    once: Option<Once>,
}

/// The handles of a build that renders the site once.
struct Once {
    /// Each page job's handle, given up to the job (taken once: one job renders each page).
    pages: Vec<Mutex<Option<Arc<str>>>>,
    /// The search index's handles, all given up to it when it makes its documents. A body of a
    /// page the index leaves out (a draft, a roadmap, a plain page) stays until the index's
    /// handles are dropped: the index does not say which pages it leaves out, and guessing
    /// wrong would lose a body.
    search: Mutex<Option<Vec<Arc<str>>>>,
}

impl Bodies {
    /// Bodies read from the model, which keeps them.
    pub(crate) fn kept() -> Bodies {
        Bodies { once: None }
    }

    /// Takes every page's body out of `site` (its pages are left with empty bodies), for a
    /// build that renders each page once.
    pub(crate) fn take(site: &mut Site) -> Bodies {
        let taken: Vec<Arc<str>> = site
            .pages
            .iter_mut()
            .map(|p| std::mem::take(&mut p.content))
            .collect();
        Bodies {
            once: Some(Once {
                pages: taken.iter().map(|b| Mutex::new(Some(b.clone()))).collect(),
                search: Mutex::new(Some(taken)),
            }),
        }
    }

    /// The body of page `id` for its page job. In a build that renders once, the job's handle
    /// is given up: this is called once per page.
    pub(crate) fn for_page(&self, site: &Site, id: PageId) -> Arc<str> {
        match &self.once {
            None => site.pages[id].content.clone(),
            Some(once) => once.pages[id]
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
                .expect("a page's body is given to its one page job"),
        }
    }

    /// Every page's body, by page id, for the search index. In a build that renders once, the
    /// index's handles are given up: this is called once.
    pub(crate) fn for_search(&self, site: &Site) -> Vec<Arc<str>> {
        match &self.once {
            None => site.pages.iter().map(|p| p.content.clone()).collect(),
            Some(once) => once
                .search
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
                .expect("the pages' bodies are given to the search index once"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site of plain pages with these bodies, loaded as a build loads it (the temporary
    /// folder is returned so that it outlives the site).
    fn test_site(bodies: &[&str]) -> (tempfile::TempDir, Site) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(
            root.join("site.yaml"),
            "title: Наставничество\nbase_url: https://example.org/\n",
        )
        .unwrap();
        for (i, body) in bodies.iter().enumerate() {
            let text = format!("---\ntitle: Страница {i}\n---\n{body}\n");
            std::fs::write(root.join(format!("content/page-{i}.md")), text).unwrap();
        }
        let loaded = crate::content::load(root, &crate::content::LoadOptions::default());
        assert!(!loaded.diagnostics.has_errors(), "{:?}", loaded.diagnostics);
        let mut site = loaded.site.unwrap();
        site.pages.sort_by(|a, b| a.path.cmp(&b.path));
        (tmp, site)
    }

    /// A one-paragraph body as rendered.
    fn html(body: &str) -> String {
        format!("<p>{body}</p>\n")
    }

    #[test]
    fn a_body_taken_for_one_build_is_freed_when_its_page_and_the_index_are_done() {
        let (_tmp, mut site) = test_site(&["первое тело", "второе тело"]);
        let bodies = Bodies::take(&mut site);
        assert!(site.pages.iter().all(|p| p.content.is_empty()));
        let search = bodies.for_search(&site);
        let first = bodies.for_page(&site, 0);
        assert_eq!(*first, *html("первое тело"));
        assert_eq!(*search[1], *html("второе тело"));
        // The page's handle and the index's are the only ones left: the body is freed when
        // both are dropped, in either order.
        let watch = Arc::downgrade(&first);
        drop(first);
        assert!(watch.upgrade().is_some(), "the index still reads it");
        drop(search);
        assert!(watch.upgrade().is_none(), "nothing holds it any more");
        let second = Arc::downgrade(&bodies.for_page(&site, 1));
        assert!(second.upgrade().is_none());
    }

    #[test]
    fn kept_bodies_stay_in_the_model() {
        let (_tmp, site) = test_site(&["тело"]);
        let bodies = Bodies::kept();
        assert_eq!(*bodies.for_page(&site, 0), *html("тело"));
        assert_eq!(*bodies.for_page(&site, 0), *html("тело"));
        assert_eq!(*bodies.for_search(&site)[0], *html("тело"));
        assert_eq!(*site.pages[0].content, *html("тело"));
    }
}
