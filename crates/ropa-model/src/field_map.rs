//! A map from fields to values kept as one sorted vector: an activity has some twenty-five
//! fields, and a `BTreeMap` of them took half-empty nodes of eleven slots each — 3.7 KB
//! of an activity's 11 KB, for a register of 100,000 activities 370 MB of nothing.

use super::fields::Field;

/// Fields and their values in field order (the order of [`Field`], CNIL order), each
/// field once. The subset of `BTreeMap`'s interface the stages use, with the same order.
#[derive(Clone, PartialEq)]
pub struct FieldMap<V> {
    entries: Vec<(Field, V)>,
}

impl<V> Default for FieldMap<V> {
    fn default() -> Self {
        FieldMap {
            entries: Vec::new(),
        }
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for FieldMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

impl<V> FieldMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, field: Field) -> Result<usize, usize> {
        self.entries.binary_search_by(|(f, _)| f.cmp(&field))
    }

    /// The value of a field.
    pub fn get(&self, field: &Field) -> Option<&V> {
        self.find(*field).ok().map(|i| &self.entries[i].1)
    }

    /// The value of a field, to change it.
    pub fn get_mut(&mut self, field: &Field) -> Option<&mut V> {
        match self.find(*field) {
            Ok(i) => Some(&mut self.entries[i].1),
            Err(_) => None,
        }
    }

    /// The value of a field, made empty first when it has none.
    pub fn get_or_default(&mut self, field: Field) -> &mut V
    where
        V: Default,
    {
        let i = match self.find(field) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (field, V::default()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// Sets a field's value; returns the value it had.
    pub fn insert(&mut self, field: Field, value: V) -> Option<V> {
        match self.find(field) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (field, value));
                None
            }
        }
    }

    /// Takes a field's value out.
    pub fn remove(&mut self, field: &Field) -> Option<V> {
        self.find(*field).ok().map(|i| self.entries.remove(i).1)
    }

    /// Whether the field has a value.
    pub fn contains_key(&self, field: &Field) -> bool {
        self.find(*field).is_ok()
    }

    /// How many fields have a value.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no field has a value.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Fields and values, in field order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Field, &V)> + Clone {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Fields and values, in field order, the values to change.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&Field, &mut V)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The fields with a value, in order.
    pub fn keys(&self) -> impl Iterator<Item = &Field> + Clone {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values, in field order.
    pub fn values(&self) -> impl Iterator<Item = &V> + Clone {
        self.entries.iter().map(|(_, v)| v)
    }

    /// Keeps the fields for which `keep` says so.
    pub fn retain(&mut self, mut keep: impl FnMut(&Field, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// Gives back the memory a map built field by field left over.
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }
}

impl<V> Extend<(Field, V)> for FieldMap<V> {
    fn extend<I: IntoIterator<Item = (Field, V)>>(&mut self, items: I) {
        for (k, v) in items {
            self.insert(k, v);
        }
    }
}

impl<V> FromIterator<(Field, V)> for FieldMap<V> {
    fn from_iter<I: IntoIterator<Item = (Field, V)>>(items: I) -> Self {
        let mut m = FieldMap::new();
        m.extend(items);
        m
    }
}

impl<'a, V> IntoIterator for &'a FieldMap<V> {
    type Item = (&'a Field, &'a V);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (Field, V)>, fn(&'a (Field, V)) -> Self::Item>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<V> IntoIterator for FieldMap<V> {
    type Item = (Field, V);
    type IntoIter = std::vec::IntoIter<(Field, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_field_order_and_one_value_per_field_like_a_btreemap() {
        let mut m = FieldMap::new();
        let mut b = std::collections::BTreeMap::new();
        for (i, f) in [Field::Retention, Field::Name, Field::Purpose, Field::Name]
            .into_iter()
            .enumerate()
        {
            assert_eq!(m.insert(f, i), b.insert(f, i));
        }
        assert!(m.iter().eq(b.iter()));
        assert_eq!(m.len(), 3);
        assert_eq!(m.get(&Field::Name), Some(&3));
        assert_eq!(m.remove(&Field::Purpose), Some(2));
        assert!(!m.contains_key(&Field::Purpose) && m.get(&Field::Purpose).is_none());
        b.remove(&Field::Purpose);
        *m.get_or_default(Field::Recipients) += 7;
        *b.entry(Field::Recipients).or_default() += 7;
        assert_eq!(m.get(&Field::Recipients), Some(&7));
        m.retain(|f, _| *f != Field::Name);
        b.retain(|f, _| *f != Field::Name);
        assert!(m.keys().eq(b.keys()) && m.values().eq(b.values()));
        assert_eq!(m.len(), 2);
    }
}
