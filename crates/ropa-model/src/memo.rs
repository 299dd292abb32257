//! Memos of answers that are costly to work out and asked again and again (a label's
//! reading, a word's near words), bounded so that a batch of many files cannot grow one
//! without end.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// How many answers a memo keeps: labels repeat within a source and across a client's
/// files, but a batch of 10,000 files must not keep every distinct label it met.
pub const MEMO_CAP: usize = 4096;

/// Remembers an answer; a memo that is full starts afresh (the answers are recomputed
/// alike, so only time is at stake, never the result).
pub fn remember<V>(memo: &mut HashMap<String, V>, key: &str, value: V) {
    if memo.len() >= MEMO_CAP {
        memo.clear();
    }
    memo.insert(key.to_string(), value);
}

/// A bounded memo that the threads of a run share: an answer worked out on both cores
/// at once is worked out twice, never wrongly (see [`remember`]).
pub struct Memo<V>(Mutex<HashMap<String, V>>);

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo(Mutex::new(HashMap::new()))
    }
}

impl<V: Clone> Memo<V> {
    /// The answer remembered for `key`, if any.
    pub fn get(&self, key: &str) -> Option<V> {
        self.lock().get(key).cloned()
    }

    /// Remembers the answer for `key`.
    pub fn remember(&self, key: &str, value: V) {
        remember(&mut self.lock(), key, value);
    }

    /// The map, even after a thread panicked holding it: a memo holds only answers that
    /// are recomputed alike, so none can be half-written.
    fn lock(&self) -> MutexGuard<'_, HashMap<String, V>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_never_holds_more_than_its_cap() {
        let mut memo = HashMap::new();
        for i in 0..(MEMO_CAP * 3 + 7) {
            remember(&mut memo, &format!("libellé {i}"), i);
            assert!(memo.len() <= MEMO_CAP);
        }
        assert_eq!(
            memo.get(&format!("libellé {}", MEMO_CAP * 3 + 6)),
            Some(&(MEMO_CAP * 3 + 6))
        );
    }
}
