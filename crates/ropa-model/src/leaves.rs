//! The string leaves of a serialisable value, in the order its JSON holds them, without
//! building the JSON: [`crate::Value::texts`] asks this of every structured value
//! several times per activity, and going through `serde_json::Value` (a map and a string
//! per leaf, then a copy of each) was a twentieth of checking a large register.
//!
//! What counts as a leaf is what `serde_json::to_value` would make a string: `str` and
//! `char` values and unit variants' names; a map's keys are not leaves, nor are numbers,
//! booleans and `None`. With `serde_json`'s `preserve_order`, a struct's fields come in
//! declaration order, as here.

use serde::ser::{self, Serialize};

/// The string leaves of `value`, depth first.
pub fn string_leaves<T: Serialize + ?Sized>(value: &T) -> Vec<String> {
    let mut leaves = Leaves(Vec::new());
    // collecting cannot fail: every method below succeeds
    let _ = value.serialize(&mut leaves);
    leaves.0
}

/// The leaves gathered so far.
struct Leaves(Vec<String>);

/// Collecting leaves never fails; serde asks for an error type all the same.
#[derive(Debug)]
struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no error")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Never
    }
}

macro_rules! nothing {
    ($($name:ident: $ty:ty),* $(,)?) => {
        $(fn $name(self, _: $ty) -> Result<(), Never> { Ok(()) })*
    };
}

/// The start of a compound (a list, a struct, a map…): the same collector gathers its
/// parts.
macro_rules! compounds {
    ($($name:ident($($ty:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $ty),*) -> Result<Self, Never> { Ok(self) })*
    };
}

impl ser::Serializer for &mut Leaves {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    nothing!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_f32: f32,
        serialize_f64: f64,
        serialize_bytes: &[u8],
    );

    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.0.push(v.to_string());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.0.push(v.to_string());
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Never> {
        self.0.push(variant.to_string());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    compounds!(
        serialize_seq(Option<usize>),
        serialize_tuple(usize),
        serialize_tuple_struct(&'static str, usize),
        serialize_tuple_variant(&'static str, u32, &'static str, usize),
        serialize_map(Option<usize>),
        serialize_struct(&'static str, usize),
        serialize_struct_variant(&'static str, u32, &'static str, usize),
    );
}

/// A compound's parts, each serialised into the leaves: `$method` is what serde calls for
/// a part of that compound, with the part's name first where it has one (a struct's
/// field names are no leaves).
macro_rules! parts {
    ($($trait:ident: $method:ident $(($name:ty))?),* $(,)?) => {
        $(impl ser::$trait for &mut Leaves {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(
                &mut self,
                $(_: $name,)?
                value: &T,
            ) -> Result<(), Never> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                Ok(())
            }
        })*
    };
}

parts!(
    SerializeSeq: serialize_element,
    SerializeTuple: serialize_element,
    SerializeTupleStruct: serialize_field,
    SerializeTupleVariant: serialize_field,
    SerializeStruct: serialize_field(&'static str),
    SerializeStructVariant: serialize_field(&'static str),
);

impl ser::SerializeMap for &mut Leaves {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Never> {
        // a key is no leaf
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Kind, Value};
    use serde_json::json;

    /// The route this module replaces: the value made JSON, then its strings.
    fn by_json(v: &Value) -> Vec<String> {
        let mut out = Vec::new();
        crate::collect_strings(&serde_json::to_value(v).unwrap_or_default(), &mut out);
        out
    }

    /// Every kind of value, each field filled: the leaves are those of its JSON, in
    /// the same order.
    #[test]
    fn the_leaves_are_the_strings_of_the_json_in_its_order() {
        let values = [
            (Kind::Text, json!("Paie des salariés")),
            (Kind::List, json!(["Salariés", "Stagiaires"])),
            (
                Kind::Date,
                json!({"text": "12/03/2024", "date": "2024-03-12"}),
            ),
            (
                Kind::Basis,
                json!({"text": "Contrat", "basis": "contract", "article": "6(1)(b)",
                       "also": ["legal_obligation"]}),
            ),
            (
                Kind::Answer,
                json!({"text": "Oui : santé", "answer": "yes", "details": ["santé"]}),
            ),
            (
                Kind::DataCategories,
                json!([{"category": "Identité", "details": ["nom", "prénom"],
                        "source": "salarié", "cnil": ["identification", "national_id"]}]),
            ),
            (
                Kind::Recipients,
                json!([{"name": "OVH", "kind": "processor", "role": "hébergeur",
                        "data": "sauvegardes", "entity": "OVH SAS"}]),
            ),
            (
                Kind::Processors,
                json!([{"name": "OVH", "role": "hébergeur", "details": "DPA signé",
                        "entity": "OVH SAS"}]),
            ),
            (
                Kind::Retention,
                json!([{"text": "5 ans après le départ", "duration": "P5Y",
                        "trigger": "après le départ", "open_ended": false,
                        "data": "dossiers"}]),
            ),
            (
                Kind::Security,
                json!([{"category": "encryption", "heading": "Chiffrement",
                        "text": "TLS 1.3"}]),
            ),
            (
                Kind::Risks,
                json!([{"risk": "Fuite", "impacts": "Atteinte", "sources": "Tiers",
                        "threats": "Vol", "measures": "Chiffrement", "severity": "Grave",
                        "likelihood": "Faible"}]),
            ),
            (
                Kind::UpdateLog,
                json!([{"text": "Revu en mars", "date": "2024-03-01"}]),
            ),
        ];
        for (kind, json) in values {
            let v = Value::from_json(kind, json.clone());
            let v = v.unwrap_or_else(|e| panic!("{kind:?} {json}: {e}"));
            let leaves = v.texts();
            assert_eq!(leaves, by_json(&v), "{kind:?}");
            assert!(
                leaves.len() > 1 || kind == Kind::Text,
                "{kind:?}: {leaves:?}"
            );
        }
    }
}
