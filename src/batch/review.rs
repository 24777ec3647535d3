//! `--review review.html`: one self-contained page a person can listen through before a
//! batch ships. Per row: its id, text, voice, duration, loudness and peak, its status
//! (and error), a play button (`<audio>` with a path relative to the page, so the folder
//! can be zipped and sent) and a small waveform drawn by the tool from the decoded
//! samples (inline SVG). Filters for failed rows and loudness outliers; space plays the
//! current row, j/k move. No framework, no network: plain HTML, CSS and a little script.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::events::JoinEvent;
use super::plan::Plan;
use super::row::{RowResult, RowStatus};
use super::run::ReviewPage;
use crate::audio::finish::Overview;
use crate::error::CliError;
use crate::report;

/// One row of the page.
pub struct ReviewRow {
    pub id: String,
    pub text: String,
    pub voice: String,
    pub status: &'static str,
    pub error: Option<String>,
    /// The audio file, and (in a production) the row's span in it (ms).
    pub audio: Option<PathBuf>,
    pub span: Option<(u64, u64)>,
    pub overview: Option<Overview>,
}

/// A loudness more than this far from the median is an outlier.
const OUTLIER_LU: f64 = 3.0;
const BINS: usize = 96;

pub fn bins() -> usize {
    BINS
}

/// Writes the page to `path` (atomically, like any output).
pub fn write(path: &Path, title: &str, rows: &[ReviewRow]) -> Result<(), CliError> {
    let page = render(path, title, rows);
    crate::sink::write_file(path, page.as_bytes())?;
    Ok(())
}

fn render(path: &Path, title: &str, rows: &[ReviewRow]) -> String {
    let page_dir = absolute(path.parent().unwrap_or(Path::new(".")));
    let mut louds: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.overview.as_ref()?.integrated_lufs)
        .collect();
    louds.sort_by(f64::total_cmp);
    let median = louds.get(louds.len() / 2).copied();
    let failed = rows.iter().filter(|r| r.status == "failed").count();
    let body: String = rows
        .iter()
        .enumerate()
        .map(|(i, row)| table_row(i, row, &page_dir, median))
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; media-src 'self' file:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\
<title>{title}</title><style>{STYLE}</style></head><body>\
<header><h1>{title}</h1><p>{rows} rows · {failed} failed · median loudness {median} · \
<label><input type=\"checkbox\" id=\"only-failed\"> failed only</label> \
<label><input type=\"checkbox\" id=\"only-outliers\"> loudness outliers only (±{OUTLIER_LU} LU)</label> · \
<kbd>space</kbd> play · <kbd>j</kbd>/<kbd>k</kbd> next/previous</p></header>\
<table><thead><tr><th>#</th><th>id</th><th>text</th><th>voice</th><th>length</th><th>loudness</th><th>peak</th><th>status</th><th></th><th>waveform</th></tr></thead>\
<tbody>\n{body}</tbody></table><script>{SCRIPT}</script></body></html>\n",
        title = html(title),
        rows = rows.len(),
        median = median.map_or("–".into(), |m| format!("{m:.1} LUFS")),
    )
}

