//! Embeds every `ontology/*.ttl` file in the binary as the default knowledge base.
#![allow(clippy::expect_used, reason = "a build script can only report failure by panicking")]

use std::fmt::Write as _;
use std::{env, fs, path::PathBuf};

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("ontology");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("ontology/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ttl"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// The default knowledge files: (file name, Turtle text).\npub const EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().expect("a file").to_string_lossy();
        writeln!(out, "    ({name:?}, include_str!({:?})),", f.display().to_string()).expect("string write");
    }
    out.push_str("];\n");
    // the cache keys of the compiled knowledge (src/knowledge.rs): the code that reads the
    // Turtle and lays out the compiled form, and, for the embedded files, their names and
    // contents, hashed as `Knowledge::from_dir` hashes a directory's (the FNV-1a of
    // `text::stable_hash`), so a directory holding the same files shares the compiled form
    let mut code = Fnv::default();
    code.add(env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION").as_bytes());
    for src in ["src/knowledge.rs", "src/rdf/vocab.rs"] {
        println!("cargo:rerun-if-changed={src}");
        code.add(&fs::read(src).expect("the knowledge sources are readable"));
    }
    let code_key = format!("{:016x}", code.0);
    let mut embedded = Fnv::default();
    embedded.add(code_key.as_bytes());
    for f in &files {
        embedded.add(f.file_name().expect("a file").as_encoded_bytes());
        embedded.add(&fs::read(f).expect("ontology files are readable"));
    }
    writeln!(
        out,
        "/// Cache key of the code that compiles the knowledge base.\npub const CODE_KEY: &str = {code_key:?};"
    )
    .expect("string write");
    writeln!(
        out,
        "/// Cache key of the embedded knowledge base.\npub const EMBEDDED_KEY: &str = \"{:016x}\";",
        embedded.0
    )
    .expect("string write");
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_ontology.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

/// FNV-1a, 64 bits, with a separator after each part.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes.iter().chain(&[0x1f]) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
