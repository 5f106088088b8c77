//! The update history from git: each record's "Lịch sử cập nhật", the recent changes page and
//! feed, the `changes` open data, privacy of past values, renames, and the history being off
//! (no repository, shallow clone, `--no-history`). Issue 19.
//!
//! The fixture repository is made with the `git` command (installed by `.ci/run` where missing),
//! with fixed dates and a local user name and e-mail.

use std::path::Path;
use std::process::Command;

use crate::util::{Site, walkdir};

/// The CCCD committed by mistake (12 digits starting with a province code).
const CCCD: &str = "079123456789";
const AUTHOR: &str = "Nguyen Bien Tap";
const EMAIL: &str = "bientap@example.org";

/// Runs `git ARGS` in `dir` with a fixed date; panics when it fails.
fn git(dir: &Path, args: &[&str], date: &str) -> String {
    let out = Command::new("git")
        .args(["-c", &format!("user.name={AUTHOR}"), "-c", &format!("user.email={EMAIL}")])
        .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("the git command (installed by .ci/run)");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Commits everything with `message` at `date`.
fn commit(dir: &Path, message: &str, date: &str) -> String {
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "-m", message], date);
    git(dir, &["rev-parse", "HEAD"], date)
}

const DECISION: &str = "content/khen-thuong/qd1.md";
const FUND: &str = "content/quy/2024.yaml";

/// Replaces `from` by `to` in the site file `rel` (which must contain it).
fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    assert!(text.contains(from), "{rel} lacks {from:?}");
    site.write(rel, text.replacen(from, to, 1));
}

/// The `mini` fixture in a repository of six commits: the decision published, two recipients
/// added, one removed, a fund amount corrected, a CCCD added to a recipient row, then removed.
/// Returns the site and the commit ids, oldest first.
fn repository() -> (Site, Vec<String>) {
    let site = Site::fixture("mini");
    let dir = site.root().to_path_buf();
    git(&dir, &["init", "-q"], "2024-03-01T09:00:00+07:00");
    let mut ids =
        vec![commit(&dir, "Công bố Quyết định 2105/QĐ-UBND", "2024-03-01T09:00:00+07:00")];
    let last = "  - { kind: individual, name: Phạm Văn Cường, position: Phó trưởng phòng, leader: true }\n";
    edit(
        &site,
        DECISION,
        last,
        &format!(
            "{last}  - {{ kind: individual, name: Lê Thị Hoa, position: Chi hội trưởng phụ nữ, achievement: Vận động 12 hộ thoát nghèo }}\n  - {{ kind: collective, name: Hội Nông dân xã Tân Tiến, achievement: Hỗ trợ sinh kế }}\n"
        ),
    );
    ids.push(commit(&dir, "Bổ sung hai người được khen", "2024-03-05T10:00:00+07:00"));
    edit(&site, DECISION, last, "");
    ids.push(commit(&dir, "Bỏ một cá nhân không đủ điều kiện", "2024-03-09T10:00:00+07:00"));
    edit(&site, FUND, "amount: 1234567", "amount: 1234667");
    edit(&site, FUND, "closing: 1034567", "closing: 1034667");
    ids.push(commit(&dir, "Sửa số tiền phiếu thu PT-1", "2024-04-02T10:00:00+07:00"));
    edit(
        &site,
        DECISION,
        "Vận động 12 hộ thoát nghèo",
        &format!("Vận động 12 hộ thoát nghèo (CCCD {CCCD})"),
    );
    ids.push(commit(&dir, "Cập nhật thành tích", "2024-04-10T10:00:00+07:00"));
    edit(&site, DECISION, &format!(" (CCCD {CCCD})"), "");
    ids.push(commit(&dir, "Gỡ dữ liệu cá nhân", "2024-04-11T08:00:00+07:00"));
    (site, ids)
}

/// The preview's rendering (uncommitted edits shown) of the decision page of `site`.
fn preview_decision_page(site: &Site) -> String {
    preview_pages(site).remove("khen-thuong/2105-qd-ubnd-2023/index.html").expect("decision page")
}