/// One row of the table: a loudness outlier against the `median` is marked, and the
/// audio is named relative to the page's directory (a production's span appended).
fn table_row(i: usize, row: &ReviewRow, page_dir: &Path, median: Option<f64>) -> String {
    let overview = row.overview.as_ref();
    let loudness = overview.and_then(|o| o.integrated_lufs);
    let outlier = matches!((loudness, median), (Some(l), Some(m)) if (l - m).abs() > OUTLIER_LU);
    let src = row.audio.as_ref().map(|a| {
        let mut rel = relative(page_dir, &absolute(a));
        if let Some((start, end)) = row.span {
            rel.push_str(&format!(
                "#t={:.3},{:.3}",
                start as f64 / 1000.0,
                end as f64 / 1000.0
            ));
        }
        rel
    });
    let duration = match (row.span, overview) {
        (Some((s, e)), _) => Some(e - s),
        (None, Some(o)) => Some(o.duration_ms),
        _ => None,
    };
    format!(
        "<tr id=\"r{i}\" class=\"row{}{}\" data-status=\"{}\"{}>\
         <td class=\"n\">{}</td><td class=\"id\">{}</td><td class=\"text\">{}{}</td><td>{}</td>\
         <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td class=\"status\">{}</td><td class=\"play\">{}</td><td class=\"wave\">{}</td></tr>\n",
        if row.status == "failed" {
            " failed"
        } else {
            ""
        },
        if outlier { " outlier" } else { "" },
        row.status,
        if outlier { " data-outlier=\"1\"" } else { "" },
        i + 1,
        html(&row.id),
        html(&row.text),
        row.error
            .as_deref()
            .map(|e| format!("<div class=\"error\">{}</div>", html(e)))
            .unwrap_or_default(),
        html(&row.voice),
        duration.map_or("–".into(), |ms| format!("{:.1} s", ms as f64 / 1000.0)),
        loudness.map_or("–".into(), |l| format!("{l:.1} LUFS")),
        overview
            .and_then(|o| o.true_peak_dbtp)
            .map_or("–".into(), |p| format!("{p:.1} dBTP")),
        row.status,
        match &src {
            Some(src) => format!(
                "<button type=\"button\" aria-label=\"play row {}\">▶</button><audio preload=\"metadata\" src=\"{}\"></audio>",
                i + 1,
                html(src)
            ),
            None => String::new(),
        },
        overview.map(waveform).unwrap_or_default(),
    )
}

/// An inline SVG of the peaks, mirrored around the middle.
fn waveform(overview: &Overview) -> String {
    let n = overview.peaks.len().max(1);
    let mut path = String::new();
    for (i, peak) in overview.peaks.iter().enumerate() {
        let h = (peak.clamp(0.0, 1.0) * 14.0).max(0.3);
        path.push_str(&format!("M{i} {:.1}V{:.1}", 15.0 - h, 15.0 + h));
    }
    format!(
        "<svg viewBox=\"0 0 {n} 30\" width=\"192\" height=\"30\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><path d=\"{path}\" stroke=\"currentColor\" stroke-width=\"0.8\"/></svg>"
    )
}

fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in report::sanitized(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Lexically: the files may not all exist yet, and a link stays a link.
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `to` relative to the directory `from`, with `/` and each part percent-encoded as a URL.
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> =
        std::iter::repeat_n("..".to_string(), from.len() - common).collect();
    parts.extend(to_parts[common..].iter().map(|c| {
        percent_encoding::utf8_percent_encode(
            &c.as_os_str().to_string_lossy(),
            percent_encoding::NON_ALPHANUMERIC,
        )
        .to_string()
        .replace("%2E", ".")
        .replace("%2D", "-")
        .replace("%5F", "_")
    }));
    parts.join("/")
}

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}\
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:8px 16px}\
h1{font-size:18px;margin:0 0 4px}header p{margin:0;color:#555}\
table{border-collapse:collapse;width:100%}th,td{padding:6px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}\
th{background:#f0f0f0;font-weight:600}td.num{white-space:nowrap;text-align:right}td.n{color:#888}\
td.text{max-width:36em}tr.current{background:#e8f0fe}tr.failed td.status{color:#b00020;font-weight:600}\
tr.outlier td.num{color:#a15c00}div.error{color:#b00020;font-size:12px}\
tr.missing td.play::after{content:' file missing';color:#b00020}\
button{font-size:14px;width:2.2em}td.wave{color:#3366cc}kbd{border:1px solid #bbb;border-radius:3px;padding:0 3px}";

const SCRIPT: &str = "(function(){\
var rows=Array.prototype.slice.call(document.querySelectorAll('tbody tr'));var cur=-1;\
function visible(){return rows.filter(function(r){return r.style.display!=='none';});}\
function select(r){rows.forEach(function(x){x.classList.remove('current');});if(r){r.classList.add('current');r.scrollIntoView({block:'nearest'});cur=rows.indexOf(r);}}\
function audioOf(r){return r?r.querySelector('audio'):null;}\
function toggle(r){var a=audioOf(r);if(!a)return;document.querySelectorAll('audio').forEach(function(o){if(o!==a)o.pause();});\
if(a.paused){var p=a.play();if(p&&p.catch)p.catch(function(){});}else{a.pause();}}\
rows.forEach(function(r){var a=audioOf(r);var b=r.querySelector('button');\
if(a){r.dataset.audio='loading';a.addEventListener('loadedmetadata',function(){r.dataset.audio='ok';});\
a.addEventListener('error',function(){r.dataset.audio='missing';r.classList.add('missing');});}\
if(b)b.addEventListener('click',function(){select(r);toggle(r);});r.addEventListener('click',function(){select(r);});});\
function filter(){var f=document.getElementById('only-failed').checked,o=document.getElementById('only-outliers').checked;\
rows.forEach(function(r){var show=(!f||r.dataset.status==='failed')&&(!o||r.dataset.outlier==='1');r.style.display=show?'':'none';});}\
document.getElementById('only-failed').addEventListener('change',filter);document.getElementById('only-outliers').addEventListener('change',filter);\
document.addEventListener('keydown',function(e){if(e.target&&e.target.tagName==='INPUT')return;var v=visible();if(!v.length)return;\
var i=v.indexOf(rows[cur]);if(e.key==='j'){select(v[Math.min(i+1,v.length-1)]);e.preventDefault();}\
else if(e.key==='k'){select(v[Math.max(i-1,0)]);e.preventDefault();}\
else if(e.key===' '){if(i<0){select(v[0]);}toggle(rows[cur]);e.preventDefault();}});\
if(rows.length)select(rows[0]);})();";

/// The review page of a batch: every row, in manifest order, playable (a production's
/// rows play their span of the joined file).
pub fn write_review(
    page: &ReviewPage,
    production: Option<&Path>,
    plan: &Plan,
    rows: &[RowResult],
    joined: Option<&JoinEvent>,
) -> Result<(), CliError> {
    let mut sorted: Vec<&RowResult> = rows.iter().collect();
    sorted.sort_by_key(|r| r.job.number);
    // A production's rows play their span of the joined file (once it is joined).
    let joined_file = production.filter(|_| joined.is_some());
    let spans: HashMap<&str, (u64, u64)> = joined
        .map(|j| {
            j.timeline
                .iter()
                .map(|r| (r.id.as_str(), (r.start_ms, r.end_ms)))
                .collect()
        })
        .unwrap_or_default();
    let review_rows: Vec<ReviewRow> = sorted
        .iter()
        .map(|row| {
            let mut shown = review_row(row, plan, production.is_some(), joined_file);
            shown.span = production.and_then(|_| spans.get(row.job.id.as_str()).copied());
            shown
        })
        .collect();
    write(&page.path, &page.title, &review_rows)
}

/// A row of the page: its audio is its own file, or (`joined_file`) the production's.
fn review_row(
    row: &RowResult,
    plan: &Plan,
    in_production: bool,
    joined_file: Option<&Path>,
) -> ReviewRow {
    let job = row.job;
    let spec = job.request.spec();
    let output = plan.output(job);
    let made = row.status != RowStatus::Failed && output.is_file();
    let overview = made
        .then(|| {
            crate::audio::finish::overview(&output, spec.format, spec.pcm_layout(), bins()).ok()
        })
        .flatten();
    let audio = match (in_production, made) {
        (true, true) => joined_file.map(Path::to_path_buf),
        (false, true) => Some(output.clone()),
        _ => None,
    };
    ReviewRow {
        id: job.id.clone(),
        text: job.request.segments.join(" "),
        voice: format!(
            "{} {}",
            spec.provider().flag_value(),
            spec.voice.as_deref().unwrap_or("(default voice)")
        ),
        status: row.status.name(),
        error: row.error.as_ref().map(|e| e.message.clone()),
        span: None,
        audio,
        overview,
    }
}
