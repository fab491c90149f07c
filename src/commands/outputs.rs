//! An output never destroys an input: a file a command writes (`-o`) that
//! is one of the files it reads (the query file, the saved graph, a source
//! document) is refused before any work. Files are compared by device and
//! inode, so a symbolic link, a `..` path or a hard link to an input is
//! caught too.

use std::path::PathBuf;

use crate::cli::{ExportArgs, ExportWhat, SourceArgs};
pub use crate::output_file::{refuse_input_as_output, Input};

/// The files a command reads from its source options (`--graph`, `--data`)
/// and its document arguments.
pub fn source_inputs(sources: &SourceArgs, files: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    if let Some(graph) = &sources.graph {
        inputs.push(Input {
            path: graph.clone(),
            role: "saved graph",
        });
    }
    for file in files {
        inputs.push(Input {
            path: file.clone(),
            role: "plan document",
        });
    }
    if let Some(dir) = &sources.data {
        // Every entry, not only the *.txt the loader keeps: overwriting any
        // file of the data directory through -o is a mistake worth a word.
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                inputs.push(Input {
                    path: entry.path(),
                    role: "plan document",
                });
            }
        }
    }
    inputs
}

/// Refuses the files `export -o FILE` (or `\export … -o FILE`) would write
/// when one of them is one of `inputs` or the export's own query file: FILE,
/// or for CSV `FILE.nodes.csv` and `FILE.edges.csv`.
pub fn refuse_export_output(args: &ExportArgs, inputs: &[Input]) -> anyhow::Result<()> {
    let Some(path) = &args.output else {
        return Ok(());
    };
    let mut inputs = inputs.to_vec();
    if let ExportWhat::Query { file } = &args.what {
        inputs.push(Input {
            path: file.clone(),
            role: "query file",
        });
    }
    let (nodes, edges) = crate::export::csv::csv_paths(path);
    for output in [path, &nodes, &edges] {
        refuse_input_as_output(output, &inputs)?;
    }
    Ok(())
}