/// Every output file's text (binary files as lossy text).
fn all_output(site: &Site) -> Vec<(String, String)> {
    walkdir(&site.root().join("public"))
        .into_iter()
        .map(|p| {
            let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
            (p.display().to_string(), text)
        })
        .collect()
}

#[test]
fn each_change_shows_on_the_page_in_the_feed_and_in_open_data() {
    let (site, ids) = repository();
    site.build(&[]).ok();
    let page = site.read("khen-thuong/2105-qd-ubnd-2023/index.html");
    assert!(page.contains("Lịch sử cập nhật"), "no history section");
    for expected in [
        "Công bố lần đầu",
        "Công bố Quyết định 2105/QĐ-UBND",
        "2024-03-01T09:00:00+07:00",
        ">1/3/2024</time>",
        "Thêm Người được khen: Lê Thị Hoa",
        "Thêm Người được khen: Hội Nông dân xã Tân Tiến",
        "Bỏ Người được khen: Phạm Văn Cường",
        "Gỡ dữ liệu cá nhân",
        "không công bố",
        &ids[1][..7],
    ] {
        assert!(page.contains(expected), "decision page lacks {expected:?}");
    }
    let fund = site.read("quy-vi-nguoi-ngheo/2024/index.html");
    assert!(
        fund.contains("Số tiền: 1.234.567 → 1.234.667"),
        "fund page lacks the corrected amount"
    );
    assert!(fund.contains("Sửa số tiền phiếu thu PT-1"));

    let feed = site.read("thay-doi/atom.xml");
    for expected in ["Lê Thị Hoa", "Phạm Văn Cường", "1.234.667", "Bổ sung hai người được khen"]
    {
        assert!(feed.contains(expected), "feed lacks {expected:?}");
    }
    let recent = site.read("thay-doi/index.html");
    assert!(
        recent.contains("Thay đổi gần đây")
            && recent.contains("Bỏ Người được khen: Phạm Văn Cường")
    );

    let csv = site.read("du-lieu/changes.csv");
    let row = |commit: &str, needle: &str| {
        csv.lines().any(|l| l.starts_with(commit) && l.contains(needle))
    };
    assert!(row(&ids[0], "published"), "no first publication row");
    assert!(row(&ids[1], "added") && row(&ids[1], "Lê Thị Hoa"));
    assert!(row(&ids[2], "removed") && row(&ids[2], "Phạm Văn Cường"));
    assert!(row(&ids[3], "1.234.567") && row(&ids[3], "1.234.667"));
    assert!(row(&ids[4], "true"), "the CCCD change is not marked hidden");
    assert!(row(&ids[5], "true"), "the CCCD removal is not marked hidden");
    let json = site.read("du-lieu/changes.json");
    assert!(json.contains(&ids[3]));

    // The CCCD, the author's e-mail and (without `history: { authors: true }`) name: nowhere.
    let spaced = format!("{} {} {} {}", &CCCD[..3], &CCCD[3..6], &CCCD[6..9], &CCCD[9..]);
    for (path, text) in all_output(&site) {
        for secret in [CCCD, spaced.as_str(), EMAIL, AUTHOR] {
            assert!(!text.contains(secret), "{path} contains {secret:?}");
        }
    }
}

#[test]
fn author_names_only_when_site_yaml_says_so() {
    let (site, _) = repository();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{yaml}\nhistory: {{ authors: true }}\n"));
    site.build(&[]).ok();
    let page = site.read("khen-thuong/2105-qd-ubnd-2023/index.html");
    assert!(page.contains(AUTHOR));
    for (path, text) in all_output(&site) {
        assert!(!text.contains(EMAIL), "{path} contains the author's e-mail");
    }
}

