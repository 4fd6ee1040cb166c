//! Renders DOT to PNG or SVG through Graphviz's `dot` command (no Rust crate lays graphs out
//! as Graphviz does).

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// The Graphviz command, `dot` unless `PACTGRAPH_DOT` names another.
fn dot_command() -> String {
    std::env::var("PACTGRAPH_DOT").unwrap_or_else(|_| "dot".to_string())
}

/// Renders `dot_source` as `format` (`png`, `svg`...) with the Graphviz layout `engine` (`dot`,
/// `sfdp`, `neato`...) and writes the image to `out`. A missing Graphviz is an
/// [`Error::Export`] saying how to install it.
pub fn render(dot_source: &[u8], format: &str, engine: &str, out: &mut dyn Write) -> Result<()> {
    let program = dot_command();
    let mut child = Command::new(&program)
        .arg(format!("-T{format}"))
        .arg(format!("-K{engine}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Export(format!(
                    "--format {format} renders through Graphviz, and `{program}` was not found on PATH; install \
                     Graphviz (apt-get install graphviz, brew install graphviz, or https://graphviz.org/download/) \
                     or export --format dot or graphml"
                ))
            } else {
                Error::Export(format!("running `{program}`: {e}"))
            }
        })?;
    // feed stdin from a thread so a large image on stdout cannot block the writer
    let mut stdin = child.stdin.take().ok_or_else(|| Error::Export("no stdin for Graphviz".into()))?;
    let source = dot_source.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&source));
    let mut stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(e) = stderr.as_mut() {
            let _ = e.read_to_string(&mut s);
        }
        s
    });
    if let Some(mut stdout) = child.stdout.take() {
        std::io::copy(&mut stdout, out)?;
    }
    let status = child.wait().map_err(|e| Error::Export(format!("waiting for `{program}`: {e}")))?;
    let fed = feeder.join().map_err(|_| Error::Export("Graphviz input thread panicked".into()))?;
    let messages = errors.join().unwrap_or_default();
    if !status.success() {
        return Err(Error::Export(format!("`{program} -T{format} -K{engine}` failed ({status}): {}", messages.trim())));
    }
    fed.map_err(|e| Error::Export(format!("writing to `{program}`: {e}")))?;
    Ok(())
}
