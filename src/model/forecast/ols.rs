//! Ordinary least squares, written out: the normal equations (X'X) b = X'y solved by Gauss-Jordan
//! elimination with partial pivoting, which also gives (X'X)^-1 for the coefficients' covariance
//! sigma^2 (X'X)^-1. At most a dozen columns, each scaled to order one (time in years from the end of
//! the history, 0/1 day-of-week indicators, sines and cosines), so the normal equations are well
//! conditioned; a column that is a combination of the others (a day of the week never seen) makes the
//! system singular and is reported, not solved.

/// The fit: coefficients, (X'X)^-1, the residual variance and the residuals in row order.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub beta: Vec<f64>,
    pub xtx_inv: Vec<Vec<f64>>,
    /// SSR / (n - p).
    pub sigma2: f64,
    pub residuals: Vec<f64>,
}

/// Least squares of `y` on the rows of `x` (n rows of p columns, n > p).
pub fn fit(x: &[Vec<f64>], y: &[f64]) -> Result<Fit, String> {
    let n = x.len();
    let p = x.first().map_or(0, Vec::len);
    if n <= p || p == 0 {
        return Err(format!("{n} observations for {p} coefficients"));
    }
    let mut xtx = vec![vec![0.0; p]; p];
    let mut xty = vec![0.0; p];
    for (row, yi) in x.iter().zip(y) {
        for a in 0..p {
            xty[a] += row[a] * yi;
            for b in 0..p {
                xtx[a][b] += row[a] * row[b];
            }
        }
    }
    let inv = invert(&xtx)?;
    let beta: Vec<f64> = (0..p)
        .map(|a| (0..p).map(|b| inv[a][b] * xty[b]).sum())
        .collect();
    let residuals: Vec<f64> = x
        .iter()
        .zip(y)
        .map(|(row, yi)| yi - dot(row, &beta))
        .collect();
    let ssr: f64 = residuals.iter().map(|e| e * e).sum();
    Ok(Fit {
        beta,
        xtx_inv: inv,
        sigma2: ssr / (n - p) as f64,
        residuals,
    })
}

pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `v' M v`.
pub fn quad(m: &[Vec<f64>], v: &[f64]) -> f64 {
    m.iter().zip(v).map(|(row, vi)| vi * dot(row, v)).sum()
}

/// The inverse of a symmetric positive definite matrix (Gauss-Jordan, partial pivoting).
fn invert(m: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, String> {
    let p = m.len();
    let mut a: Vec<Vec<f64>> = m
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut r = row.clone();
            r.extend((0..p).map(|j| if i == j { 1.0 } else { 0.0 }));
            r
        })
        .collect();
    let scale = m
        .iter()
        .map(|r| r.iter().fold(0f64, |x, v| x.max(v.abs())))
        .fold(0f64, f64::max);
    for c in 0..p {
        let piv = (c..p)
            .max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))
            .unwrap_or(c);
        if a[piv][c].abs() <= scale * 1e-12 {
            return Err(format!("column {} is a combination of the others", c + 1));
        }
        a.swap(c, piv);
        let d = a[c][c];
        a[c].iter_mut().for_each(|v| *v /= d);
        for r in 0..p {
            if r != c {
                let f = a[r][c];
                if f != 0.0 {
                    let pivot_row = a[c].clone();
                    a[r].iter_mut()
                        .zip(&pivot_row)
                        .for_each(|(v, pv)| *v -= f * pv);
                }
            }
        }
    }
    Ok(a.into_iter().map(|r| r[p..].to_vec()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_recovered_exactly_and_its_covariance_is_the_textbook_one() {
        // y = 2 + 3x on x = 0..4: no residual.
        let x: Vec<Vec<f64>> = (0..5).map(|i| vec![1.0, i as f64]).collect();
        let y: Vec<f64> = (0..5).map(|i| 2.0 + 3.0 * i as f64).collect();
        let f = fit(&x, &y).unwrap();
        assert!((f.beta[0] - 2.0).abs() < 1e-12 && (f.beta[1] - 3.0).abs() < 1e-12);
        assert!(f.sigma2 < 1e-20);
        // (X'X)^-1 for x = 0..4: [[5, 10], [10, 30]]^-1 = [[0.6, -0.2], [-0.2, 0.1]].
        assert!((f.xtx_inv[0][0] - 0.6).abs() < 1e-12);
        assert!((f.xtx_inv[1][1] - 0.1).abs() < 1e-12);
        assert!((f.xtx_inv[0][1] + 0.2).abs() < 1e-12);
    }

    #[test]
    fn noise_gives_the_unbiased_variance_and_a_singular_design_is_refused() {
        // y = 1, 3, 2, 4 on x = 0..3: b = (1.3, 0.8), residuals -0.3, 0.9, -0.9, 0.3; SSR 1.8 / 2.
        let x: Vec<Vec<f64>> = (0..4).map(|i| vec![1.0, i as f64]).collect();
        let f = fit(&x, &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert!((f.beta[0] - 1.3).abs() < 1e-12 && (f.beta[1] - 0.8).abs() < 1e-12);
        assert!((f.sigma2 - 0.9).abs() < 1e-12);
        let twice: Vec<Vec<f64>> = (0..4)
            .map(|i| vec![1.0, i as f64, 2.0 * i as f64])
            .collect();
        assert!(fit(&twice, &[1.0, 2.0, 3.0, 4.0])
            .unwrap_err()
            .contains("combination"));
    }
}
