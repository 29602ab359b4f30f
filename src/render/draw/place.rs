//! Where a label goes: the first place near its point, in order of distance, whose box stays inside the
//! plot and touches no label already placed, no marker dot and no series polyline (checked segment by
//! segment). Labels of markers that share an x (the options' costs at a marked volume, the prices at
//! either end) are placed together as a column kept in the order of their markers, so the top label
//! belongs to the top line.

use super::doc::Rect;

/// What a label must keep clear of.
pub struct Obstacles {
    /// The plotting area: a label stays inside it.
    pub area: Rect,
    /// Label boxes and marker dots.
    pub boxes: Vec<Rect>,
    /// Series polylines, in pixels.
    pub lines: Vec<Vec<(f64, f64)>>,
    /// Lines best avoided but crossed when nothing else is free (the dashed guides).
    pub soft: Vec<Vec<(f64, f64)>>,
}

/// How a candidate fares: whether it is inside the area, and how many hard and soft obstacles it hits.
fn cost(o: &Obstacles, r: &Rect, pad: f64) -> (bool, usize, usize) {
    let inside = r.inside(&o.area);
    let grown = Rect::new(r.x0 - pad, r.y0 - pad, r.x1 + pad, r.y1 + pad);
    let boxes = o.boxes.iter().filter(|b| b.overlaps(r)).count();
    let hits = |lines: &[Vec<(f64, f64)>]| {
        lines
            .iter()
            .map(|l| {
                l.windows(2)
                    .filter(|w| {
                        w[0].0.max(w[1].0) >= grown.x0
                            && w[0].0.min(w[1].0) <= grown.x1
                            && grown.hit_by(w[0], w[1])
                    })
                    .count()
            })
            .sum::<usize>()
    };
    (inside, boxes + hits(&o.lines), hits(&o.soft))
}

impl Obstacles {
    /// Whether the box is inside the area and clear of every hard obstacle (and of the soft ones when
    /// `soft`), keeping `pad` pixels from the lines.
    pub fn free(&self, r: &Rect, pad: f64, soft: bool) -> bool {
        let (inside, hard, s) = cost(self, r, pad);
        inside && hard == 0 && (!soft || s == 0)
    }

    /// The first free box of `candidates` (clear of the soft obstacles too, else of the hard ones only),
    /// else the inside one that hits the fewest.
    pub fn best(&self, candidates: &[Rect], pad: f64) -> Option<Rect> {
        for soft in [true, false] {
            if let Some(r) = candidates.iter().find(|r| self.free(r, pad, soft)) {
                return Some(*r);
            }
        }
        candidates
            .iter()
            .map(|r| (r, cost(self, r, pad)))
            .filter(|(_, c)| c.0)
            .min_by_key(|(_, c)| (c.1, c.2))
            .map(|(r, _)| *r)
            .or_else(|| candidates.first().copied())
    }
}

/// A label to place beside a point: its point and its box's size.
#[derive(Debug, Clone, Copy)]
pub struct Want {
    pub at: (f64, f64),
    pub w: f64,
    pub h: f64,
}

/// The boxes of a column of labels beside points sharing (about) one x, in the order of the points'
/// y, `gap` apart, with the column `dx` from the points (negative: to the left) and shifted by
/// `shift` from where each point would centre its label.
fn column_at(wants: &[Want], dx: f64, shift: f64, gap: f64, area: &Rect) -> Vec<Rect> {
    let mut tops: Vec<f64> = wants.iter().map(|w| w.at.1 - w.h / 2.0 + shift).collect();
    for k in 1..tops.len() {
        let floor = tops[k - 1] + wants[k - 1].h + gap;
        tops[k] = tops[k].max(floor);
    }
    // Pushed back up from the bottom edge, then down from the top, in order.
    if let (Some(last), Some(w)) = (tops.last().copied(), wants.last()) {
        let over = last + w.h - area.y1;
        if over > 0.0 {
            tops.iter_mut().for_each(|t| *t -= over);
        }
    }
    if let Some(first) = tops.first().copied() {
        let under = area.y0 - first;
        if under > 0.0 {
            tops.iter_mut().for_each(|t| *t += under);
        }
    }
    wants
        .iter()
        .zip(tops)
        .map(|(w, top)| {
            let x0 = if dx >= 0.0 {
                w.at.0 + dx
            } else {
                w.at.0 + dx - w.w
            };
            Rect::new(x0, top, x0 + w.w, top + w.h)
        })
        .collect()
}

