//! Finding a node by its id: a hashed table of `u32` node indices.
//!
//! The principal type here is an [`IdIndex`]. Each id is stored once, in its node; the table
//! holds only indices and compares a looked-up id with the node's own text, so a million-node
//! estate does not keep a second copy of every id (a `BTreeMap<String, _>` did, and spent
//! `n log n` string comparisons building it). The hash is `foldhash` with a fixed seed, so
//! lookups cost the same on every run; nothing iterates the table, so no order reaches output.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;

/// The hash of an id.
pub fn id_hash(id: &str) -> u64 {
    FixedState::with_seed(0x6472_696c_6c68_616c).hash_one(id)
}

/// A hashed table of indices into some list of ids (the caller's nodes).
#[derive(Clone, Debug, Default)]
pub struct IdIndex {
    table: HashTable<u32>,
}

impl IdIndex {
    /// An empty index with room for `n` ids.
    pub fn with_capacity(n: usize) -> IdIndex {
        IdIndex {
            table: HashTable::with_capacity(n),
        }
    }

    /// Number of ids indexed.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether no id is indexed.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The index of `id`, where `name(i)` is the id at index `i`.
    pub fn find<'n>(&self, id: &str, name: impl Fn(u32) -> &'n str) -> Option<u32> {
        self.table.find(id_hash(id), |&i| name(i) == id).copied()
    }

    /// Indexes `id` at `index`, unless it is indexed already: then returns the index it has.
    pub fn insert<'n>(
        &mut self,
        id: &str,
        index: u32,
        name: impl Fn(u32) -> &'n str,
    ) -> Result<(), u32> {
        let hash = id_hash(id);
        if let Some(&i) = self.table.find(hash, |&i| name(i) == id) {
            return Err(i);
        }
        self.table.insert_unique(hash, index, |&i| id_hash(name(i)));
        Ok(())
    }
}
