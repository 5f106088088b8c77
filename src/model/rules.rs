//! Plan rules checked against award decisions ("findings"), one function per rule family.
//!
//! A plan states its rules as data (`quotas`, `leader_share_max`, `prerequisites`); every award
//! decision that names the plan (`plan:`) is checked against them at every build:
//!
//! - **quota** per (plan, award form, round, bucket), counted over every decision of that round
//!   in date order. Buckets: `collective` = collective + enterprise + cooperative; `individual`
//!   = individual; households count in the bucket named by `households_count_as`, otherwise in
//!   their own bucket, which has no limit;
//! - **leader-share**: leaders at most `leader_share_max` % of the individuals of a decision;
//! - **prerequisite**: earlier awards (same campaign, dated before the decision) by recipient id;
//! - **once-per-round**: a recipient id at most once per (campaign, round), across forms;
//! - **kind-allowed**: the recipient's kind may receive the form (reported as an error by the
//!   resolver; shown here as a finding).
//!
//! Violations are warnings (errors with `--strict`), each at the row that breaks the rule.
//! Every lookup goes through hash indexes built once; decisions are visited in a fixed order
//! (date, then id) so the output is the same at every build.

use std::collections::HashMap;
use std::path::Path;

use crate::config::AwardForms;
use crate::config::award_forms::RecipientKind;
use crate::diag::Diagnostic;
use crate::model::common::Link;
use crate::model::records::{Decision, Document, Finding, PlanFinding, Recipient};
use crate::model::site::Site;
use crate::t;
use crate::vi::{self, PartialDate};

/// Which count a recipient kind goes into for quotas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Bucket {
    /// Tập thể (collective, enterprise, cooperative).
    Collective,
    /// Cá nhân (and households when the plan says so).
    Individual,
    /// Households in their own bucket (no limit).
    Household,
}

/// The bucket of a kind under a quota's `households_count_as`.
pub(crate) fn bucket(kind: RecipientKind, households_count_as: Option<&str>) -> Bucket {
    match kind {
        RecipientKind::Collective | RecipientKind::Enterprise | RecipientKind::Cooperative => {
            Bucket::Collective
        }
        RecipientKind::Individual => Bucket::Individual,
        RecipientKind::Household => match households_count_as {
            Some("individual") => Bucket::Individual,
            Some("collective") => Bucket::Collective,
            _ => Bucket::Household,
        },
    }
}

/// An award in a recipient's history: decision date and form code.
type Award<'a> = (Option<PartialDate>, &'a str);

fn pct(x: f64) -> String {
    vi::format_percent(x)
}

/// Quota usage so far per (plan, form, round, bucket).
type QuotaUse = HashMap<(usize, String, String, &'static str), i64>;
/// First appearance per (campaign, round, recipient id): (decision number, row).
type Seen = HashMap<(String, String, String), (String, usize)>;
/// Award history: (campaign, recipient id) -> (date, form) of every award.
type History<'a> = HashMap<(&'a str, &'a str), Vec<Award<'a>>>;

/// Checks every decision against its plan's rules; fills `findings`, the decisions' summaries
/// and the plans' `rule_results`. Violations go to `diags` as warnings.
pub(crate) fn check(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    let forms = site.config.award_forms.clone();
    let order = decision_order(site);
    let plan_of = plans_of(site);
    let campaign_of = campaigns_of(site, &plan_of);
    let mut findings: Vec<Vec<Finding>> = vec![Vec::new(); site.decisions.len()];
    let mut new_diags: Vec<Diagnostic> = Vec::new();
    {
        let history = award_history(site, &order, &campaign_of);
        let mut used = QuotaUse::new();
        let mut seen = Seen::new();
        for &k in &order {
            let d = &site.decisions[k];
            let out = &mut findings[k];
            kind_allowed(d, &forms, out);
            once_per_round(d, &campaign_of[k], &mut seen, out, &mut new_diags);
            let Some(j) = plan_of[k] else { continue };
            let plan = &site.documents[j];
            quota(d, j, plan, &mut used, out, &mut new_diags);
            leader_share(d, plan, out, &mut new_diags);
            prerequisites(d, plan, &history, &campaign_of[k], &forms, out, &mut new_diags);
        }
    }
    summarize(site, findings, &plan_of);
    diags.extend(new_diags);
}

/// Decisions in a fixed order: oldest first, then id.
fn decision_order(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.decisions.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&site.decisions[a], &site.decisions[b]);
        x.meta.sort_date.cmp(&y.meta.sort_date).then_with(|| x.id.cmp(&y.id))
    });
    order
}

