//! `/status` of a live server ([`crate::live`]): the documents stored, the last ingest, how
//! the folders are watched, and the inputs that failed, newest first.

use maud::html;

use super::{Reply, layout};
use crate::live::Status;

/// The status page.
pub fn reply(status: &Status) -> Reply {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let ago = |at: u64| format!("{} s ago", now.saturating_sub(at));
    Reply::html(
        200,
        layout(
            "Status",
            html! {
                h1 { "Status" }
                dl {
                    dt { "Documents" } dd { (status.documents) }
                    dt { "Last ingest" }
                    dd {
                        @match &status.last_ingest {
                            Some(r) => {
                                (ago(r.at)) " (" (r.by) "): " (r.added) " added, " (r.replaced) " replaced, "
                                (r.unchanged) " unchanged, " (r.failed) " failed"
                            }
                            None => { "none since the server started" }
                        }
                    }
                    dt { "Watching" }
                    dd {
                        @if status.watching.is_empty() { "no folder" }
                        @for (i, d) in status.watching.iter().enumerate() {
                            @if i > 0 { ", " }
                            code { (d.display()) }
                        }
                        @if let Some(w) = status.watcher { " (" (w) ")" }
                    }
                    dt { "Failures" } dd { (status.failures_total) " since the server started" }
                }
                @if !status.failures.is_empty() {
                    section aria-labelledby="failures" {
                        h2 #failures { "Inputs that failed" }
                        ul {
                            @for f in status.failures.iter().rev() {
                                li { span.date { (ago(f.at)) } " " code { (f.message) } }
                            }
                        }
                    }
                }
            },
        ),
    )
}
