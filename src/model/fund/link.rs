//! Each disbursement's approving decision linked to its page.

use std::collections::HashMap;

use super::types::Period;
use crate::model::records::Decision;
use crate::vi;

/// Links each disbursement's approving decision to its page, when the site has that decision.
pub(crate) fn link_decisions(periods: &mut [Period], decisions: &[Decision]) {
    let key = |s: &str| vi::nfc(s).chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let urls: HashMap<String, &str> = decisions
        .iter()
        .filter_map(|d| d.number.as_ref().map(|n| (key(&n.written), d.meta.url.as_str())))
        .collect();
    for p in periods {
        for d in &mut p.disbursements {
            if let Some(n) = &d.decision {
                d.decision_url = urls.get(&key(n)).map(|u| u.to_string());
            }
        }
    }
}
