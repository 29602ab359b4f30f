//! Which workload inputs were given as ranges, on the command line or in the profile, and the flags
//! that set how they are drawn. A range flag's value parser hands the point pipeline the range's
//! median (`model::uncertainty::parse`); the range itself is read again here from the text as typed
//! (`Global::typed`) or as the profile wrote it, so every command that prices one point keeps working
//! on the median, and the commands that price ranges (compare, project, review, sensitivity) find them.

use super::args::Global;
use super::resolve::Scenario;
pub use super::uncertainty_args::UncertaintyArgs;
use crate::error::Result;
use crate::model::profile::{LoadedProfile, Value};
use crate::model::uncertainty::{parse, Input, Range};

/// The profile's value of an input's key, if it set one.
fn profile_value(lp: &LoadedProfile, input: Input) -> Option<&Value> {
    let p = &lp.profile;
    match input {
        Input::Requests => p.requests.as_ref(),
        Input::Growth => p.growth.as_ref(),
        Input::RequestSize => p.request_size.as_ref(),
        Input::ResponseSize => p.response_size.as_ref(),
        Input::CacheHit => p.cache.as_ref()?.hit_rate.as_ref(),
        Input::Messages => p.websocket.as_ref()?.messages.as_ref(),
        Input::DurationMs => p.backend.as_ref()?.duration_ms.as_ref(),
    }
}

/// Every input given as a range: a typed flag's, else the profile's where the profile gave the input.
pub fn ranges(g: &Global, s: &Scenario) -> Result<Vec<Range>> {
    let mut out = Vec::new();
    for input in Input::ALL {
        if let Some((_, text)) = g.typed.iter().find(|(f, _)| f == input.flag()) {
            // The value parser has read it already: an error here cannot happen, a point is None.
            if let Ok(Some(dist)) = parse::parse(input, text) {
                out.push(Range {
                    input,
                    dist,
                    text: text.trim().to_string(),
                    from: "flag".into(),
                });
            }
            continue;
        }
        let Some(lp) = &s.profile else { continue };
        // The profile's volume is used only when no other volume flag was typed.
        if input == Input::Requests && s.origin_key("--requests").is_none() {
            continue;
        }
        let Some(Value::Text(text)) = profile_value(lp, input) else {
            continue;
        };
        let dist = parse::parse(input, text).map_err(|e| lp.bad_value(input.key(), text, &e))?;
        if let Some(dist) = dist {
            out.push(Range {
                input,
                dist,
                text: text.clone(),
                from: lp
                    .line_of(input.key())
                    .map_or_else(|| "profile".into(), |l| format!("profile, line {l}")),
            });
        }
    }
    Ok(out)
}

/// A range typed for a command that prices one point is refused (a profile's range prices its median
/// there, as the profile's point).
pub fn refuse_typed(g: &Global, command: &str) -> Result<()> {
    for input in Input::ALL {
        if let Some((flag, text)) = g.typed.iter().find(|(f, _)| f == input.flag()) {
            if parse::is_range(text) {
                return Err(crate::error::Error::usage(
                    flag.as_str(),
                    text.as_str(),
                    format!(
                        "a single value: `{command}` prices one point (a range is priced by compare, \
                         project, review and sensitivity)"
                    ),
                ));
            }
        }
    }
    Ok(())
}
