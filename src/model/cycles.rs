//! Reference cycles: a plan that, through others, carries out itself (`implements:`), a
//! document that, through others, cites itself as a basis (`bases:`), a
//! campaign that, through others, is its own predecessor (`predecessor:` / `successor:`).
//!
//! Each is valid YAML and each reference exists, so only the chain as a whole is wrong; it is
//! refused with the cycle spelled out. Found in time linear in the references (a depth-first
//! search with three colours, written here because it is a dozen lines over our own indexes).

/// Every cycle of the directed graph `next` (node → the nodes it refers to), each once, listed
/// in reference order starting at its smallest node. Self-references are left to the caller,
/// who names them as such.
pub(crate) fn cycles(next: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    let mut colour = vec![NEW; next.len()];
    let mut out = Vec::new();
    for start in 0..next.len() {
        if colour[start] != NEW {
            continue;
        }
        // The path being explored, each node with the index of its next reference to follow.
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        colour[start] = OPEN;
        while let Some((v, k)) = path.last().copied() {
            let Some(&w) = next[v].get(k) else {
                colour[v] = 2;
                path.pop();
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            if w == v {
                continue;
            }
            match colour[w] {
                NEW => {
                    colour[w] = OPEN;
                    path.push((w, 0));
                }
                OPEN => {
                    let at = path.iter().position(|&(x, _)| x == w).unwrap_or(0);
                    let mut c: Vec<usize> = path[at..].iter().map(|&(x, _)| x).collect();
                    let min = c.iter().enumerate().min_by_key(|&(_, x)| *x).map_or(0, |(i, _)| i);
                    c.rotate_left(min);
                    out.push(c);
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_cycle_once_and_ignores_chains_that_end() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 1 joins it without being in it; 4 → 5 ends.
        let next = vec![vec![1], vec![2], vec![0], vec![1], vec![5], vec![], vec![6]];
        assert_eq!(cycles(&next), vec![vec![0, 1, 2]]);
        // Started from inside: the cycle is still listed from its smallest node.
        let next = vec![vec![], vec![3], vec![1], vec![2]];
        assert_eq!(cycles(&next), vec![vec![1, 3, 2]]);
        // Two references from one node, one of them a self-reference.
        let next = vec![vec![0, 1], vec![0]];
        assert_eq!(cycles(&next), vec![vec![0, 1]]);
        assert!(cycles(&[vec![], vec![0]]).is_empty());
    }

    #[test]
    fn a_long_chain_is_linear_and_does_not_overflow_the_stack() {
        let n = 200_000;
        let mut next: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        next[n - 1] = vec![0];
        let c = cycles(&next);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].len(), n);
    }
}
