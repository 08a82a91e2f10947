//! The seeded queries of the speed comparison (`bench/run`), shared by the runner
//! (`examples/bench_queries`) and the criterion benches (`benches/calendar.rs`).
//!
//! Query `i`: "the `n[i]`-th working day strictly after day `days[i]`", with the day uniform in
//! 2019-01-01..=2025-12-31 and `n` uniform in 1..=10; `starts[i]` is a dispatch instant (Unix
//! seconds) on the same civil day in China Standard Time, at a uniform second of that day.
//! The generator is splitmix64 with a fixed seed, so every language reads the same file.

/// The seed of the published comparison.
pub const SEED: u64 = 20_190_101;
/// How many queries.
pub const COUNT: usize = 100_000;
/// 2019-01-01 as days since 1970-01-01.
pub const FIRST_DAY: i32 = 17_897;
/// 2025-12-31 as days since 1970-01-01.
pub const LAST_DAY: i32 = 20_453;

/// The queries, column-wise.
pub struct Queries {
    /// Start days (days since 1970-01-01).
    pub days: Vec<i32>,
    /// Working-day counts, 1..=10.
    pub n: Vec<i64>,
    /// Dispatch instants (Unix seconds), on `days[i]` in +08:00.
    pub starts: Vec<i64>,
}

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (Lemire's multiply-shift; the bias is below 2^-40 here).
    fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(bound)) >> 64) as u64
    }
}

/// The `count` queries of `seed`.
pub fn generate(seed: u64, count: usize) -> Queries {
    let mut rng = SplitMix64(seed);
    let span = (LAST_DAY - FIRST_DAY + 1) as u64;
    let mut q = Queries {
        days: Vec::with_capacity(count),
        n: Vec::with_capacity(count),
        starts: Vec::with_capacity(count),
    };
    for _ in 0..count {
        let day = FIRST_DAY + rng.below(span) as i32;
        let n = 1 + rng.below(10) as i64;
        let second = rng.below(86_400) as i64;
        q.days.push(day);
        q.n.push(n);
        q.starts.push(i64::from(day) * 86_400 + second - 8 * 3_600);
    }
    q
}
