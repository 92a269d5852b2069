//! Backups (issue 15): `contigo-bot backup PATH` copies the SQLite database while the
//! bot goes on writing; the copy and the files its manifest lists, restored into a
//! new folder, run the bot again and an ally's conversation goes on from where it was.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use contigo_bot::store::files::sha256_hex;
use contigo_bot::store::requests;

use crate::email::register;
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{Backend, Running, TestDb, monday_morning, settings, signed_pdf};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_the_bot_writes_restores_and_the_conversation_continues() {
    let db = TestDb::new(Backend::Sqlite).await;
    let tg = FakeTelegram::start().await;
    let s = settings(&db, Some(&tg.api_url()));
    let files = s.storage.dir.clone();
    let bot = Running::start(s, monday_morning()).await;
    let ally = TgChat {
        tg: &tg,
        user: TgUser::new(7501, "Luis"),
    };
    let code = register(&ally).await;
    tg.wait_for(ally.user.chat_id(), "Siguiente paso").await;
    ally.taps("Enviar DDC firmada", "Envíe la DDC firmada")
        .await;

    // Another ally keeps the bot writing while the backup runs in its own process.
    let other = TgChat {
        tg: &tg,
        user: TgUser::new(7502, "Ana"),
    };
    let target = db.dir.path().join("backups").join("contigo.db");
    let done = AtomicBool::new(false);
    let run_backup = async {
        let (url, files, target) = (db.url.clone(), files.clone(), target.clone());
        let out = tokio::task::spawn_blocking(move || {
            Command::new(env!("CARGO_BIN_EXE_contigo-bot"))
                .args(["--config", "/dev/null", "backup"])
                .arg(&target)
                .env("CONTIGO__DATABASE__URL", url)
                .env("CONTIGO__STORAGE__DIR", files)
                .output()
                .expect("run contigo-bot backup")
        })
        .await
        .expect("backup task");
        done.store(true, Ordering::SeqCst);
        out
    };
    let keep_writing = async {
        let mut rounds = 0;
        while !done.load(Ordering::SeqCst) {
            other.says("/start", "¿Qué desea hacer?").await;
            rounds += 1;
        }
        rounds
    };
    let (out, rounds) = tokio::join!(run_backup, keep_writing);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(rounds >= 1, "the bot was writing during the backup");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("1 stored files listed"), "{printed}");
    bot.stop().await;

    // Restore into a new folder: the database copy, and the files the manifest lists.
    let restored = tempfile::tempdir().expect("temp dir");
    std::fs::copy(&target, restored.path().join("contigo.db")).expect("copy database");
    let manifest = std::fs::read_to_string(target.with_extension("db.files.sha256"))
        .expect("the manifest beside the copy");
    let restored_files = restored.path().join("files");
    for line in manifest.lines() {
        let (sha, relative) = line.split_once("  ").expect("HASH  PATH");
        let bytes = std::fs::read(files.join(relative)).expect("listed file exists");
        assert_eq!(sha256_hex(&bytes), sha, "sha256sum -c would agree");
        let to = restored_files.join(relative);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(to, bytes).expect("restore file");
    }
    assert_eq!(manifest.lines().count(), 1, "the DDC: {manifest}");

    let mut s = settings(&db, Some(&tg.api_url()));
    s.database.url = format!("sqlite://{}", restored.path().join("contigo.db").display());
    s.storage.dir = restored_files;
    let bot = Running::start(s, monday_morning()).await;
    // The ally was about to send the signed DDC: they do, and the request moves on.
    tg.send_document(
        &ally.user,
        "ddc-firmada.pdf",
        "application/pdf",
        signed_pdf(),
    );
    tg.wait_for(ally.user.chat_id(), "Recibí la DDC firmada")
        .await;
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let row = requests::by_code(&mut conn, &code)
        .await
        .expect("query")
        .expect("the request is in the restored database");
    assert_eq!(row.stage.as_str(), "uac_review");
    drop(conn);
    bot.stop().await;
}
