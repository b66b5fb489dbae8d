//! Content fingerprints: 64-bit hashes that say "these inputs are the same as last time", so the
//! dev server can skip work whose inputs did not change. Not for security: a collision would
//! leave one page stale in a preview, and 64 bits make that practically impossible for a site's
//! few thousand inputs.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

/// A hasher for fingerprints: fast on the many short strings a site is made of.
#[derive(Default)]
pub struct Fingerprint(FxHasher);

impl Fingerprint {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a value; returns the fingerprint for chaining.
    pub fn add(&mut self, value: &(impl Hash + ?Sized)) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// The fingerprint of one string.
pub fn of_str(s: &str) -> u64 {
    Fingerprint::new().add(s).finish()
}

/// The fingerprint of anything hashable.
pub fn of(value: &(impl Hash + ?Sized)) -> u64 {
    Fingerprint::new().add(value).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_inputs_equal_fingerprints_and_order_matters() {
        assert_eq!(of_str("Школа"), of_str("Школа"));
        assert_ne!(of_str("Школа"), of_str("школа"));
        assert_ne!(of(&("a", "bc")), of(&("ab", "c")));
        assert_ne!(of(&[1u64, 2]), of(&[2u64, 1]));
    }
}
