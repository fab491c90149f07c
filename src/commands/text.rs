//! `plangraph text FILES…`: the text the ingest reads from each document,
//! as `pdftotext` prints a PDF's. When a document gives fewer tasks than
//! it prints, this shows what the readers made of it: which lines a web
//! page's article kept, how a Word table's rows read, where a PDF's
//! paragraphs were joined.

use std::io::Write;

use crate::cli::TextArgs;
use crate::commands::documents;
use crate::ingest::extract;
use crate::model::Diagnostic;

pub fn run(args: &TextArgs) -> anyhow::Result<()> {
    let paths = documents::without_repeats(args.files.clone());
    let names = documents::document_names(&paths);
    let several = paths.len() > 1;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (index, (path, name)) in paths.iter().zip(names).enumerate() {
        let source = documents::read_document(path, name)?;
        let extracted = extract::extract(&source.name, &source.bytes)?;
        if several {
            if index > 0 {
                writeln!(out)?;
            }
            writeln!(out, "==> {} <==", source.name)?;
        }
        for (number, line) in (1..).zip(extracted.text.lines()) {
            if args.line_number {
                write!(out, "{number}")?;
                if let Some(page) = extracted.page(number) {
                    write!(out, " (page {page})")?;
                }
                if let Some(cell) = extracted.cells.get(&number) {
                    write!(out, " ({cell})")?;
                }
                writeln!(out, ": {line}")?;
            } else {
                writeln!(out, "{line}")?;
            }
        }
        // After the text, so that a note is not lost among its lines when
        // both go to the terminal.
        out.flush()?;
        for (line, severity, message) in &extracted.notes {
            let diagnostic = Diagnostic {
                file: source.name.clone(),
                line: *line,
                severity: *severity,
                message: message.clone(),
            };
            crate::stderr_line!("{diagnostic}");
        }
    }
    out.flush()?;
    Ok(())
}
