//! `newsdex facets [FIELD]`.

use std::process::ExitCode;

use newsdex_core::schema::Facet;
use newsdex_query::render::text::facet_lines;

use super::{open_for_reading, UsageError};
use crate::cli::FacetsCmd;
use crate::output::{print, Output};

pub fn run(cmd: FacetsCmd, out: Output) -> anyhow::Result<ExitCode> {
    let fields: Vec<&str> = match &cmd.field {
        Some(field) => vec![field
            .parse::<Facet>()
            .map_err(|err| UsageError(err.to_string()))?
            .as_str()],
        None => Facet::ALL.map(Facet::as_str).to_vec(),
    };
    let index = open_for_reading(&cmd.index, out)?;
    let request = newsdex_query::SearchRequest::new("*").limit(0).facets(true);
    let results = newsdex_query::search(&index, &request)?;
    if cmd.json {
        let map: serde_json::Map<String, serde_json::Value> = fields
            .iter()
            .map(|f| {
                let counts = results.facets.get(*f).cloned().unwrap_or_default();
                (
                    f.to_string(),
                    serde_json::to_value(counts).unwrap_or_default(),
                )
            })
            .collect();
        print(&newsdex_query::render::json::to_string_pretty(&map)?)?;
    } else {
        let mut text = String::new();
        for field in &fields {
            let counts = results.facets.get(*field).cloned().unwrap_or_default();
            if fields.len() > 1 {
                text.push_str(&format!("{field}\n"));
            }
            text.push_str(&facet_lines(&counts));
        }
        print(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}
