//! What an operator installs (issue 28): the systemd unit's sandbox as
//! `systemd-analyze security` rates it, compose with no default password, and the
//! proxy example keeping `/metrics` off the public address.

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `systemd-analyze security --offline` (systemd's own rating, without installing
/// the unit) scores it 2.5 or less: "OK".
#[test]
fn the_systemd_unit_is_rated_ok_by_systemd_analyze() {
    let unit = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/contigo-bot.service");
    let out = std::process::Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--no-pager", unit])
        .output()
        .expect("systemd-analyze (package systemd; .ci/run installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("Overall exposure level"))
        .unwrap_or_else(|| {
            panic!(
                "no rating:\n{text}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let score: f64 = line
        .split(": ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("unreadable rating: {line}"));
    assert!(score <= 2.5, "{line}\n{text}");
}

/// `docker compose` refuses to start without `POSTGRES_PASSWORD` (`${VAR:?…}`),
/// with no default anywhere.
#[test]
fn compose_refuses_to_start_without_a_database_password() {
    let compose = repo_file("docker-compose.yml");
    let uses: Vec<&str> = compose
        .match_indices("${POSTGRES_PASSWORD")
        .map(|(at, _)| &compose[at..])
        .collect();
    assert_eq!(uses.len(), 2, "the database and the bot's URL: {compose}");
    for u in uses {
        assert!(u.starts_with("${POSTGRES_PASSWORD:?"), "{u}");
    }
    assert!(!compose.contains("change-me"), "{compose}");
}

/// The proxy example refuses `/metrics` on the public address and the README says
/// how Prometheus reaches it instead.
#[test]
fn metrics_stay_off_the_public_address() {
    let nginx = repo_file("deploy/nginx.conf");
    let block = nginx
        .split("location = /metrics")
        .nth(1)
        .and_then(|b| b.split('}').next())
        .unwrap_or_else(|| panic!("no /metrics location: {nginx}"));
    assert!(block.contains("deny all;"), "{block}");
    let readme = repo_file("README.md");
    assert!(
        readme.contains("deploy/nginx.conf") && readme.contains("127.0.0.1:8080/metrics"),
        "README explains where /metrics is scraped"
    );
}