/// The plan document of every decision, when resolved.
fn plans_of(site: &Site) -> Vec<Option<usize>> {
    let doc_by_url: HashMap<&str, usize> =
        site.documents.iter().enumerate().map(|(i, d)| (d.meta.url.as_str(), i)).collect();
    site.decisions
        .iter()
        .map(|d| d.plan_link.as_ref().and_then(|l| doc_by_url.get(l.url.as_str()).copied()))
        .collect()
}

/// Campaign of a decision: its own, else its plan's.
fn campaigns_of(site: &Site, plan_of: &[Option<usize>]) -> Vec<String> {
    site.decisions
        .iter()
        .zip(plan_of)
        .map(|(d, p)| {
            d.campaign
                .clone()
                .or_else(|| p.and_then(|j| site.documents[j].campaign.clone()))
                .unwrap_or_default()
        })
        .collect()
}

/// Every award of every recipient, per campaign, in decision order.
fn award_history<'a>(site: &'a Site, order: &[usize], campaign_of: &'a [String]) -> History<'a> {
    let mut history: History<'a> = HashMap::new();
    for &k in order {
        let d = &site.decisions[k];
        for r in &d.recipients {
            history
                .entry((campaign_of[k].as_str(), r.id.as_str()))
                .or_default()
                .push((d.meta.sort_date, d.form.as_str()));
        }
    }
    history
}

/// kind-allowed (the resolver reports the error; here it is shown).
fn kind_allowed(d: &Decision, forms: &AwardForms, out: &mut Vec<Finding>) {
    if let Some(form) = forms.get(&d.form) {
        let bad: Vec<&Recipient> =
            d.recipients.iter().filter(|r| !form.allowed.contains(&r.kind)).collect();
        if bad.is_empty() {
            out.push(Finding {
                rule: "kind-allowed",
                ok: true,
                text: format!("Mọi người nhận thuộc loại được tặng {}", form.label),
                row: None,
            });
        }
        for r in bad {
            out.push(Finding {
                rule: "kind-allowed",
                ok: false,
                text: format!(
                    "STT {}: {} không tặng cho {}",
                    r.stt,
                    form.label,
                    r.kind.label().to_lowercase()
                ),
                row: Some(r.id.clone()),
            });
        }
    }
}

/// once-per-round: a recipient id at most once per (campaign, round), across forms.
fn once_per_round(
    d: &Decision,
    campaign: &str,
    seen: &mut Seen,
    out: &mut Vec<Finding>,
    diags: &mut Vec<Diagnostic>,
) {
    let file = Path::new(&d.meta.source);
    // The decision as people name it: `Quyết định 2105/QĐ-UBND`, or without a number
    // `Quyết định của …, ngày … (không số)`.
    let number = d.name.clone();
    if let Some(round) = &d.round {
        let mut repeats = 0;
        for r in &d.recipients {
            let key = (campaign.to_string(), round.id.clone(), r.id.clone());
            match seen.get(&key) {
                Some((other, stt)) if *other != number => {
                    repeats += 1;
                    let (name, other, stt, rl) =
                        (&r.name, other.clone(), *stt, round.label.to_lowercase());
                    out.push(Finding {
                        rule: "once-per-round",
                        ok: false,
                        text: format!(
                            "STT {}: {name} đã được khen trong đợt {rl} ({other}, STT {stt})",
                            r.stt
                        ),
                        row: Some(r.id.clone()),
                    });
                    diags.push(
                        Diagnostic::warning(
                            "once-per-round",
                            file,
                            r.pos,
                            t!(
                                "{name} đã được khen trong đợt {rl} ở {other} (STT {stt}): mỗi người, tập thể chỉ được khen một lần trong một đợt",
                                "{name} was already awarded in round {rl} by {other} (row {stt}): one award per recipient per round"
                            ),
                        )
                        .with_hint(t!(
                            "bỏ dòng này, hoặc nếu là người khác trùng tên thì đặt `id` khác",
                            "remove this row, or give a different `id` if it is another person with the same name"
                        )),
                    );
                }
                Some(_) => {}
                None => {
                    seen.insert(key, (number.clone(), r.stt));
                }
            }
        }
        if repeats == 0 {
            out.push(Finding {
                rule: "once-per-round",
                ok: true,
                text: format!(
                    "Không ai được khen hai lần trong đợt {}",
                    round.label.to_lowercase()
                ),
                row: None,
            });
        }
    }
}