#[test]
fn a_moved_file_keeps_its_history_and_a_changed_address_is_told() {
    let (site, _) = repository();
    let dir = site.root().to_path_buf();
    let text = std::fs::read_to_string(dir.join(DECISION)).unwrap();
    site.remove(DECISION);
    site.write(
        "content/khen-thuong/2023/qd1.md",
        text.replacen("---\n", "---\nslug: qd-2105-tang-bang-khen\n", 1),
    );
    commit(&dir, "Chuyển quyết định vào thư mục 2023, đổi địa chỉ", "2024-05-01T10:00:00+07:00");
    site.build(&[]).ok();
    let page = site.read("khen-thuong/qd-2105-tang-bang-khen/index.html");
    assert!(page.contains("Bỏ Người được khen: Phạm Văn Cường"), "history lost in the move");
    assert!(page.contains("content/khen-thuong/qd1.md"), "the move is not told");
    assert!(page.contains("/khen-thuong/2105-qd-ubnd-2023/"), "the old address is not told");
    let check = crate::util::run(&["check", "--root", dir.to_str().unwrap()], &[]);
    assert!(
        check.stderr.contains("old-address")
            && check.stderr.contains("aliases: [\"/khen-thuong/2105-qd-ubnd-2023/\"]"),
        "check does not suggest an alias:\n{}",
        check.stderr
    );
}

#[test]
fn history_is_off_without_repository_in_shallow_clone_and_with_the_flag() {
    let site = Site::fixture("mini");
    let run = site.build(&[]).ok();
    assert!(run.stderr.contains("không nằm trong kho git"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("kho git").count(), 1, "said more than once:\n{}", run.stderr);
    assert!(!site.exists("thay-doi/index.html"));
    assert!(!site.read("khen-thuong/2105-qd-ubnd-2023/index.html").contains("Lịch sử cập nhật"));

    let (repo, _) = repository();
    let run = repo.build(&["--no-history"]).ok();
    assert!(!run.stderr.contains("kho git"), "{}", run.stderr);
    assert!(!repo.exists("thay-doi/index.html"));

    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.root().display());
    let target = clone.path().join("site");
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, target.to_str().unwrap()],
        "2024-06-01T00:00:00+07:00",
    );
    let run = crate::util::run(&["build", "--root", target.to_str().unwrap()], &[]).ok();
    assert!(run.stderr.contains("shallow"), "{}", run.stderr);
}

#[test]
fn a_rebuild_without_a_new_commit_reads_the_cache() {
    let (site, ids) = repository();
    site.build(&[]).ok();
    let dir = site.root().join(".minhbach-cache/history");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let suffix = format!("-{}.json", ids[5]);
    assert!(names.iter().any(|n| n.ends_with(&suffix)), "no cache file for HEAD: {names:?}");
    // The cache keeps which content each version had, not the texts of all of them.
    assert!(!std::fs::read_to_string(dir.join(&names[0])).unwrap().contains("Phạm Văn Cường"));
    let first = site.read("khen-thuong/2105-qd-ubnd-2023/index.html");
    site.build(&[]).ok();
    assert_eq!(first, site.read("khen-thuong/2105-qd-ubnd-2023/index.html"));
}

#[test]
fn the_preview_shows_uncommitted_edits_as_not_yet_published() {
    let (site, _) = repository();
    edit(&site, DECISION, "Vận động 12 hộ thoát nghèo", "Vận động 15 hộ thoát nghèo");
    let page = preview_decision_page(&site);
    assert!(page.contains("Chưa công bố"), "the preview does not show the uncommitted edit");
    assert!(page.contains("Thành tích: Vận động 12 hộ thoát nghèo → Vận động 15 hộ thoát nghèo"));
    // A build publishes the edit but never calls it unpublished.
    site.build(&[]).ok();
    assert!(!site.read("khen-thuong/2105-qd-ubnd-2023/index.html").contains("Chưa công bố"));
}

