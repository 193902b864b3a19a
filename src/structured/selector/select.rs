//! Walking a tree along a parsed path: each step maps the nodes found so far to the nodes it
//! reaches, in order, so the result is in document order. A step that meets a missing key, an
//! index past the end, or a node of the wrong kind reaches nothing from it.

use super::super::node::{Node, Value};
use super::syntax::Step;

/// The nodes `steps` reach from `root`; with `keys`, the key nodes of the maps among them.
pub fn select<'n>(root: &'n Node, steps: &[Step], keys: bool) -> Vec<&'n Node> {
    let mut found = vec![root];
    for step in steps {
        let mut next = Vec::new();
        for node in found {
            reach(node, step, &mut next);
        }
        found = next;
    }
    if keys {
        found = found
            .into_iter()
            .flat_map(|node| match &node.value {
                Value::Map(entries) => entries.iter().map(|(k, _)| k).collect(),
                _ => Vec::new(),
            })
            .collect();
    }
    found
}

/// What one step reaches from `node`, appended to `out`.
fn reach<'n>(node: &'n Node, step: &Step, out: &mut Vec<&'n Node>) {
    match (step, &node.value) {
        (Step::Key(name), Value::Map(entries)) => out.extend(
            entries
                .iter()
                .filter(|(k, _)| k.scalar_text().is_some_and(|t| t == *name))
                .map(|(_, v)| v),
        ),
        (Step::Any, Value::Map(entries)) => out.extend(entries.iter().map(|(_, v)| v)),
        (Step::Any | Step::Each, Value::List(items)) => out.extend(items),
        (Step::Index(i), Value::List(items)) => out.extend(items.get(*i)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Node {
        Node::new(Value::Str(text.into()), 0..0)
    }

    fn tree() -> Node {
        let list = Node::new(Value::List(vec![s("x"), s("y")]), 0..0);
        let inner = Node::new(Value::Map(vec![(s("k"), s("v"))]), 0..0);
        Node::new(
            Value::Map(vec![
                (s("list"), list),
                (s("map"), inner),
                (Node::new(Value::Int(7), 0..0), s("seven")),
            ]),
            0..0,
        )
    }

    fn texts(found: Vec<&Node>) -> Vec<String> {
        found
            .iter()
            .map(|n| n.scalar_text().map(|t| t.into_owned()).unwrap_or_default())
            .collect()
    }

    #[test]
    fn a_key_step_takes_the_value_and_a_number_key_matches_its_text() {
        let root = tree();
        let found = select(
            &root,
            &[Step::Key("map".into()), Step::Key("k".into())],
            false,
        );
        assert_eq!(texts(found), ["v"]);
        assert_eq!(
            texts(select(&root, &[Step::Key("7".into())], false)),
            ["seven"]
        );
    }

    #[test]
    fn star_takes_every_value_of_a_map_or_item_of_a_list() {
        let root = tree();
        assert_eq!(select(&root, &[Step::Any], false).len(), 3);
        let found = select(&root, &[Step::Key("list".into()), Step::Any], false);
        assert_eq!(texts(found), ["x", "y"]);
    }

    #[test]
    fn each_and_index_take_list_items_only() {
        let root = tree();
        let list = Step::Key("list".into());
        assert_eq!(
            texts(select(&root, &[list.clone(), Step::Each], false)),
            ["x", "y"]
        );
        assert_eq!(
            texts(select(&root, &[list.clone(), Step::Index(1)], false)),
            ["y"]
        );
        assert!(select(&root, &[list, Step::Index(2)], false).is_empty());
        assert!(
            select(&root, &[Step::Each], false).is_empty(),
            "a map has no items"
        );
    }

    #[test]
    fn missing_keys_and_wrong_kinds_reach_nothing() {
        let root = tree();
        assert!(select(&root, &[Step::Key("nope".into())], false).is_empty());
        let through_scalar = [Step::Key("map".into()), Step::Key("k".into()), Step::Any];
        assert!(select(&root, &through_scalar, false).is_empty());
        assert!(
            select(
                &root,
                &[Step::Key("list".into()), Step::Key("x".into())],
                false
            )
            .is_empty()
        );
    }

    #[test]
    fn keys_takes_the_key_nodes_of_maps_only() {
        let root = tree();
        assert_eq!(
            texts(select(&root, &[Step::Key("map".into())], true)),
            ["k"]
        );
        assert!(select(&root, &[Step::Key("list".into())], true).is_empty());
    }
}
