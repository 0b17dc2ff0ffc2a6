//! User Timing marks around the app's costly steps (`spanmark:save`,
//! `spanmark:export`, `spanmark:import`), so the benchmark and the browser's
//! performance panel can read how long they took without instrumenting the
//! page from outside.

/// Runs `f` and records a `performance.measure` entry called `name`.
pub fn measure<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let perf = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}:start");
    if let Some(p) = &perf {
        let _ = p.mark(&start);
    }
    let out = f();
    if let Some(p) = &perf {
        let _ = p.measure_with_start_mark(name, &start);
        p.clear_marks_with_mark_name(&start);
    }
    out
}
