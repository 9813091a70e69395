//! For tuning: how prompts from the file named by `KILN_PROBE` (a fixture,
//! a tab and a prompt per line) are read and planned, printed. Run with
//! `cargo nextest run -p kilnd probe --run-ignored only --no-capture`.
#[test]
#[ignore]
fn probe() {
    let Ok(path) = std::env::var("KILN_PROBE") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (fx, prompt) = line.split_once('\t').unwrap();
        let inputs = super::corpus::fixture(fx).unwrap();
        let plan = super::plan(prompt, &inputs);
        println!(
            "== [{fx}] {prompt}\n{}-> {}\n",
            super::explain(prompt, &inputs),
            super::corpus::summary(&plan)
                .chars()
                .take(300)
                .collect::<String>()
        );
    }
}
