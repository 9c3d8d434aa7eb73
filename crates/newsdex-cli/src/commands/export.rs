//! `newsdex search --all --format csv|jsonl`: every hit streamed to stdout.

use std::io::{BufWriter, Write};

use newsdex_core::NewsIndex;
use newsdex_query::render::research::{CsvExport, JsonlExport};
use newsdex_query::{export, SearchRequest};

use super::kwic::query_error;
use crate::output::Output;
use crate::research_cli::ExportFormat;

/// Writes every hit of `request` to stdout as it is read.
pub fn run(
    index: &NewsIndex,
    request: &SearchRequest,
    format: ExportFormat,
    out: Output,
) -> anyhow::Result<()> {
    let stdout = BufWriter::new(std::io::stdout().lock());
    let written = match format {
        ExportFormat::Csv => {
            let mut sink = CsvExport::new(stdout);
            let written =
                export(index, request, &mut sink).map_err(|e| query_error(e, &request.query))?;
            sink.finish()?.flush()?;
            written
        }
        ExportFormat::Jsonl => {
            let mut sink = JsonlExport::new(stdout);
            let written =
                export(index, request, &mut sink).map_err(|e| query_error(e, &request.query))?;
            sink.finish()?.flush()?;
            written
        }
    };
    out.message(&format!("exported {written} articles"));
    Ok(())
}