/// The number of a plan as shown, or its id.
fn plan_number(plan: &Document) -> String {
    plan.reference()
}

/// quota per (plan `j`, award form, round, bucket), counted over the round's decisions so far.
fn quota(
    d: &Decision,
    j: usize,
    plan: &Document,
    used: &mut QuotaUse,
    out: &mut Vec<Finding>,
    diags: &mut Vec<Diagnostic>,
) {
    let (file, plan_no) = (Path::new(&d.meta.source), plan_number(plan));
    if let Some(round) = &d.round
        && let Some(q) = plan.quotas.iter().find(|q| q.form == d.form && q.round == *round)
    {
        let hca = q.households_count_as.as_deref();
        let limits: [(&'static str, Bucket, Option<i64>, &str); 2] = [
            ("collective", Bucket::Collective, q.collective, "tập thể"),
            ("individual", Bucket::Individual, q.individual, "cá nhân"),
        ];
        let mut parts = Vec::new();
        let mut ok = true;
        for (key, b, limit, label) in limits {
            let Some(limit) = limit else { continue };
            let slot = used.entry((j, d.form.clone(), round.id.clone(), key)).or_insert(0);
            let before_this = *slot;
            for r in d.recipients.iter().filter(|r| bucket(r.kind, hca) == b) {
                *slot += 1;
                if *slot == limit + 1 {
                    ok = false;
                    let (n, rl, stt) = (*slot, round.label.to_lowercase(), r.stt);
                    let earlier = if before_this > 0 {
                        format!(" (tính cả {before_this} {label} ở các quyết định trước cùng đợt)")
                    } else {
                        String::new()
                    };
                    let earlier_en = if before_this > 0 {
                        format!(" (counting {before_this} in earlier decisions of the round)")
                    } else {
                        String::new()
                    };
                    let label_en = if key == "collective" { "collective" } else { "individual" };
                    diags.push(
                        Diagnostic::warning(
                            "quota-exceeded",
                            file,
                            r.pos,
                            t!(
                                "STT {stt} là {label} thứ {n}{earlier}, vượt định mức {limit} {label} của {plan_no} cho đợt {rl}",
                                "row {stt} is {label_en} number {n}{earlier_en}, over the quota of {limit} set by {plan_no} for round {rl}"
                            ),
                        )
                        .with_hint(t!(
                            "giảm số {label} trong quyết định, hoặc sửa `quotas` của kế hoạch nếu định mức đã thay đổi",
                            "reduce the number of {label_en} recipients, or fix the plan's `quotas` if the quota changed"
                        )),
                    );
                }
            }
            let here = *slot - before_this;
            let total = *slot;
            if before_this > 0 {
                parts.push(format!(
                    "{} {label} (cả đợt {}/{limit})",
                    vi::pad2(here as u32),
                    vi::pad2(total as u32)
                ));
            } else {
                parts.push(format!("{}/{limit} {label}", vi::pad2(total as u32)));
            }
        }
        let households =
            d.recipients.iter().filter(|r| bucket(r.kind, hca) == Bucket::Household).count();
        if households > 0 {
            parts.push(format!(
                "{} hộ gia đình (không tính vào định mức)",
                vi::pad2(households as u32)
            ));
        } else if hca.is_some() && d.recipients.iter().any(|r| r.kind == RecipientKind::Household) {
            let label = if hca == Some("individual") { "cá nhân" } else { "tập thể" };
            parts.push(format!("hộ gia đình tính vào {label}"));
        }
        out.push(Finding { rule: "quota", ok, text: parts.join(", "), row: None });
    }
}

/// leader-share: leaders at most `leader_share_max` % of the individuals of a decision.
fn leader_share(
    d: &Decision,
    plan: &Document,
    out: &mut Vec<Finding>,
    diags: &mut Vec<Diagnostic>,
) {
    let (file, plan_no) = (Path::new(&d.meta.source), plan_number(plan));
    if let Some(max) = plan.leader_share_max {
        let individuals: Vec<&Recipient> =
            d.recipients.iter().filter(|r| r.kind == RecipientKind::Individual).collect();
        let n = individuals.len();
        if n > 0 {
            let leaders = individuals.iter().filter(|r| r.leader).count();
            let share = leaders as f64 * 100.0 / n as f64;
            let ok = share <= max + 1e-9;
            let text = format!(
                "lãnh đạo {leaders}/{n} = {} (tối đa {})",
                pct((share * 100.0).round() / 100.0),
                pct(max)
            );
            if !ok {
                let allowed = ((max * n as f64) / 100.0 + 1e-9).floor() as usize;
                let row = individuals.iter().filter(|r| r.leader).nth(allowed);
                let pos = row.map(|r| r.pos).unwrap_or(d.meta.pos);
                let (s, m) = (pct((share * 100.0).round() / 100.0), pct(max));
                diags.push(
                    Diagnostic::warning(
                        "leader-share",
                        file,
                        pos,
                        t!(
                            "có {leaders}/{n} cá nhân là lãnh đạo = {s}, quá mức tối đa {m} của {plan_no}; nhiều nhất {allowed} lãnh đạo",
                            "{leaders} of {n} individuals are leaders = {s}, over the {m} maximum set by {plan_no}; at most {allowed} leaders"
                        ),
                    )
                    .with_hint(t!(
                        "giảm số lãnh đạo hoặc tăng số cá nhân trực tiếp lao động; kiểm tra `leader: true` của từng dòng",
                        "fewer leaders or more front-line individuals; check each row's `leader: true`"
                    )),
                );
            }
            out.push(Finding {
                rule: "leader-share",
                ok,
                text,
                row: if ok {
                    None
                } else {
                    individuals.iter().find(|r| r.leader).map(|r| r.id.clone())
                },
            });
        }
    }
}

/// prerequisite: earlier awards (same campaign, dated before the decision) by recipient id.
#[allow(clippy::too_many_arguments)]
fn prerequisites(
    d: &Decision,
    plan: &Document,
    history: &History<'_>,
    campaign: &str,
    forms: &AwardForms,
    out: &mut Vec<Finding>,
    diags: &mut Vec<Diagnostic>,
) {
    let (file, plan_no) = (Path::new(&d.meta.source), plan_number(plan));
    for p in plan.prerequisites.iter().filter(|p| {
        p.form == d.form && p.round.as_ref().is_none_or(|r| Some(r) == d.round.as_ref())
    }) {
        let mut missing = 0;
        for r in &d.recipients {
            let past: Vec<&str> = match (history.get(&(campaign, r.id.as_str())), d.meta.sort_date)
            {
                (Some(h), Some(now)) => h
                    .iter()
                    .filter(|(date, _)| date.is_some_and(|x| x.surely_before(now)))
                    .map(|(_, f)| *f)
                    .collect(),
                _ => Vec::new(),
            };
            let count = |form: &str| past.iter().filter(|f| **f == form).count() as i64;
            let all_ok = p.needs.iter().all(|n| count(&n.form) >= n.count);
            let any_ok =
                p.needs_any.is_empty() || p.needs_any.iter().any(|n| count(&n.form) >= n.count);
            if all_ok && any_ok {
                continue;
            }
            missing += 1;
            let has: Vec<String> = p
                .needs
                .iter()
                .chain(&p.needs_any)
                .map(|n| n.form.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .map(|f| format!("{} {}", count(f), forms.label(f)))
                .collect();
            let (name, rule, has, stt) = (&r.name, &p.display, has.join(", "), r.stt);
            out.push(Finding {
                rule: "prerequisite",
                ok: false,
                text: format!("STT {stt}: {name} chưa đủ điều kiện ({rule}; mới có {has})"),
                row: Some(r.id.clone()),
            });
            diags.push(
                Diagnostic::warning(
                    "prerequisite-missing",
                    file,
                    r.pos,
                    t!(
                        "{name} chưa đủ điều kiện theo {plan_no}: {rule}; trên trang mới có {has} trong phong trào, trước ngày quyết định",
                        "{name} does not meet {plan_no}'s prerequisite: {rule}; the site has only {has} for this campaign before the decision"
                    ),
                )
                .with_hint(t!(
                    "thêm các quyết định khen thưởng trước đó (cùng `id` người nhận), hoặc bỏ dòng này",
                    "add the earlier award decisions (same recipient `id`), or remove this row"
                )),
            );
        }
        if missing == 0 {
            out.push(Finding {
                rule: "prerequisite",
                ok: true,
                text: format!("Mọi người nhận đủ điều kiện: {}", p.display),
                row: None,
            });
        }
    }
}

/// The one-line summary of a decision's findings: whether every rule is met, and the line.
fn summary_of(f: &[Finding]) -> (bool, String) {
    let ok = f.iter().all(|x| x.ok);
    let mut parts: Vec<String> = Vec::new();
    for rule in ["quota", "leader-share"] {
        if let Some(x) = f.iter().find(|x| x.rule == rule) {
            parts.push(x.text.clone());
        }
    }
    let broken: Vec<&str> = {
        let mut v: Vec<&str> = f.iter().filter(|x| !x.ok).map(|x| rule_label(x.rule)).collect();
        v.dedup();
        v
    };
    let verdict = if ok {
        "đúng quy định".to_string()
    } else {
        format!("chưa đúng quy định ({})", broken.join(", "))
    };
    let summary = if parts.is_empty() {
        capitalize(&verdict)
    } else {
        format!("{}: {verdict}", parts.join("; "))
    };
    (ok, summary)
}

/// Summaries and the plans' roll-up.
fn summarize(site: &mut Site, findings: Vec<Vec<Finding>>, plan_of: &[Option<usize>]) {
    let mut per_plan: Vec<(usize, PlanFinding, Option<PartialDate>, String)> = Vec::new();
    for (k, f) in findings.into_iter().enumerate() {
        let d: &mut Decision = &mut site.decisions[k];
        let (ok, summary) = summary_of(&f);
        d.findings = f;
        d.findings_ok = (!d.findings.is_empty()).then_some(ok);
        d.findings_summary = (!d.findings.is_empty()).then(|| summary.clone());
        if let Some(j) = plan_of[k]
            && !d.findings.is_empty()
        {
            let link = Link {
                title: d.meta.title.clone(),
                url: d.meta.url.clone(),
                note: Some(
                    [Some(d.reference()), d.round.as_ref().map(|r| r.label.clone())]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            };
            per_plan.push((
                j,
                PlanFinding { decision: link, summary, ok },
                d.meta.sort_date,
                d.id.clone(),
            ));
        }
    }
    per_plan.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.3.cmp(&b.3)));
    for (j, pf, _, _) in per_plan {
        site.documents[j].rule_results.push(pf);
    }
    for doc in &mut site.documents {
        if !doc.rule_results.is_empty() {
            let ok = doc.rule_results.iter().filter(|r| r.ok).count();
            doc.rule_totals = Some((doc.rule_results.len(), ok));
        }
    }
}

fn rule_label(rule: &str) -> &'static str {
    match rule {
        "quota" => "vượt định mức",
        "leader-share" => "quá tỷ lệ lãnh đạo",
        "prerequisite" => "chưa đủ điều kiện",
        "once-per-round" => "khen hai lần trong đợt",
        "kind-allowed" => "sai đối tượng",
        _ => "khác",
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_follow_the_plan() {
        assert_eq!(bucket(RecipientKind::Enterprise, None), Bucket::Collective);
        assert_eq!(bucket(RecipientKind::Cooperative, None), Bucket::Collective);
        assert_eq!(bucket(RecipientKind::Household, None), Bucket::Household);
        assert_eq!(bucket(RecipientKind::Household, Some("individual")), Bucket::Individual);
        assert_eq!(bucket(RecipientKind::Household, Some("collective")), Bucket::Collective);
    }
}
