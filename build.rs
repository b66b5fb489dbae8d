//! Unpacks the Russian morphological dictionary (OpenCorpora, compiled by pymorphy2; carried by
//! the `rsmorphy-dict-ru` crate as gzip files) into `OUT_DIR`, where `src/search/morph.rs`
//! embeds it with `include_bytes!`. Only the three files lemmatisation needs are taken: the
//! word graph (`words.dawg`: every word form → its paradigm and form number), the paradigms and
//! their endings. Unpacking here rather than at run time keeps a site build free of the cost.

use std::fs;
use std::io::Read;
use std::path::Path;

const FILES: &[&str] = &["words.dawg", "paradigms.array", "suffixes.json"];

fn main() {
    let source = Path::new(rsmorphy_dict_ru::DICT_PATH);
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in FILES {
        let packed = source.join(format!("{name}.gz"));
        println!("cargo::rerun-if-changed={}", packed.display());
        let file = fs::File::open(&packed)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", packed.display()));
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .unwrap_or_else(|e| panic!("cannot unpack {}: {e}", packed.display()));
        fs::write(Path::new(&out).join(name), bytes).expect("write into OUT_DIR");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