#[test]
fn a_version_that_cannot_be_read_is_said_and_the_next_is_compared_with_the_last_good_one() {
    let (site, _) = repository();
    let dir = site.root().to_path_buf();
    edit(&site, DECISION, "Vận động 12 hộ thoát nghèo", "Vận động 20 hộ thoát nghèo");
    edit(&site, DECISION, "\nnumber:", "\nnumber: [\nnumber:");
    commit(&dir, "Sửa thành tích (lỡ làm hỏng tệp)", "2024-05-02T10:00:00+07:00");
    edit(&site, DECISION, "\nnumber: [\nnumber:", "\nnumber:");
    commit(&dir, "Sửa lỗi tệp", "2024-05-03T10:00:00+07:00");
    site.build(&[]).ok();
    let page = site.read("khen-thuong/2105-qd-ubnd-2023/index.html");
    assert!(
        page.contains("Phiên bản này có lỗi nên không so sánh được"),
        "the broken version is not told"
    );
    // The repaired version is compared with the last one that could be read.
    assert!(page.contains("Thành tích: Vận động 12 hộ thoát nghèo → Vận động 20 hộ thoát nghèo"));
    let csv = site.read("du-lieu/changes.csv");
    assert!(csv.contains(",unreadable,"), "open data lacks the unreadable version:\n{csv}");
}

#[test]
fn the_preview_does_not_call_a_crlf_checkout_unpublished() {
    let (site, _) = repository();
    let text = std::fs::read_to_string(site.root().join(DECISION)).unwrap();
    site.write(DECISION, text.replace('\n', "\r\n"));
    let page = preview_decision_page(&site);
    assert!(page.contains("Lịch sử cập nhật"));
    assert!(!page.contains("Chưa công bố"), "line endings alone are not a change");
}

/// Sets every file of `site` (its `.git` folder aside) to a minute ago and lets git note their
/// stat data (`git update-index --refresh`, as any `git status` does): the index is then newer
/// than every file, so none of its entries is racy, as a second after the last save.
fn settle(site: &Site) -> std::time::SystemTime {
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for p in walkdir(site.root()) {
        if !p.strip_prefix(site.root()).unwrap().starts_with(".git") {
            set_mtime(&p, old);
        }
    }
    git(site.root(), &["update-index", "-q", "--refresh"], "2024-05-01T10:00:00+07:00");
    old
}

/// Sets the modification time of the file at `path` (its content stays as it is).
fn set_mtime(path: &Path, t: std::time::SystemTime) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(t).unwrap();
}

/// The preview's rendering of every page of `site`.
fn preview_pages(site: &Site) -> std::collections::HashMap<String, String> {
    use minhbach::pipeline::{BuildOptions, MemoryOutput, Target, build_into};
    let out: MemoryOutput = std::sync::Mutex::new(Default::default());
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: Some("http://127.0.0.1:1111/".into()),
        preview: true,
        ..BuildOptions::default()
    };
    let report = build_into(&opts, Target::Memory(&out)).unwrap();
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    let files = out.into_inner().unwrap();
    files.into_iter().map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned())).collect()
}

const EXEMPLAR: &str = "content/guong-dien-hinh/a.md";
const EXEMPLAR_PAGE: &str = "guong-dien-hinh/tran-van-binh/index.html";

#[test]
fn the_preview_does_not_call_a_file_touched_but_not_changed_unpublished() {
    let (site, _) = repository();
    settle(&site);
    set_mtime(&site.root().join(DECISION), std::time::SystemTime::now());
    set_mtime(&site.root().join(EXEMPLAR), std::time::SystemTime::now());
    let pages = preview_pages(&site);
    let page = &pages["khen-thuong/2105-qd-ubnd-2023/index.html"];
    assert!(page.contains("Lịch sử cập nhật"));
    assert!(!page.contains("Chưa công bố"), "a new modification time alone is not a change");
    assert!(!pages[EXEMPLAR_PAGE].contains("Chưa công bố"));
}

