//! End to end with a real editor: Neovim's built-in LSP client, headless, starts
//! `rulecheck server`, opens a registration script with a misspelt approval status, receives
//! the diagnostic at the literal, applies the preferred quick fix, and the buffer then checks
//! clean (`tests/editor/neovim.lua` drives it). `.ci/run` installs Neovim and sets
//! `RULECHECK_REQUIRE_NVIM=1`, so there the test cannot pass without running; elsewhere,
//! without `nvim` on the PATH, it says so and passes.

mod common;

use std::process::Command;

#[test]
fn neovim_shows_the_diagnostic_and_its_quick_fix_leaves_the_buffer_clean() {
    let has_nvim = Command::new("nvim").arg("--version").output().is_ok();
    if !has_nvim {
        assert!(
            std::env::var_os("RULECHECK_REQUIRE_NVIM").is_none(),
            "RULECHECK_REQUIRE_NVIM is set but `nvim` is not on the PATH"
        );
        eprintln!("skipped: `nvim` is not on the PATH (apt-get install neovim)");
        return;
    }
    let repo = common::repo();
    let root = repo.join("tests/fixtures/server");
    let out = common::scratch("neovim").join("seen.txt");
    let status = Command::new("nvim")
        .args(["--headless", "--clean", "-u", "NONE", "-c"])
        .arg(format!(
            "luafile {}",
            repo.join("tests/editor/neovim.lua").display()
        ))
        // Reached only when the script fails before it quits: exit non-zero, not hang.
        .args(["-c", "cquit 3"])
        .env("RULECHECK_BIN", env!("CARGO_BIN_EXE_rulecheck"))
        .env("WORKSPACE", &root)
        .env("SCRIPT", root.join("churn_register.py"))
        .env("OUT", &out)
        .status()
        .expect("nvim runs");
    assert!(status.success(), "{status}");
    let seen = std::fs::read_to_string(&out).expect("the script wrote what it saw");
    assert_eq!(
        seen,
        "diagnostic 7:20-7:42\n\
         quick fix Replace `PendingManualAproval` with `PendingManualApproval` (rulecheck)\n\
         line     approval_status=\"PendingManualApproval\",\n\
         clean\n"
    );
}
