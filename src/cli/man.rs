//! The manual page in roff (clap_mangen), from the command definition the parser uses (`man` prints
//! it: `apigw-cost man > apigw-cost.1`). Here in the CLI: only `cli/` knows clap.

use crate::cli;
use crate::error::Result;

/// The manual page (roff): the tool and its global options, then a section per command with its
/// synopsis, what it does and its options.
pub fn page() -> Result<String> {
    let mut cmd = cli::command();
    cmd.build();
    let mut out = Vec::new();
    let page = clap_mangen::Man::new(cmd.clone());
    page.render_title(&mut out)?;
    page.render_name_section(&mut out)?;
    page.render_synopsis_section(&mut out)?;
    page.render_description_section(&mut out)?;
    page.render_options_section(&mut out)?;
    page.render_subcommands_section(&mut out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("apigw-cost {}", sub.get_name());
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        // clap names are 'static: a page is rendered once per process, so the few names are leaked.
        let leaked: &'static str = Box::leak(name.clone().into_boxed_str());
        let sec = clap_mangen::Man::new(sub.clone().name(leaked).bin_name(leaked));
        let mut part = Vec::new();
        sec.render_synopsis_section(&mut part)?;
        sec.render_options_section(&mut part)?;
        let part = String::from_utf8_lossy(&part)
            .replace(
                ".SH SYNOPSIS",
                &format!(
                    ".SH \"{}\"\n{}\n.PP",
                    name.to_uppercase(),
                    roff_text(&about)
                ),
            )
            .replace(".SH OPTIONS", ".SS Options");
        out.extend_from_slice(part.as_bytes());
    }
    page.render_version_section(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Plain text as a roff line: backslashes doubled, a leading `.` or `'` kept from being a request.
fn roff_text(s: &str) -> String {
    let t = s.replace('\\', "\\\\");
    if t.starts_with('.') || t.starts_with('\'') {
        format!("\\&{t}")
    } else {
        t
    }
}
