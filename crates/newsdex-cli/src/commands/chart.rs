//! `newsdex timeline --svg/--png`: the timeline as a line chart (feature
//! `charts`). plotters draws the SVG (text as SVG text); the PNG is that
//! SVG drawn to pixels by resvg with DejaVu Sans from the `dejavu` crate,
//! so neither needs a system font.

use std::path::Path;

use anyhow::Context;
use newsdex_query::render::text::printable_line;
use newsdex_query::Timeline;
use plotters::prelude::*;

/// Chart size in pixels.
const SIZE: (u32, u32) = (960, 480);

/// Series drawn at most; the others are summed into "other".
const MAX_SERIES: usize = 8;

/// Line colours (the "tab10" palette, readable on white).
const COLORS: [RGBColor; MAX_SERIES] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x17, 0xbe, 0xcf),
];

/// Writes the chart as SVG to `path`.
pub fn write_svg(timeline: &Timeline, path: &Path) -> anyhow::Result<()> {
    let svg = svg(timeline)?;
    std::fs::write(path, svg).with_context(|| format!("cannot write {}", path.display()))
}

/// Writes the chart as PNG to `path`.
pub fn write_png(timeline: &Timeline, path: &Path) -> anyhow::Result<()> {
    use resvg::{tiny_skia, usvg};
    let svg = svg(timeline)?;
    let mut options = usvg::Options::default();
    {
        let fonts = options.fontdb_mut();
        fonts.load_font_data(dejavu::sans::regular().to_vec());
        fonts.set_sans_serif_family("DejaVu Sans");
    }
    let tree = usvg::Tree::from_str(&svg, &options).context("cannot read the chart's SVG")?;
    let size = tree.size().to_int_size();
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).context("chart too large to draw")?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let png = pixmap.encode_png().context("cannot encode the PNG")?;
    std::fs::write(path, png).with_context(|| format!("cannot write {}", path.display()))
}

/// One line of the chart: its legend label and a value per period.
struct Line {
    label: String,
    values: Vec<f64>,
}

fn lines(timeline: &Timeline) -> Vec<Line> {
    let of = |series: Option<&str>| -> Vec<f64> {
        timeline.buckets.iter().map(|b| b.value(series)).collect()
    };
    if timeline.series.is_empty() {
        return vec![Line {
            label: "matching articles".into(),
            values: of(None),
        }];
    }
    let mut out: Vec<Line> = timeline
        .series
        .iter()
        .take(MAX_SERIES)
        .map(|s| Line {
            // Article text: no control character reaches the SVG.
            label: printable_line(&s.label).into_owned(),
            values: of(Some(&s.value)),
        })
        .collect();
    if timeline.series.len() > MAX_SERIES {
        // The others, summed (an article with two of them counts twice).
        let rest = &timeline.series[MAX_SERIES - 1..];
        let values = timeline
            .buckets
            .iter()
            .map(|b| rest.iter().map(|s| b.value(Some(&s.value))).sum())
            .collect();
        out.truncate(MAX_SERIES - 1);
        out.push(Line {
            label: format!("{} others", rest.len()),
            values,
        });
    }
    out
}

/// The chart as an SVG document.
fn svg(timeline: &Timeline) -> anyhow::Result<String> {
    let mut out = String::new();
    draw(timeline, &mut out).map_err(|err| anyhow::anyhow!("cannot draw the chart: {err}"))?;
    Ok(out)
}

fn draw(timeline: &Timeline, out: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(out, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let lines = lines(timeline);
    let periods = timeline.buckets.len().max(1);
    let max = lines
        .iter()
        .flat_map(|l| l.values.iter().copied())
        .fold(0.0, f64::max);
    let total_max = timeline
        .buckets
        .iter()
        .map(|b| b.value(None))
        .fold(max, f64::max);
    let y_max = if total_max <= 0.0 {
        1.0
    } else {
        total_max * 1.5
    };
    let per = match timeline.interval {
        newsdex_query::Interval::Day => "day",
        newsdex_query::Interval::Week => "week",
        newsdex_query::Interval::Month => "month",
        newsdex_query::Interval::Year => "year",
    };
    let query = if timeline.query.trim().is_empty() {
        "filters".to_string()
    } else {
        format!("“{}”", printable_line(&timeline.query))
    };
    let caption = match (&timeline.split, timeline.normalized) {
        (Some(split), _) => format!("{query}: articles per {per}, by {split}"),
        (None, _) => format!("{query}: articles per {per}"),
    };
    let labels: Vec<String> = timeline.buckets.iter().map(|b| b.label.clone()).collect();
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d(-0.5f64..(periods as f64 - 0.5), 0.0f64..y_max)?;
    let normalized = timeline.normalized;
    chart
        .configure_mesh()
        .x_labels(periods.min(12))
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            labels.get(i as usize).cloned().unwrap_or_default()
        })
        .y_label_formatter(&|y| {
            if normalized {
                format!("{:.0}%", y * 100.0)
            } else if y.fract().abs() < 1e-9 {
                format!("{y:.0}")
            } else {
                String::new()
            }
        })
        .x_desc(format!(
            "{per} ({} to {})",
            first_label(timeline),
            last_label(timeline)
        ))
        .y_desc(if normalized {
            "share of all articles indexed that period"
        } else {
            "matching articles"
        })
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 15))
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    if !timeline.series.is_empty() {
        // Every matching article, behind the split's lines.
        let grey = RGBColor(0x99, 0x99, 0x99);
        let total: Vec<(f64, f64)> = timeline
            .buckets
            .iter()
            .enumerate()
            .map(|(i, b)| (i as f64, b.value(None)))
            .collect();
        chart
            .draw_series(LineSeries::new(total, grey.mix(0.6).stroke_width(6)))?
            .label("all matching articles")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], grey.mix(0.6).stroke_width(6))
            });
    }
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        // Lines that coincide stay visible: each is nudged a little sideways.
        let nudge = if count > 1 {
            (i as f64 - (count - 1) as f64 / 2.0) * 0.012
        } else {
            0.0
        };
        let points: Vec<(f64, f64)> = line
            .values
            .iter()
            .enumerate()
            .map(|(x, &y)| (x as f64 + nudge, y))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
            .label(line.label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
        chart.draw_series(
            points
                .into_iter()
                .map(|(x, y)| Circle::new((x, y), 4, color.filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .label_font(("sans-serif", 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .position(SeriesLabelPosition::UpperRight)
        .draw()?;
    root.present()?;
    Ok(())
}

fn first_label(timeline: &Timeline) -> &str {
    timeline.buckets.first().map_or("", |b| b.label.as_str())
}

fn last_label(timeline: &Timeline) -> &str {
    timeline.buckets.last().map_or("", |b| b.label.as_str())
}
