//! The template review's chart: each REST API's monthly bill now and as an HTTP API with the priced
//! workarounds its move needs, two bars per API, from the review's own amounts (to the cent).

use rust_decimal::Decimal;

use super::{colour, f, money, Axis, Bar, BarPanel, Chart, Panel, Scale, Ticks};
use crate::model::api::ApiKind;

/// One priced REST API of a template: its name, its bill now and after the move (HTTP plus the priced
/// workarounds), and what it becomes (an HTTP API, or HTTP API + CloudFront + WAF).
pub struct Move {
    pub name: String,
    pub now: Decimal,
    pub after: Decimal,
    pub becomes: ApiKind,
}

/// Two bars per API (now, after the move), in the review's order; `None` with no priced API.
pub fn template(template: &str, moves: &[Move]) -> Option<Chart> {
    if moves.is_empty() {
        return None;
    }
    let max = moves
        .iter()
        .flat_map(|m| [f(m.now), f(m.after)])
        .fold(0f64, f64::max);
    let mut bars = Vec::new();
    for m in moves {
        bars.push(Bar {
            label: format!("{} · now (REST API)", m.name),
            value: f(m.now),
            value_label: money(m.now),
            colour: colour(ApiKind::Rest),
        });
        bars.push(Bar {
            label: format!("{} · as {}", m.name, after_name(m.becomes)),
            value: f(m.after),
            value_label: money(m.after),
            colour: colour(m.becomes),
        });
    }
    Some(Chart {
        title: format!("Monthly bill of each REST API now and moved to HTTP: {template}"),
        subtitle: "each API's traffic and region as in the review's Inputs · after the move: the HTTP API plus the workarounds priced".into(),
        panels: vec![Panel::Bars(BarPanel {
            caption: String::new(),
            value_axis: Axis {
                label: "Monthly cost, USD".into(),
                min: 0.0,
                max: if max > 0.0 { max * 1.16 } else { 1.0 },
                scale: Scale::Linear,
                ticks: Ticks::Money,
            },
            bars,
        })],
        notes: vec![
            "An API that stays on REST keeps its bill: the bar after the move is what it would cost, not a saving.".into(),
        ],
    })
}

fn after_name(kind: ApiKind) -> &'static str {
    match kind {
        ApiKind::HttpCloudFrontWaf => "HTTP API + CloudFront + WAF",
        ApiKind::HttpCloudFront => "HTTP API + CloudFront",
        _ => "HTTP API",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_bars_per_api_with_exact_labels() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let c = template(
            "t.yaml",
            &[Move {
                name: "orders".into(),
                now: d("140.00"),
                after: d("44.40"),
                becomes: ApiKind::Http,
            }],
        )
        .unwrap();
        let Panel::Bars(p) = &c.panels[0] else {
            panic!("bars")
        };
        let labels: Vec<(&str, &str)> = p
            .bars
            .iter()
            .map(|b| (b.label.as_str(), b.value_label.as_str()))
            .collect();
        assert_eq!(
            labels,
            [
                ("orders · now (REST API)", "$140.00"),
                ("orders · as HTTP API", "$44.40")
            ]
        );
        assert!(template("t.yaml", &[]).is_none());
    }
}
