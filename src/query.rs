//! Writes SPARQL results: a readable table, the standard result formats (JSON, XML, CSV,
//! TSV), or a graph (Turtle, N-Triples) for CONSTRUCT and DESCRIBE.

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};

use crate::error::{Error, Result};
use crate::rdf::vocab;

/// How to print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// An aligned text table (graphs as Turtle).
    Table,
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL Query Results XML.
    Xml,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// Turtle (graphs).
    Turtle,
    /// N-Triples (graphs).
    NTriples,
}

/// Prefixes used to shorten IRIs in tables and Turtle.
pub const PREFIXES: &[(&str, &str)] = &[
    ("pg", vocab::pg::NS),
    ("pgr", vocab::ENTITY_NS),
    ("pgd", vocab::DOC_NS),
    ("pgs", vocab::STANCE_NS),
    ("pgt", vocab::STANCE_TYPE_NS),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("nif", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("schema", "https://schema.org/"),
    ("dct", "http://purl.org/dc/terms/"),
    ("wgs84", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
];

/// Writes `results` to `out` in `format`.
pub fn write_results(results: QueryResults<'_>, format: OutputFormat, mut out: impl Write) -> Result<()> {
    let eval = crate::store::query_error;
    match results {
        QueryResults::Graph(triples) => {
            let rdf_format = if format == OutputFormat::NTriples { RdfFormat::NTriples } else { RdfFormat::Turtle };
            let mut ser = RdfSerializer::from_format(rdf_format);
            if rdf_format == RdfFormat::Turtle {
                for (p, ns) in PREFIXES {
                    ser = ser.with_prefix(*p, *ns).map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                }
            }
            let mut w = ser.for_writer(&mut out);
            for t in triples {
                w.serialize_triple(&t.map_err(eval)?)?;
            }
            w.finish()?;
        }
        QueryResults::Boolean(b) => match results_format(format) {
            Some(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut out, b)?;
            }
            None => writeln!(out, "{b}")?,
        },
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            match results_format(format) {
                Some(f) => {
                    let mut w = QueryResultsSerializer::from_format(f).serialize_solutions_to_writer(&mut out, vars)?;
                    for s in solutions {
                        w.serialize(&s.map_err(eval)?)?;
                    }
                    w.finish()?;
                }
                None => {
                    let mut rows: Vec<Vec<String>> = Vec::new();
                    for s in solutions {
                        let s = s.map_err(eval)?;
                        rows.push(vars.iter().map(|v| s.get(v).map_or_else(String::new, short_term)).collect());
                    }
                    let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
                    write_table(&header, &rows, &mut out)?;
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn results_format(f: OutputFormat) -> Option<QueryResultsFormat> {
    match f {
        OutputFormat::Json => Some(QueryResultsFormat::Json),
        OutputFormat::Xml => Some(QueryResultsFormat::Xml),
        OutputFormat::Csv => Some(QueryResultsFormat::Csv),
        OutputFormat::Tsv => Some(QueryResultsFormat::Tsv),
        _ => None,
    }
}

/// The IRI of a bound term, if it is one.
pub fn iri_of(t: Option<&Term>) -> Option<String> {
    match t? {
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        _ => None,
    }
}

/// The lexical value of a bound literal, if it is one.
pub fn literal_of(t: Option<&Term>) -> Option<String> {
    match t? {
        Term::Literal(l) => Some(l.value().to_string()),
        _ => None,
    }
}

/// A term for a table cell: IRIs with a known prefix shortened, literals by value.
pub fn short_term(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            PREFIXES
                .iter()
                .find_map(|(p, ns)| iri.strip_prefix(ns).map(|rest| format!("{p}:{rest}")))
                .unwrap_or_else(|| format!("<{iri}>"))
        }
        Term::Literal(l) => l.value().replace(['\n', '\t'], " "),
        other => other.to_string(),
    }
}

/// Writes an aligned text table: a header, a rule, the rows (cells clipped to 80 characters)
/// and a row count.
pub fn write_table(header: &[String], rows: &[Vec<String>], out: &mut impl Write) -> Result<()> {
    const MAX: usize = 80;
    let clip = |s: &str| -> String {
        if s.chars().count() > MAX {
            format!("{}…", s.chars().take(MAX - 1).collect::<String>())
        } else {
            s.to_string()
        }
    };
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(clip(c).chars().count());
        }
    }
    let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let c = clip(c);
                let pad = widths[i].saturating_sub(c.chars().count());
                format!("{c}{}", " ".repeat(pad))
            })
            .collect();
        writeln!(out, "{}", parts.join(" | ").trim_end())
    };
    line(header, out)?;
    writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-"))?;
    for r in rows {
        line(r, out)?;
    }
    writeln!(out, "({} row{})", rows.len(), if rows.len() == 1 { "" } else { "s" })?;
    Ok(())
}