/// An edit that keeps the file's size and puts its modification time back (as some copy tools
/// do) is still seen: the index's stat data hold the inode change time too, as git compares.
#[test]
fn the_preview_tells_an_edit_that_keeps_size_and_modification_time() {
    let (site, _) = repository();
    let old = settle(&site);
    edit(&site, DECISION, "Vận động 12 hộ thoát nghèo", "Vận động 15 hộ thoát nghèo");
    set_mtime(&site.root().join(DECISION), old);
    let page = preview_decision_page(&site);
    assert!(page.contains("Chưa công bố"), "the edit was taken for the committed file");
    assert!(page.contains("Thành tích: Vận động 12 hộ thoát nghèo → Vận động 15 hộ thoát nghèo"));
}

#[test]
fn the_preview_shows_a_new_file_as_not_yet_published_and_builds_without_a_deleted_one() {
    let (site, _) = repository();
    settle(&site);
    let text = std::fs::read_to_string(site.root().join(EXEMPLAR)).unwrap();
    site.write(
        "content/guong-dien-hinh/e.md",
        text.replace("tran-van-binh", "tran-thi-em").replace("Trần Văn Bình", "Trần Thị Em"),
    );
    site.remove("content/guong-dien-hinh/b.md");
    let pages = preview_pages(&site);
    let new = &pages["guong-dien-hinh/tran-thi-em/index.html"];
    assert!(new.contains("Chưa công bố"), "the new file is not told as not yet published");
    assert!(!pages[EXEMPLAR_PAGE].contains("Chưa công bố"));
    assert!(
        !pages.contains_key("guong-dien-hinh/nguyen-thi-an/index.html"),
        "deleted, still shown"
    );
}

/// An uncommitted edit of a record's Markdown body alone (its front matter as committed) shows
/// as not yet published, with the body's change, on a record published once and never changed.
#[test]
fn the_preview_shows_an_uncommitted_edit_of_the_body_alone() {
    let (site, _) = repository();
    settle(&site);
    edit(&site, EXEMPLAR, "Câu chuyện của ông Bình.", "Câu chuyện của ông Bình, kể lại.");
    let pages = preview_pages(&site);
    let page = &pages[EXEMPLAR_PAGE];
    assert!(page.contains("Chưa công bố"), "the body edit is not told as not yet published");
    assert!(page.contains("Nội dung: thêm 1 dòng, bỏ 1 dòng"), "the body's change is not told");
    assert!(!pages["khen-thuong/2105-qd-ubnd-2023/index.html"].contains("Chưa công bố"));
}

/// An uncommitted edit of a fund ledger (a CSV the period file does not name itself) shows on
/// the fund period's page.
#[test]
fn the_preview_shows_an_uncommitted_ledger_edit_on_the_fund_period() {
    let (site, _) = repository();
    settle(&site);
    edit(&site, "content/quy/thu.csv", "Trường Tiểu học A;", "Trường Tiểu học B;");
    let pages = preview_pages(&site);
    let fund = &pages["quy-vi-nguoi-ngheo/2024/index.html"];
    assert!(fund.contains("Chưa công bố"), "the ledger edit is not told");
    assert!(
        fund.contains("Trường Tiểu học A → Trường Tiểu học B"),
        "the ledger edit is not told field by field"
    );
}

/// The `N` of the last `[timings]   uncommitted check: N files hashed` line in `log`, once there
/// are at least `lines` of them.
fn hashed(log: &Path, lines: usize) -> Option<usize> {
    let text = std::fs::read_to_string(log).ok()?;
    let found: Vec<&str> =
        text.lines().filter(|l| l.starts_with("[timings]   uncommitted check:")).collect();
    if found.len() < lines {
        return None;
    }
    found.last()?.split_whitespace().find_map(|w| w.parse().ok())
}

