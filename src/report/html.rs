//! HTML rendering (placeholder until the full renderer lands): the Markdown in <pre>.
use super::model::Report;

pub fn render(r: &Report) -> String {
    let md = super::markdown::render(r);
    format!(
        "<!doctype html><meta charset=\"utf-8\"><pre>{}</pre>\n{}\n",
        md.replace('&', "&amp;").replace('<', "&lt;"),
        super::markdown::integrity_marker(r)
    )
}
