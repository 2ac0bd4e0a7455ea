//! `named_fields!`: a struct of numbers that are also reached by name. The
//! ranker's [`Features`](super::features::Features), the
//! [`Weights`](super::weights::Weights) and their
//! [`Limits`](super::weights::Limits) are written once, as the struct's
//! fields; the macro makes the one list of their names (`NAMES`, what
//! `eval --features` writes and `KBMATCH_WEIGHTS` reads) and of the fields
//! in the same order, so the two can never drift apart. A leaf: it names
//! no other module.

/// Declares `pub struct $name` with one `pub $field: $ty` per listed field
/// (each with its doc lines and attributes), then, after `and`, other
/// fields that have no name in the list. Generates, in declaration order:
/// `COUNT`, `NAMES` (the fields' names) and `fields_mut` (the fields).
macro_rules! named_fields {
    (
        $(#[$meta:meta])*
        pub struct $name:ident of $ty:ty {
            $( $(#[$field_meta:meta])* $field:ident, )*
        }
        $( and { $( $(#[$other_meta:meta])* $other:ident: $other_ty:ty, )* } )?
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty, )*
            $( $( $(#[$other_meta])* pub $other: $other_ty, )* )?
        }

        impl $name {
            /// How many named fields there are.
            pub const COUNT: usize = [$(stringify!($field)),*].len();

            /// The named fields' names, in declaration order: the one list of them.
            pub const NAMES: [&'static str; Self::COUNT] = [$(stringify!($field)),*];

            /// The named fields, in the order of `NAMES`.
            #[allow(dead_code)]
            fn fields_mut(&mut self) -> [&mut $ty; Self::COUNT] {
                [$(&mut self.$field),*]
            }

            /// The named field called `name`, if there is one.
            #[allow(dead_code)]
            fn named_mut(&mut self, name: &str) -> Option<&mut $ty> {
                let at = Self::NAMES.iter().position(|n| *n == name)?;
                self.fields_mut().into_iter().nth(at)
            }
        }
    };
}

pub(crate) use named_fields;

#[cfg(test)]
mod tests {
    named_fields! {
        /// Two named numbers and one other field.
        #[derive(Debug, Default, PartialEq)]
        pub struct Pair of f32 {
            /// The first.
            left,
            /// The second.
            right,
        }
        and {
            /// Not named.
            label: &'static str,
        }
    }

    #[test]
    fn names_and_fields_follow_the_declaration() {
        assert_eq!(Pair::NAMES, ["left", "right"]);
        let mut pair = Pair { left: 1.0, right: 2.0, label: "x" };
        *pair.named_mut("right").unwrap() = 5.0;
        assert_eq!(pair.fields_mut().map(|v| *v), [1.0, 5.0]);
        assert!(pair.named_mut("label").is_none());
    }
}