/// Waits (two minutes at most) until `ok` holds.
fn until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !ok() {
        assert!(start.elapsed() < std::time::Duration::from_secs(120), "never: {what}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// The preview reads a content file to tell whether it changed since its commit only when the
/// git index's stat data say it may have: a rebuild with no edit reads none.
#[test]
fn the_preview_reads_no_file_on_a_rebuild_without_edit() {
    use crate::serve::Server;
    let (site, _) = repository();
    settle(&site);
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("stderr.txt");
    let stderr = std::fs::File::create(&log).unwrap();
    let server = Server::start_with(
        &site,
        &[],
        &[("MINHBACH_TIMINGS", Path::new("1"))],
        std::process::Stdio::from(stderr),
    );
    until("the first build's uncommitted check", || hashed(&log, 1).is_some());
    assert_eq!(hashed(&log, 1), Some(0), "the first preview build read files");
    // A save outside `content/`: a rebuild, and still no content file read.
    let generation = server.generation();
    site.write("static/ghi-chu.txt", "ghi chú");
    server.wait_for(generation, |_| true);
    assert_eq!(hashed(&log, 2), Some(0), "a rebuild without edit read files");
    // A touched file and an edited one: both read, only the edit told.
    set_mtime(&site.root().join(EXEMPLAR), std::time::SystemTime::now());
    edit(&site, DECISION, "Vận động 12 hộ thoát nghèo", "Vận động 15 hộ thoát nghèo");
    until("the edit in the preview", || {
        server.get("/khen-thuong/2105-qd-ubnd-2023/").2.contains("Chưa công bố")
            && hashed(&log, 3) == Some(2)
    });
    assert!(!server.get("/guong-dien-hinh/tran-van-binh/").2.contains("Chưa công bố"));
}

/// The figures of the `[timings]   history:` line of a build run with `MINHBACH_TIMINGS`:
/// (records compared, of which from the cache, versions read from git).
fn history_counts(stderr: &str) -> (usize, usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("[timings]   history:"))
        .unwrap_or_else(|| panic!("no history timings line in:\n{stderr}"));
    let n: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .map(|w| w.parse().unwrap())
        .collect();
    assert_eq!(n.len(), 3, "{line}");
    (n[0], n[1], n[2])
}

/// `minhbach build` of `site` with `MINHBACH_TIMINGS=1`: its history counts.
fn timed_build(site: &Site) -> (usize, usize, usize) {
    let run = crate::util::run(
        &["build", "--root", site.root().to_str().unwrap()],
        &[("MINHBACH_TIMINGS", "1")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    history_counts(&run.stderr)
}

#[test]
fn a_rebuild_without_a_new_commit_reads_no_old_version_and_a_new_commit_is_still_told() {
    let (site, ids) = repository();
    // The decision and the fund period changed after they were published: both are compared.
    let (compared, cached, read) = timed_build(&site);
    assert_eq!((compared, cached), (2, 0));
    assert!(read >= 6, "the decision's six versions are read: {read}");
    let first = all_output(&site);
    let (compared, cached, read) = timed_build(&site);
    assert_eq!((compared, cached, read), (2, 2, 0), "the rebuild read old versions again");
    assert_eq!(first, all_output(&site), "the cached history changed the output");
    // A new commit of the decision: it is read again (the fund period is not), and told.
    edit(&site, DECISION, "Hỗ trợ sinh kế", "Hỗ trợ sinh kế bền vững");
    commit(site.root(), "Sửa thành tích của Hội Nông dân", "2024-05-02T10:00:00+07:00");
    let (compared, cached, read) = timed_build(&site);
    assert_eq!((compared, cached), (2, 1));
    assert!(read > 0);
    let page = site.read("khen-thuong/2105-qd-ubnd-2023/index.html");
    assert!(page.contains("Sửa thành tích của Hội Nông dân"), "{page}");
    assert!(page.contains("Hỗ trợ sinh kế bền vững"), "{page}");
    // What the cache gave is what a build without it makes, byte for byte.
    let cached_output = all_output(&site);
    std::fs::remove_dir_all(site.root().join(".minhbach-cache")).unwrap();
    let (_, cached, _) = timed_build(&site);
    assert_eq!(cached, 0);
    assert_eq!(cached_output, all_output(&site));
    let _ = ids;
}