/// Places a column of labels (the points sorted by y, top first): the nearest offset, right then left
/// of the points (left first in the right half of the plot), and vertical shift at which every box is
/// free; else the one with the fewest hits. Returns the boxes in the order given.
pub fn column(o: &Obstacles, wants: &[Want], unit: f64, pad: f64) -> Vec<Rect> {
    if wants.is_empty() {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..wants.len()).collect();
    order.sort_by(|a, b| wants[*a].at.1.total_cmp(&wants[*b].at.1));
    let sorted: Vec<Want> = order.iter().map(|k| wants[*k]).collect();
    let x = sorted[0].at.0;
    let right_first = x < (o.area.x0 + o.area.x1) / 2.0;
    let max_h = sorted.iter().map(|w| w.h).fold(0.0, f64::max);
    let mut candidates: Vec<(f64, Vec<Rect>)> = Vec::new();
    for dist in [1.0, 2.0, 4.0, 7.0, 11.0, 16.0, 24.0, 34.0] {
        let d = unit * dist;
        for side in [right_first, !right_first] {
            let dx = if side { d } else { -d };
            for k in 0..24 {
                // 0, -1, +1, -2, +2 ... half label heights up and down.
                let s = ((k + 1) / 2) as f64 * if k % 2 == 1 { -1.0 } else { 1.0 };
                let shift = s * max_h * 0.75;
                let boxes = column_at(&sorted, dx, shift, unit * 0.4, &o.area);
                let score = d + shift.abs() * 1.3;
                candidates.push((score, boxes));
            }
        }
    }
    candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
    let fits = |boxes: &[Rect], soft: bool| boxes.iter().all(|r| o.free(r, pad, soft));
    let chosen = [true, false]
        .iter()
        .find_map(|soft| candidates.iter().find(|(_, b)| fits(b, *soft)))
        .or_else(|| {
            candidates.iter().min_by_key(|(_, b)| {
                b.iter()
                    .map(|r| {
                        let c = cost(o, r, pad);
                        if c.0 {
                            c.1
                        } else {
                            1000
                        }
                    })
                    .sum::<usize>()
            })
        })
        .map(|(_, b)| b.clone())
        .unwrap_or_default();
    let mut out = vec![Rect::new(0.0, 0.0, 0.0, 0.0); wants.len()];
    for (k, r) in order.into_iter().zip(chosen) {
        out[k] = r;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obstacles() -> Obstacles {
        Obstacles {
            area: Rect::new(0.0, 0.0, 400.0, 300.0),
            boxes: vec![],
            lines: vec![vec![(0.0, 150.0), (400.0, 150.0)]],
            soft: vec![],
        }
    }

    #[test]
    fn a_label_keeps_off_the_line_through_its_point() {
        let o = obstacles();
        let w = Want {
            at: (100.0, 150.0),
            w: 80.0,
            h: 20.0,
        };
        let r = column(&o, &[w], 10.0, 2.0);
        assert!(o.free(&r[0], 2.0, true), "{r:?}");
    }

    #[test]
    fn a_column_keeps_the_order_of_its_points() {
        let o = obstacles();
        let wants = [
            Want {
                at: (200.0, 160.0),
                w: 60.0,
                h: 20.0,
            },
            Want {
                at: (200.0, 140.0),
                w: 60.0,
                h: 20.0,
            },
            Want {
                at: (200.0, 152.0),
                w: 60.0,
                h: 20.0,
            },
        ];
        let r = column(&o, &wants, 10.0, 2.0);
        assert!(r[1].y1 <= r[2].y0 && r[2].y1 <= r[0].y0, "{r:?}");
        assert!(r.iter().all(|b| o.free(b, 2.0, true)), "{r:?}");
    }
}
